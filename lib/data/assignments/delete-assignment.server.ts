import "server-only";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";

export async function deleteAssignment(db: Db, managerId: string, assignmentId: string) {
  const a = await db.assignment.findFirst({ where: { id: assignmentId, team: { managers: { some: { userId: managerId } } } }, select: { id: true } });
  if (!a) throw notFound("assignment");
  await db.assignment.delete({ where: { id: a.id } });
}
