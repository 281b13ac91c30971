import "server-only";
import type { Db } from "../../db/client.server";

/** The trainees of a team, by name (for pickers). */
export async function findTeamTrainees(db: Db, teamId: string) {
  return db.user.findMany({ where: { teamId, roles: { some: { role: "trainee" } } }, select: { id: true, name: true, email: true }, orderBy: [{ name: "asc" }, { id: "asc" }] });
}
