"use client";

import { useActionState } from "react";
import { renewInvitationLink, type RenewState } from "../actions";
import { CopyLink } from "../_components/copy-link";
import { linkStyle } from "@/app/_components/styles";

/** "New link": links are stored only as hashes, so this is how an administrator gets one again. */
export function RenewLink({ invitationId, email }: { invitationId: string; email: string }) {
  const [state, action, pending] = useActionState<RenewState, FormData>(renewInvitationLink, {});
  return (
    <div className="text-sm">
      <form action={action}>
        <input type="hidden" name="invitationId" value={invitationId} />
        <button
          type="submit"
          disabled={pending || Boolean(state.link)}
          className={`${linkStyle} disabled:text-slate-500 disabled:no-underline`}
        >
          {pending ? "Making a new link…" : "New link"}
          <span className="sr-only"> for {email}</span>
        </button>
      </form>
      {state.link ? (
        <div role="status" className="mt-2 max-w-md">
          <p className="mb-1 text-emerald-900">
            {state.emailed ? "New link, emailed to them (the old one no longer works):" : "New link (the old one no longer works):"}
          </p>
          <CopyLink link={state.link} label={`New invitation link for ${email}`} />
        </div>
      ) : state.error ? (
        <p role="alert" className="mt-1 text-rose-800">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}
