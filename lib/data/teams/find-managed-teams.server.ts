import "server-only";
import type { Db } from "../../db/client.server";

/**
 * A manager reaches a team, a trainee or a run only through the teams they manage. Anything
 * else is "not found", so a guessed id does not even confirm that the thing exists.
 */
export async function findManagedTeams(db: Db, managerId: string) {
  const rows = await db.teamManager.findMany({
    where: { userId: managerId },
    select: { team: { select: { id: true, name: true, _count: { select: { users: { where: { roles: { some: { role: "trainee" } } } } } } } } },
    orderBy: { team: { name: "asc" } },
  });
  return rows.map((r) => ({ id: r.team.id, name: r.team.name, trainees: r.team._count.users }));
}
