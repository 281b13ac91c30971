import type { ReactNode } from "react";

/** The small set of shared building blocks every page uses. */

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mb-8">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
      {children ? <div className="mt-2 max-w-3xl text-slate-700">{children}</div> : null}
    </div>
  );
}

export function Card({
  children,
  as: Tag = "div",
  labelledBy,
}: {
  children: ReactNode;
  as?: "div" | "article" | "li";
  labelledBy?: string;
}) {
  return (
    <Tag aria-labelledby={labelledBy} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      {children}
    </Tag>
  );
}

const DIFFICULTY_STYLES = {
  easy: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  medium: "bg-amber-50 text-amber-900 ring-amber-200",
  hard: "bg-rose-50 text-rose-800 ring-rose-200",
} as const;

export function DifficultyBadge({ difficulty }: { difficulty: keyof typeof DIFFICULTY_STYLES }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${DIFFICULTY_STYLES[difficulty]}`}
    >
      <span className="sr-only">Difficulty: </span>
      {difficulty}
    </span>
  );
}

export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
      <h2 className="font-medium text-slate-900">{title}</h2>
      <div className="mt-2 text-sm text-slate-700">{children}</div>
    </div>
  );
}

/**
 * The one button look, shared by <button> and <Link> (D73): primary for the page's main action,
 * secondary for the rest, danger for what deletes or ends something. Each is at least 40 px tall,
 * so it is easy to hit on a phone.
 */
export const buttonStyles = {
  primary:
    "inline-flex min-h-10 items-center justify-center gap-2 rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 disabled:cursor-not-allowed disabled:bg-slate-400",
  secondary:
    "inline-flex min-h-10 items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-100 disabled:cursor-not-allowed disabled:text-slate-500",
  danger:
    "inline-flex min-h-10 items-center justify-center gap-2 rounded-md border border-rose-300 bg-white px-4 py-2 font-medium text-rose-800 hover:bg-rose-50 disabled:cursor-not-allowed disabled:text-slate-500",
} as const;

/** The one link look: brand colour, underlined, so a link looks like a link wherever it sits. */
export const linkStyle = "font-medium text-brand-700 underline decoration-brand-300 underline-offset-2 hover:decoration-brand-700";

/** A titled section of a page: an h2 and its content, labelled by the heading. */
export function Section({
  id,
  title,
  children,
  description,
  className = "mt-10",
}: {
  id: string;
  title: string;
  children: ReactNode;
  description?: ReactNode;
  className?: string;
}) {
  return (
    <section aria-labelledby={id} className={className}>
      <h2 id={id} className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {description ? <div className="mt-1 text-sm text-slate-700">{description}</div> : null}
      <div className="mt-4">{children}</div>
    </section>
  );
}
