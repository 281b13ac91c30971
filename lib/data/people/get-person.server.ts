import "server-only";
import { normalizeRoles } from "../../auth/roles";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";
import { statusOf } from "./list-people.server";

/** One person for their administrator's page: roles, team, managed teams, status and what they have done. */
export async function getPerson(db: Db, userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      createdAt: true,
      deactivatedAt: true,
      deactivatedBy: true,
      erasedAt: true,
      roles: { select: { role: true } },
      team: { select: { id: true, name: true, archivedAt: true } },
      managedTeams: { select: { team: { select: { id: true, name: true, archivedAt: true } } } },
      accounts: { select: { providerId: true } },
      _count: { select: { runs: { where: { status: "completed" } }, notesWritten: true } },
    },
  });
  if (!user) throw notFound("person");
  const lastSession = await db.session.findFirst({ where: { userId }, orderBy: { updatedAt: "desc" }, select: { updatedAt: true } });
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    createdAt: user.createdAt,
    deactivatedAt: user.deactivatedAt,
    deactivatedBy: user.deactivatedBy,
    erasedAt: user.erasedAt,
    status: statusOf(user),
    roles: normalizeRoles(user.roles.map((r) => r.role)),
    team: user.team,
    manages: user.managedTeams.map((m) => m.team).sort((a, b) => a.name.localeCompare(b.name)),
    signInMethods: [...new Set(user.accounts.map((a) => (a.providerId === "credential" ? "password" : a.providerId)))],
    completedRuns: user._count.runs,
    notesWritten: user._count.notesWritten,
    lastSeenAt: lastSession?.updatedAt ?? null,
  };
}
