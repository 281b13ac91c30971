import "server-only";
import { meetsAssignment } from "./assignment-rule.server";
import type { Db } from "../../db/client.server";

export type AssignmentStatus = "done" | "due" | "overdue";

export interface TraineeAssignment {
  scenarioId: string;
  dueAt: Date;
  passMark: number;
  status: AssignmentStatus;
}

/**
 * The assignments that apply to a trainee, one per scenario: the most pressing one not yet
 * done, or the latest done one.
 */
export async function findAssignmentsForTrainee(db: Db, userId: string, now = new Date()): Promise<Map<string, TraineeAssignment>> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { teamId: true, roles: { where: { role: "trainee" }, select: { role: true } } } });
  if (!user?.teamId || user.roles.length === 0) return new Map();
  const assignments = await db.assignment.findMany({
    where: { teamId: user.teamId, OR: [{ userId: null }, { userId }], scenario: { versions: { some: { published: true } } } },
    orderBy: { dueAt: "asc" },
  });
  if (!assignments.length) return new Map();
  const runs = await db.run.findMany({
    where: { userId, status: "completed", scenarioVersion: { scenarioId: { in: [...new Set(assignments.map((a) => a.scenarioId))] } } },
    select: { status: true, criticalErrors: true, overall: true, completedAt: true, scenarioVersion: { select: { scenarioId: true } } },
  });
  const result = new Map<string, TraineeAssignment>();
  for (const a of assignments) {
    const done = runs.some((r) => r.scenarioVersion.scenarioId === a.scenarioId && meetsAssignment(r, a));
    const status: AssignmentStatus = done ? "done" : a.dueAt.getTime() < now.getTime() ? "overdue" : "due";
    const current = result.get(a.scenarioId);
    // Assignments are in due order: keep the first one still open; a done one only fills a gap.
    if (!current || (current.status === "done" && status !== "done")) result.set(a.scenarioId, { scenarioId: a.scenarioId, dueAt: a.dueAt, passMark: a.passMark, status });
  }
  return result;
}
