"use client";

import { useActionState } from "react";
import { ROLE_LABEL, ROLES } from "@/lib/auth/roles";
import { buttonStyles } from "@/app/_components/styles";
import { invitePerson, type InviteState } from "../actions";
import { CopyLink } from "../_components/copy-link";

export function InviteForm({ teams, days }: { teams: { id: string; name: string }[]; days: number }) {
  const [state, action, pending] = useActionState<InviteState, FormData>(invitePerson, {});
  const v = state.values;
  return (
    <div className="space-y-4">
      {state.link ? (
        <div role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm text-emerald-950">
          <p className="mb-2 font-medium">
            {state.emailed
              ? `Invitation emailed to ${state.email}. The link is also here to copy: it is shown only now, works once, and expires in ${days} days.`
              : `Invitation for ${state.email} ready. Copy the link and send it to them: it is shown only now, works once, and expires in ${days} days.`}
          </p>
          <CopyLink link={state.link} label={`Invitation link for ${state.email}`} />
        </div>
      ) : null}
      <form action={action} className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm" aria-describedby="invite-error">
        <div className="flex flex-wrap gap-4">
          <div>
            <label htmlFor="invite-email" className="block text-sm font-medium text-slate-900">
              Email
            </label>
            <input
              id="invite-email"
              name="email"
              type="email"
              required
              maxLength={254}
              defaultValue={v?.email}
              key={state.link ?? v?.email}
              className="mt-1 w-72 rounded-md border border-slate-300 px-3 py-1.5"
            />
          </div>
          <div>
            <label htmlFor="invite-name" className="block text-sm font-medium text-slate-900">
              Name <span className="font-normal text-slate-600">(they can change it)</span>
            </label>
            <input
              id="invite-name"
              name="name"
              maxLength={100}
              defaultValue={v?.name}
              key={state.link ?? v?.name}
              className="mt-1 w-64 rounded-md border border-slate-300 px-3 py-1.5"
            />
          </div>
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-900">Roles</legend>
          <div className="mt-1 flex flex-wrap gap-5">
            {ROLES.map((r) => (
              <label key={r} className="flex items-center gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  name="roles"
                  value={r}
                  defaultChecked={v ? v.roles.includes(r) : r === "trainee"}
                  className="h-4 w-4"
                />
                {ROLE_LABEL[r]}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex flex-wrap gap-6">
          <div>
            <label htmlFor="invite-team" className="block text-sm font-medium text-slate-900">
              Team
            </label>
            <select
              id="invite-team"
              name="teamId"
              defaultValue={v?.teamId ?? ""}
              className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
            >
              <option value="">No team</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          {teams.length ? (
            <fieldset>
              <legend className="text-sm font-medium text-slate-900">Manages (managers only)</legend>
              <div className="mt-1 flex max-w-xl flex-wrap gap-x-5 gap-y-1">
                {teams.map((t) => (
                  <label key={t.id} className="flex items-center gap-2 text-sm text-slate-800">
                    <input type="checkbox" name="manages" value={t.id} defaultChecked={v?.manages.includes(t.id)} className="h-4 w-4" />
                    {t.name}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
        </div>
        <p id="invite-error" role="alert" className="min-h-5 text-sm text-rose-800">
          {state.error ?? ""}
        </p>
        <button type="submit" disabled={pending} className={buttonStyles.primary}>
          {pending ? "Inviting…" : "Create the invitation link"}
        </button>
      </form>
    </div>
  );
}
