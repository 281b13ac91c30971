import "server-only";
import type { Db } from "../../db/client.server";

/** One home for "a manager may review this run": a trainee's run in one of the manager's teams. */
export function reviewableRunWhere(managerId: string, runId: string) {
  return { id: runId, user: { roles: { some: { role: "trainee" } }, team: { managers: { some: { userId: managerId } } } } };
}

/** The run's id and status when the manager may review it, else null: an access check with no replay. */
export async function findReviewableRun(db: Db, managerId: string, runId: string) {
  return db.run.findFirst({ where: reviewableRunWhere(managerId, runId), select: { id: true, status: true } });
}
