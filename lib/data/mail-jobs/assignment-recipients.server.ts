import "server-only";
import type { Db } from "../../db/client.server";

export interface Recipient {
  id: string;
  name: string;
  email: string;
}

/**
 * Who an assignment is for, now: its one trainee, or every trainee of its team (those who joined
 * later included), leaving out accounts that are turned off. The one place the mail code says
 * who counts as a team's trainee (as findTeamTrainees and createAssignments do).
 */
export async function findAssignmentRecipients(db: Db, assignments: { teamId: string; userId: string | null }[]): Promise<Map<string, Recipient[]>> {
  const teamIds = [...new Set(assignments.filter((a) => a.userId === null).map((a) => a.teamId))];
  const userIds = [...new Set(assignments.flatMap((a) => (a.userId ? [a.userId] : [])))];
  const users = await db.user.findMany({
    where: { roles: { some: { role: "trainee" } }, deactivatedAt: null, OR: [{ teamId: { in: teamIds } }, { id: { in: userIds } }] },
    select: { id: true, name: true, email: true, teamId: true },
    orderBy: { id: "asc" },
  });
  const byKey = new Map<string, Recipient[]>();
  for (const a of assignments) {
    const key = recipientsKey(a);
    if (byKey.has(key)) continue;
    byKey.set(
      key,
      users.filter((u) => (a.userId ? u.id === a.userId && u.teamId === a.teamId : u.teamId === a.teamId)).map(({ id, name, email }) => ({ id, name, email })),
    );
  }
  return byKey;
}

/** The key of an assignment's entry in findAssignmentRecipients' map. */
export function recipientsKey(a: { teamId: string; userId: string | null }): string {
  return `${a.teamId}:${a.userId ?? "*"}`;
}

/** The newest published title of each scenario; a scenario with no published version is left out. */
export async function findPublishedTitles(db: Db, scenarioIds: string[]): Promise<Map<string, string>> {
  const versions = await db.scenarioVersion.findMany({
    where: { scenarioId: { in: [...new Set(scenarioIds)] }, published: true },
    orderBy: { version: "desc" },
    select: { scenarioId: true, title: true },
  });
  const titles = new Map<string, string>();
  for (const v of versions) if (!titles.has(v.scenarioId)) titles.set(v.scenarioId, v.title);
  return titles;
}

/** A scenario's page in the app, where the trainee reads the brief and plays the call. */
export function scenarioLink(appUrl: string, scenarioId: string): string {
  return `${appUrl}/scenarios/${encodeURIComponent(scenarioId)}`;
}
