"use client";

import { useActionState } from "react";
import { roleList } from "@/lib/auth/roles";
import { buttonStyles } from "@/app/_components/styles";
import { previewRoster, runRosterImport, type RosterState } from "../actions";
import { CopyLink } from "../_components/copy-link";
import type { RosterAction } from "@/lib/data/roster/roster-import.server";

function describe(a: RosterAction): string {
  if (a.kind === "invite")
    return `Invite as ${roleList(a.roles)}${a.team ? `, team ${a.team}` : ""}${a.replacesInvitation ? " (replaces their open invitation)" : ""}`;
  if (a.kind === "unchanged") return `Nothing to do: ${a.why}`;
  const changes: string[] = [];
  if (a.roles.before.join() !== a.roles.after.join()) changes.push(`roles ${roleList(a.roles.before)} → ${roleList(a.roles.after)}`);
  if (a.team.from !== a.team.to) changes.push(`team ${a.team.from ?? "none"} → ${a.team.to ?? "none"}`);
  if (a.manages) changes.push(`manages ${a.manages}`);
  return `Update ${a.name}: ${changes.join("; ")}${a.off ? " (stays turned off)" : ""}`;
}

/** The links as a CSV the administrator can keep or mail-merge (made in the browser; never stored). */
function linksCsv(invited: { email: string; name: string; link: string }[]): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) || /^[=+\-@]/.test(v) ? `"${v.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : v);
  return ["email,name,link", ...invited.map((i) => [i.email, i.name, i.link].map(cell).join(","))].join("\r\n") + "\r\n";
}

export function RosterImport() {
  const [preview, previewAction, previewing] = useActionState<RosterState, FormData>(previewRoster, {});
  const [done, importAction, importing] = useActionState<RosterState, FormData>(runRosterImport, {});
  // After a refused import (something changed), its new preview is the one to show.
  const shown = done.plan ? done : preview;
  const plan = shown.plan;

  if (done.result) {
    const r = done.result;
    return (
      <div role="status" className="space-y-4">
        <p className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-emerald-950">
          Imported: {r.invited.length} invited, {r.updated} updated, {r.unchanged} unchanged
          {r.newTeams.length ? `; new teams ${r.newTeams.join(", ")}` : ""}.
        </p>
        {r.invited.length ? (
          <>
            <p className="text-sm text-slate-800">
              {done.emailed
                ? `${done.emailed} of ${r.invited.length} invitations were emailed. The links are also here, shown only now: each works once and expires in 7 days (a new one can be made on Invitations).`
                : "Send each person their link: it is shown only now, works once and expires in 7 days (a new one can be made on Invitations)."}
            </p>
            <a
              className={buttonStyles.secondary}
              download="invitation-links.csv"
              href={`data:text/csv;charset=utf-8,${encodeURIComponent(linksCsv(r.invited))}`}
            >
              Download the links (CSV)
            </a>
            <ul className="space-y-3">
              {r.invited.map((i) => (
                <li key={i.email} className="text-sm">
                  <span className="font-medium text-slate-900">{i.name || i.email}</span>{" "}
                  <span className="text-slate-700">{i.name ? i.email : ""}</span>
                  <CopyLink link={i.link} label={`Invitation link for ${i.email}`} />
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <form
        action={previewAction}
        className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
        aria-describedby="preview-error"
      >
        <div>
          <label htmlFor="roster-file" className="block text-sm font-medium text-slate-900">
            CSV file (UTF-8, up to 512 KB and 1,000 people)
          </label>
          <input id="roster-file" name="file" type="file" accept=".csv,text/csv" className="mt-1 block text-sm" />
        </div>
        <div>
          <label htmlFor="roster-text" className="block text-sm font-medium text-slate-900">
            Or paste its lines
          </label>
          <textarea
            id="roster-text"
            name="csv"
            rows={6}
            maxLength={512 * 1024}
            placeholder={"email,name,roles,team\nsam@example.com,Sam Okoye,trainee,Riverside support desk"}
            className="mt-1 block w-full max-w-3xl rounded-md border border-slate-300 px-3 py-2 font-mono text-sm"
          />
        </div>
        <p id="preview-error" role="alert" className="min-h-5 text-sm text-rose-800">
          {preview.error ?? ""}
        </p>
        <button type="submit" disabled={previewing} className={buttonStyles.secondary}>
          {previewing ? "Reading…" : "Preview"}
        </button>
      </form>

      {plan ? (
        <section aria-labelledby="preview-heading" className="space-y-4">
          <h2 id="preview-heading" className="text-lg font-semibold text-slate-900">
            Preview{shown.fileName ? ` of ${shown.fileName}` : ""}: nothing is changed yet
          </h2>
          {done.error ? (
            <p role="alert" className="text-sm text-rose-800">
              {done.error}
            </p>
          ) : null}
          {plan.problems.length ? (
            <div role="alert" className="rounded-md border border-rose-300 bg-rose-50 p-3 text-sm text-rose-950">
              <p className="font-medium">Fix these lines, then preview again (nothing is imported while a line has a problem):</p>
              <ul className="mt-2 list-disc pl-5">
                {plan.problems.map((p, i) => (
                  <li key={i}>
                    Line {p.line}: {p.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {plan.newTeams.length ? <p className="text-sm text-slate-800">New teams: {plan.newTeams.join(", ")}.</p> : null}
          {plan.actions.length ? (
            <div
              className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm"
              role="region"
              aria-labelledby="preview-heading"
              tabIndex={0}
            >
              <table className="w-full min-w-[40rem] text-left text-sm">
                <caption className="sr-only">What importing each line will do</caption>
                <thead className="bg-slate-50 text-slate-700">
                  <tr className="border-b border-slate-200">
                    <th scope="col" className="px-4 py-2 font-medium">
                      Line
                    </th>
                    <th scope="col" className="px-4 py-2 font-medium">
                      Email
                    </th>
                    <th scope="col" className="px-4 py-2 font-medium">
                      What happens
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {plan.actions.map((a) => (
                    <tr key={a.line} className="border-b border-slate-100 last:border-0">
                      <td className="px-4 py-2 tabular-nums">{a.line}</td>
                      <td className="px-4 py-2">{a.email}</td>
                      <td className="px-4 py-2">{describe(a)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {plan.problems.length === 0 ? (
            <form action={importAction}>
              <input type="hidden" name="csv" value={shown.csv ?? ""} />
              <input type="hidden" name="digest" value={plan.digest} />
              <button type="submit" disabled={importing} className={buttonStyles.primary}>
                {importing
                  ? "Importing…"
                  : `Import: ${plan.actions.filter((a) => a.kind === "invite").length} to invite, ${plan.actions.filter((a) => a.kind === "update").length} to update`}
              </button>
            </form>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
