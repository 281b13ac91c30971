import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { notFound } from "next/navigation";
import { normalizeRoles, roleList } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session.server";
import { getTeamForAdmin } from "@/lib/data/teams/admin-teams.server";
import { db } from "@/lib/db/client.server";
import { AppError } from "@/lib/errors";
import { IdParam } from "@/lib/http/route.server";
import { EmptyState, linkStyle, PageHeader, Section } from "@/app/_components/ui";
import { addManager, addMember, archiveTeam, removeManager, removeMember, restoreTeam, saveTeamName } from "../../actions";
import { AdminNav } from "../../_components/admin-nav";
import { StatusForm } from "../../_components/status-form";

export const metadata: Metadata = { title: "Team" };

async function load(teamId: string) {
  if (!IdParam.safeParse(teamId).success) notFound();
  try {
    return await getTeamForAdmin(db(), teamId);
  } catch (err) {
    if (err instanceof AppError && err.code === "not-found") notFound();
    throw err;
  }
}

export default async function TeamPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  await requireUser(["admin"], `/admin/teams/${teamId}`);
  const team = await load(teamId);
  const others = await db().user.findMany({
    where: { deactivatedAt: null, OR: [{ teamId: null }, { teamId: { not: team.id } }] },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, email: true, roles: { select: { role: true } } },
    take: 1000,
  });
  const managerIds = new Set(team.managers.map((m) => m.id));
  const candidates = (
    await db().user.findMany({
      where: { deactivatedAt: null, roles: { some: { role: "manager" } } },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      select: { id: true, name: true, email: true },
      take: 1000,
    })
  ).filter((u) => !managerIds.has(u.id));
  const hidden = { teamId: team.id };
  const archived = Boolean(team.archivedAt);

  return (
    <>
      <AdminNav current="/admin/teams" />
      <p className="mb-2 text-sm">
        <Link href="/admin/teams" className={linkStyle}>
          ← Teams
        </Link>
      </p>
      <PageHeader title={team.name}>
        {archived ? "Archived: its members, managers and history stay; no one new can join it." : null}
      </PageHeader>

      <Section id="name-heading" title="Name" className="mt-0">
        <StatusForm action={saveTeamName} hidden={hidden} label="Rename">
          <div>
            <label htmlFor="team-name" className="block font-medium text-slate-900">
              Team name
            </label>
            <input
              id="team-name"
              name="name"
              required
              maxLength={100}
              defaultValue={team.name}
              className="mt-1 w-72 rounded-md border border-slate-300 px-3 py-1.5"
            />
          </div>
        </StatusForm>
        <div className="mt-4">
          {archived ? (
            <StatusForm action={restoreTeam} hidden={hidden} label="Restore the team" />
          ) : (
            <StatusForm
              action={archiveTeam}
              hidden={hidden}
              label="Archive the team"
              tone="danger"
              question={`Archive ${team.name}? Its members, managers, assignments and history stay; no one new can join it.`}
            />
          )}
        </div>
      </Section>

      <Section
        id="managers-heading"
        title="Managers"
        description="They see this team's scorecards and assign it scenarios. Only people with the manager role can be added."
      >
        {team.managers.length === 0 ? <p className="text-sm text-slate-700">No manager yet.</p> : null}
        <ul className="space-y-2">
          {team.managers.map((m) => (
            <li key={m.id} className="flex flex-wrap items-center gap-3 text-sm">
              <Link href={`/admin/people/${m.id}`} className={linkStyle}>
                {m.name}
              </Link>
              <span className="text-slate-700">{m.email}</span>
              <StatusForm
                action={removeManager}
                hidden={{ ...hidden, personId: m.id }}
                label={
                  <>
                    Remove<span className="sr-only"> {m.name} as a manager</span>
                  </>
                }
              />
            </li>
          ))}
        </ul>
        {archived || candidates.length === 0 ? null : (
          <StatusForm action={addManager} hidden={hidden} label="Add manager" className="mt-4">
            <div>
              <label htmlFor="manager-id" className="block font-medium text-slate-900">
                Manager
              </label>
              <select id="manager-id" name="personId" className="mt-1 rounded-md border border-slate-300 px-2 py-1.5">
                {candidates.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name} ({u.email})
                  </option>
                ))}
              </select>
            </div>
          </StatusForm>
        )}
      </Section>

      <Section
        id="members-heading"
        title="Members"
        description="A person is in one team at a time. Moving a trainee takes their runs and scores with them."
      >
        {team.users.length === 0 ? (
          <EmptyState title="No members">Add people below, invite them to this team, or import a roster.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
            {team.users.map((u) => (
              <li key={u.id} className="flex flex-wrap items-center gap-3 px-4 py-2.5 text-sm">
                <Link href={`/admin/people/${u.id}`} className={linkStyle}>
                  {u.name}
                </Link>
                <span className="text-slate-700">{roleList(u.roles) || "No role"}</span>
                {u.deactivatedAt ? <span className="text-xs text-slate-600">{u.erasedAt ? "erased" : "turned off"}</span> : null}
                <StatusForm
                  action={removeMember}
                  hidden={{ ...hidden, personId: u.id }}
                  label={
                    <>
                      Remove<span className="sr-only"> {u.name} from the team</span>
                    </>
                  }
                  className="ml-auto"
                />
              </li>
            ))}
          </ul>
        )}
        {archived || others.length === 0 ? null : (
          <StatusForm action={addMember} hidden={hidden} label="Add to the team" className="mt-4">
            <div>
              <label htmlFor="member-id" className="block font-medium text-slate-900">
                Person
              </label>
              <select id="member-id" name="personId" className="mt-1 max-w-md rounded-md border border-slate-300 px-2 py-1.5">
                {others.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name} ({u.email}) · {roleList(normalizeRoles(u.roles.map((r) => r.role))) || "no role"}
                  </option>
                ))}
              </select>
            </div>
          </StatusForm>
        )}
      </Section>
    </>
  );
}
