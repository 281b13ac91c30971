"use client";

import { useActionState, useEffect, useState } from "react";
import { MessageSquarePlus } from "lucide-react";
import { buttonStyles } from "@/app/_components/styles";
import { saveTurnComment, type CommentFormState } from "./comment-actions";

const MAX = 2000;

/** "Comment on turn n": a closed summary until the manager opens it, so twelve turns stay short. */
export function TurnCommentForm({ runId, turnIndex }: { runId: string; turnIndex: number }) {
  const [state, action, pending] = useActionState<CommentFormState, FormData>(saveTurnComment, {});
  const [text, setText] = useState("");
  const n = turnIndex + 1;
  const id = `turn-${n}-comment`;
  // A saved comment shows on the turn above: the box empties for the next one.
  useEffect(() => {
    if (state.count) setText("");
  }, [state.count]);
  return (
    <details className="w-full text-sm">
      <summary className="inline-flex cursor-pointer items-center gap-1.5 font-medium text-brand-700 hover:text-brand-800">
        <MessageSquarePlus aria-hidden="true" className="h-4 w-4" />
        Comment on turn {n}
      </summary>
      <form action={action} className="mt-2">
        <input type="hidden" name="runId" value={runId} />
        <input type="hidden" name="turnIndex" value={turnIndex} />
        <label htmlFor={id} className="block font-medium text-slate-800">
          Comment for the trainee on turn {n}
        </label>
        <textarea
          id={id}
          name="body"
          rows={3}
          maxLength={MAX}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={`${id}-status ${id}-error`}
          aria-invalid={state.error ? true : undefined}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600"
        />
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <button type="submit" disabled={pending} className={`${buttonStyles.primary} px-3 py-1.5 text-sm`}>
            {pending ? "Saving…" : `Save comment on turn ${n}`}
          </button>
          <p id={`${id}-status`} role="status" className="text-emerald-800">
            {state.error ? "" : (state.saved ?? "")}
          </p>
          <p id={`${id}-error`} role="alert" className="text-rose-800">
            {state.error ?? ""}
          </p>
        </div>
      </form>
    </details>
  );
}
