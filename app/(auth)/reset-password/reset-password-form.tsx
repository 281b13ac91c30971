"use client";

import Link from "@/app/_components/link";
import { useActionState } from "react";
import { resetPassword, type ResetPasswordState } from "./actions";
import { buttonStyles, linkStyle } from "@/app/_components/styles";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<ResetPasswordState, FormData>(resetPassword, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-slate-800">
          New password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          aria-describedby="password-hint reset-error"
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600"
        />
        <p id="password-hint" className="mt-1 text-sm text-slate-600">
          At least 8 characters.
        </p>
      </div>
      <div>
        <label htmlFor="confirm" className="block text-sm font-medium text-slate-800">
          New password again
        </label>
        <input
          id="confirm"
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          aria-describedby="reset-error"
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600"
        />
      </div>
      <p id="reset-error" role="alert" className="min-h-5 text-sm text-rose-800">
        {state.error ?? ""}
        {state.badLink ? (
          <>
            {" "}
            <Link href="/forgot-password" className={linkStyle}>
              Ask for a new link
            </Link>
          </>
        ) : null}
      </p>
      <button type="submit" disabled={pending} className={`${buttonStyles.primary} w-full`}>
        {pending ? "Saving…" : "Set the new password"}
      </button>
    </form>
  );
}
