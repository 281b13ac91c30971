import "server-only";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";

/**
 * Removes an assignment of a team the manager manages. One statement, so of two removals at
 * once (a double submit) exactly one removes it; the other, like a removal of an assignment
 * already gone or of another team's, is a not-found and changes nothing.
 */
export async function deleteAssignment(db: Db, managerId: string, assignmentId: string): Promise<void> {
  const { count } = await db.assignment.deleteMany({ where: { id: assignmentId, team: { managers: { some: { userId: managerId } } } } });
  if (count === 0) throw notFound("assignment");
}
