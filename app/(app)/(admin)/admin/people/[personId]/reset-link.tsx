"use client";

import { useActionState } from "react";
import { makeResetLink, type ResetLinkState } from "../../actions";
import { CopyLink } from "../../_components/copy-link";
import { buttonStyles } from "@/app/_components/styles";

/** "Make a reset link": a single-use link to a new password, for the administrator to copy to the person. */
export function ResetLink({ personId, name }: { personId: string; name: string }) {
  const [state, action, pending] = useActionState<ResetLinkState, FormData>(makeResetLink, {});
  return (
    <div className="text-sm">
      <form action={action}>
        <input type="hidden" name="personId" value={personId} />
        <button type="submit" disabled={pending} className={buttonStyles.small}>
          {pending ? "Making a link…" : "Make a password reset link"}
        </button>
      </form>
      {state.link ? (
        <div role="status" className="mt-2 max-w-md">
          <p className="mb-1 text-emerald-900">Send this to {name}: it works once, within an hour, and signs out their other devices.</p>
          <CopyLink link={state.link} label={`Password reset link for ${name}`} />
        </div>
      ) : state.error ? (
        <p role="alert" className="mt-1 text-rose-800">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}
