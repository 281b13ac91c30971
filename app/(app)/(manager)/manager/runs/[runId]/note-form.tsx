"use client";

import { useActionState, useState } from "react";
import { saveNote, type FormState } from "@/app/(app)/(manager)/manager/actions";
import { buttonStyles } from "@/app/_components/styles";

const MAX = 4000;

export function NoteForm({ runId, initial }: { runId: string; initial: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveNote, {});
  const [text, setText] = useState(initial);
  return (
    <form action={action} className="mt-3">
      <input type="hidden" name="runId" value={runId} />
      <label htmlFor="note-body" className="block text-sm font-medium text-slate-800">
        Note for the trainee
      </label>
      <textarea
        id="note-body"
        name="body"
        rows={4}
        maxLength={MAX}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby="note-help note-status note-error"
        aria-invalid={state.error ? true : undefined}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600"
      />
      <p id="note-help" className="mt-1 text-sm text-slate-700">
        What went well, one thing to change next time. {text.length} / {MAX} characters; save an empty note to remove it.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={buttonStyles.primary}>
          {pending ? "Saving…" : "Save note"}
        </button>
        <p id="note-status" role="status" className="text-sm text-emerald-800">
          {state.error ? "" : (state.saved ?? "")}
        </p>
        <p id="note-error" role="alert" className="text-sm text-rose-800">
          {state.error ?? ""}
        </p>
      </div>
    </form>
  );
}
