import { LocalDate } from "./local-date";

/**
 * A manager's coaching note as the trainee reads it. The text is shown as text, line breaks kept;
 * a long unbroken word (a pasted link) wraps instead of widening the page.
 */
export function CoachingNoteView({ body, author, updatedAt }: { body: string; author: string; updatedAt: Date }) {
  return (
    <section aria-labelledby="coaching-note-heading" className="mt-6 rounded-lg border border-brand-100 bg-brand-50 p-5">
      <h2 id="coaching-note-heading" className="font-semibold text-slate-900">
        Coaching note from {author}
      </h2>
      <p className="mt-2 whitespace-pre-line wrap-anywhere text-slate-900">{body}</p>
      <p className="mt-2 text-sm text-slate-700">
        <LocalDate date={updatedAt} format="dateTime" />
      </p>
    </section>
  );
}
