import "server-only";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";

/**
 * A manager reaches a team, a trainee or a run only through the teams they manage. Anything
 * else is "not found", so a guessed id does not even confirm that the thing exists.
 */
export async function findManagedTeams(db: Db, managerId: string) {
  const rows = await db.teamManager.findMany({
    where: { userId: managerId },
    select: { team: { select: { id: true, name: true, _count: { select: { users: { where: { role: "trainee" } } } } } } },
    orderBy: { team: { name: "asc" } },
  });
  return rows.map((r) => ({ id: r.team.id, name: r.team.name, trainees: r.team._count.users }));
}

export async function getManagedTeam(db: Db, managerId: string, teamId: string) {
  const row = await db.teamManager.findUnique({
    where: { teamId_userId: { teamId, userId: managerId } },
    select: { team: { select: { id: true, name: true } } },
  });
  if (!row) throw notFound("team");
  return row.team;
}

export async function getManagedTrainee(db: Db, managerId: string, traineeId: string) {
  const trainee = await db.user.findFirst({
    where: { id: traineeId, role: "trainee", team: { managers: { some: { userId: managerId } } } },
    select: { id: true, name: true, email: true, teamId: true, team: { select: { id: true, name: true } } },
  });
  if (!trainee || !trainee.team) throw notFound("trainee");
  return { ...trainee, team: trainee.team };
}

/** The trainees of a team, by name (for pickers). */
export async function findTeamTrainees(db: Db, teamId: string) {
  return db.user.findMany({ where: { teamId, role: "trainee" }, select: { id: true, name: true, email: true }, orderBy: [{ name: "asc" }, { id: "asc" }] });
}
