"use client";

import { useActionState } from "react";
import type { WelcomeState } from "./actions";
import { buttonStyles } from "@/app/_components/styles";

/** Name (optional) and a password typed twice: the form of an invitation and of a one-time sign-in link. */
export function WelcomeForm({
  action,
  token,
  email,
  defaultName,
  askName,
  button,
}: {
  action: (prev: WelcomeState, form: FormData) => Promise<WelcomeState>;
  token: string;
  email: string;
  defaultName: string;
  askName: boolean;
  button: string;
}) {
  const [state, formAction, pending] = useActionState<WelcomeState, FormData>(action, {});
  const input = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600";
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <div>
        <label htmlFor="welcome-email" className="block text-sm font-medium text-slate-800">
          Email
        </label>
        <input id="welcome-email" type="email" autoComplete="username" readOnly value={email} className={`${input} bg-slate-50`} />
      </div>
      {askName ? (
        <div>
          <label htmlFor="welcome-name" className="block text-sm font-medium text-slate-800">
            Your name
          </label>
          <input
            id="welcome-name"
            name="name"
            autoComplete="name"
            required
            maxLength={100}
            defaultValue={state.name ?? defaultName}
            className={input}
          />
        </div>
      ) : null}
      <div>
        <label htmlFor="welcome-password" className="block text-sm font-medium text-slate-800">
          Choose a password <span className="font-normal text-slate-600">(at least 8 characters)</span>
        </label>
        <input
          id="welcome-password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={128}
          className={input}
        />
      </div>
      <div>
        <label htmlFor="welcome-confirm" className="block text-sm font-medium text-slate-800">
          The same password again
        </label>
        <input id="welcome-confirm" name="confirm" type="password" autoComplete="new-password" required maxLength={128} className={input} />
      </div>
      <p id="welcome-error" role="alert" className="min-h-5 text-sm text-rose-800">
        {state.error ?? ""}
      </p>
      <button type="submit" disabled={pending} className={`${buttonStyles.primary} w-full`}>
        {pending ? "One moment…" : button}
      </button>
    </form>
  );
}
