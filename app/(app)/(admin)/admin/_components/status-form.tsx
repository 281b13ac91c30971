"use client";

import { useActionState, type ReactNode } from "react";
import type { FormState } from "../actions";
import { buttonStyles } from "@/app/_components/styles";

/**
 * One button (with optional fields) that runs a server action and says what happened beside it:
 * a status when it worked, an alert when it was refused. With `question`, the browser asks first.
 */
export function StatusForm({
  action,
  hidden,
  label,
  pendingLabel,
  question,
  tone = "secondary",
  children,
  className = "",
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  hidden: Record<string, string>;
  label: ReactNode;
  pendingLabel?: string;
  question?: string;
  tone?: "primary" | "secondary" | "danger";
  children?: ReactNode;
  className?: string;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  const style = buttonStyles[tone];
  return (
    <form action={formAction} className={`text-sm ${className}`}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="flex flex-wrap items-end gap-3">
        {children}
        <button
          type="submit"
          disabled={pending}
          className={style}
          onClick={(event) => {
            if (question && !window.confirm(question)) event.preventDefault();
          }}
        >
          {pending ? (pendingLabel ?? "Saving…") : label}
        </button>
      </div>
      {state.error ? (
        <p role="alert" className="mt-2 text-rose-800">
          {state.error}
        </p>
      ) : state.saved ? (
        <p role="status" className="mt-2 text-emerald-800">
          {state.saved}
        </p>
      ) : null}
    </form>
  );
}
