import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { notFound } from "next/navigation";
import { ROLE_LABEL, ROLES, roleList } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session.server";
import { listAuditEntries } from "@/lib/data/audit/list-audit-entries.server";
import { getPerson } from "@/lib/data/people/get-person.server";
import { findOpenTeams } from "@/lib/data/teams/admin-teams.server";
import { db } from "@/lib/db/client.server";
import { AppError } from "@/lib/errors";
import { IdParam } from "@/lib/http/route.server";
import { requestLocale } from "@/lib/http/locale.server";
import { formatDay } from "@/lib/ui/dates";
import { linkStyle, PageHeader, Section } from "@/app/_components/ui";
import { deactivate, erase, reactivate, savePersonRoles, savePersonTeam } from "../../actions";
import { AdminNav } from "../../_components/admin-nav";
import { AuditTable } from "../../_components/audit-table";
import { Pager } from "../../_components/pager";
import { pageParam } from "../../_components/search-params";
import { StatusBadge } from "../../_components/status-badge";
import { StatusForm } from "../../_components/status-form";
import { ResetLink } from "./reset-link";

export const metadata: Metadata = { title: "Person" };

async function load(personId: string) {
  if (!IdParam.safeParse(personId).success) notFound();
  try {
    return await getPerson(db(), personId);
  } catch (err) {
    if (err instanceof AppError && err.code === "not-found") notFound();
    throw err;
  }
}

export default async function PersonPage({
  params,
  searchParams,
}: {
  params: Promise<{ personId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { personId } = await params;
  const admin = await requireUser(["admin"], `/admin/people/${personId}`);
  const person = await load(personId);
  const [teams, audit] = await Promise.all([
    findOpenTeams(db()),
    listAuditEntries(db(), { targetUserId: person.id, page: pageParam((await searchParams).page), pageSize: 20 }),
  ]);
  const self = person.id === admin.id;
  const erased = person.status === "erased";
  const hidden = { personId: person.id };

  return (
    <>
      <AdminNav current="/admin/people" />
      <p className="mb-2 text-sm">
        <Link href="/admin/people" className={linkStyle}>
          ← People
        </Link>
      </p>
      <PageHeader title={person.name}>
        <span className="mr-3">{person.email}</span>
        <StatusBadge status={person.status} />
      </PageHeader>

      <dl className="grid gap-x-8 gap-y-3 rounded-lg border border-slate-200 bg-white p-5 text-sm shadow-sm sm:grid-cols-3">
        <div>
          <dt className="font-medium text-slate-700">Roles</dt>
          <dd className="text-slate-900">{roleList(person.roles) || "None"}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-700">Team</dt>
          <dd className="text-slate-900">
            {person.team ? (
              <Link href={`/admin/teams/${person.team.id}`} className={linkStyle}>
                {person.team.name}
              </Link>
            ) : (
              "None"
            )}
          </dd>
        </div>
        <div>
          <dt className="font-medium text-slate-700">Manages</dt>
          <dd className="text-slate-900">{person.manages.map((t) => t.name).join(", ") || "No team"}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-700">Signs in with</dt>
          <dd className="text-slate-900">{person.signInMethods.join(", ") || "Nothing yet"}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-700">Finished calls</dt>
          <dd className="text-slate-900">{person.completedRuns}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-700">Here since</dt>
          <dd className="text-slate-900">{formatDay(person.createdAt, await requestLocale())}</dd>
        </div>
      </dl>

      {erased ? null : (
        <>
          <Section
            id="roles-heading"
            title="Roles"
            description="Each role opens a part of Steady; a person may hold several. Every role may practise."
          >
            <StatusForm action={savePersonRoles} hidden={hidden} label="Save roles" tone="primary">
              <fieldset className="flex flex-wrap gap-5">
                <legend className="sr-only">Roles of {person.name}</legend>
                {ROLES.map((r) => (
                  <label key={r} className="flex items-center gap-2 text-slate-800">
                    <input type="checkbox" name="roles" value={r} defaultChecked={person.roles.includes(r)} className="h-4 w-4" />
                    {ROLE_LABEL[r]}
                  </label>
                ))}
              </fieldset>
            </StatusForm>
            {self ? (
              <p className="mt-2 text-sm text-slate-700">You cannot take away your own admin role: another administrator can.</p>
            ) : null}
          </Section>

          <Section
            id="team-heading"
            title="Team"
            description="A trainee's team scorecard is the team they are in now: their runs and scores go with them when they move."
          >
            <StatusForm action={savePersonTeam} hidden={hidden} label="Save team">
              <div>
                <label htmlFor="teamId" className="block font-medium text-slate-900">
                  Team
                </label>
                <select
                  id="teamId"
                  name="teamId"
                  defaultValue={person.team?.id ?? ""}
                  className="mt-1 rounded-md border border-slate-300 px-2 py-1.5"
                >
                  <option value="">No team</option>
                  {person.team?.archivedAt ? <option value={person.team.id}>{person.team.name} (archived)</option> : null}
                  {teams.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </div>
            </StatusForm>
            <p className="mt-2 text-sm text-slate-700">The teams a manager manages are set on each team&apos;s page.</p>
          </Section>
        </>
      )}

      <Section id="access-heading" title="Access and personal data">
        <div className="space-y-5">
          {erased ? (
            <p className="text-sm text-slate-800">
              Erased: their name, email and ways to sign in are gone. Their runs still count, anonymised, in their team&apos;s figures.
            </p>
          ) : self ? (
            <p className="text-sm text-slate-800">This is you: another administrator can turn you off or erase you.</p>
          ) : person.status === "off" ? (
            <StatusForm action={reactivate} hidden={hidden} label="Turn on again" />
          ) : (
            <StatusForm
              action={deactivate}
              hidden={hidden}
              label="Turn off"
              tone="danger"
              question={`Turn off ${person.name}? They are signed out at once and cannot sign in; their runs, notes and assignments stay.`}
            />
          )}
          {erased || self || person.status === "off" ? null : <ResetLink personId={person.id} name={person.name} />}
          <p className="text-sm">
            <a href={`/api/admin/people/${person.id}/export`} download className={linkStyle}>
              Export their data (JSON)
            </a>
            <span className="text-slate-700"> — profile, runs with turns, notes, assignments and audit entries about them.</span>
          </p>
          {erased || self ? null : (
            <StatusForm
              action={erase}
              hidden={hidden}
              label={`Erase ${person.name}`}
              tone="danger"
              pendingLabel="Erasing…"
              question={`Erase ${person.name} for good? Their name and email are removed and they can never sign in again; their runs stay, anonymised, in the team's figures. This cannot be undone.`}
            />
          )}
        </div>
      </Section>

      <Section id="history-heading" title="Audit log about them">
        {audit.rows.length ? (
          <AuditTable rows={audit.rows} caption={`Audit entries about ${person.name}, newest first`} />
        ) : (
          <p className="text-sm text-slate-700">Nothing yet.</p>
        )}
        <Pager page={audit.page} pages={audit.pages} hrefFor={(p) => `/admin/people/${person.id}?page=${p}`} label="Audit pages" />
      </Section>
    </>
  );
}
