import "server-only";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";

export async function getManagedTrainee(db: Db, managerId: string, traineeId: string) {
  const trainee = await db.user.findFirst({
    where: { id: traineeId, roles: { some: { role: "trainee" } }, team: { managers: { some: { userId: managerId } } } },
    select: { id: true, name: true, email: true, teamId: true, team: { select: { id: true, name: true } } },
  });
  if (!trainee || !trainee.team) throw notFound("trainee");
  return { ...trainee, team: trainee.team };
}
