"use client";

import { useActionState } from "react";
import { requestPasswordReset, type ForgotPasswordState } from "./actions";
import { buttonStyles } from "@/app/_components/styles";

export function ForgotPasswordForm() {
  const [state, action, pending] = useActionState<ForgotPasswordState, FormData>(requestPasswordReset, {});
  if (state.sent) {
    return (
      <div role="status" className="space-y-3 text-slate-800">
        <p className="font-medium">Check your email.</p>
        <p>
          If an account uses <span className="font-mono">{state.email}</span>, we have sent it a link to choose a new password. The link
          works once, for an hour. Nothing there? Check your spam folder, or ask your admin.
        </p>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4" noValidate>
      <div>
        <label htmlFor="email" className="block text-sm font-medium text-slate-800">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.email}
          aria-describedby={state.error ? "forgot-error" : undefined}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600"
        />
      </div>
      <p id="forgot-error" role="alert" className="min-h-5 text-sm text-rose-800">
        {state.error ?? ""}
      </p>
      <button type="submit" disabled={pending} className={`${buttonStyles.primary} w-full`}>
        {pending ? "Sending…" : "Email me a reset link"}
      </button>
    </form>
  );
}
