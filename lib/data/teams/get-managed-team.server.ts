import "server-only";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";

export async function getManagedTeam(db: Db, managerId: string, teamId: string) {
  const row = await db.teamManager.findUnique({
    where: { teamId_userId: { teamId, userId: managerId } },
    select: { team: { select: { id: true, name: true } } },
  });
  if (!row) throw notFound("team");
  return row.team;
}
