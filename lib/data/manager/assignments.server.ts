import "server-only";
import { meetsAssignment, meetsAssignmentSql } from "./assignment-rule.server";
import type { Db } from "../../db/client.server";
import { dialectOf, Params, toNumber } from "../../db/sql.server";
import { AppError, notFound } from "../../errors";
import { getManagedTeam } from "./access.server";

export type AssignmentStatus = "done" | "due" | "overdue";

export interface NewAssignments {
  teamId: string;
  scenarioIds: string[];
  /** Empty: the whole team (trainees who join later included). */
  traineeIds: string[];
  dueAt: Date;
  passMark: number;
}

/** One assignment per scenario (and per trainee, unless it is for the whole team). */
export async function createAssignments(db: Db, managerId: string, input: NewAssignments, now = new Date()) {
  await getManagedTeam(db, managerId, input.teamId);
  const scenarioIds = [...new Set(input.scenarioIds)];
  const traineeIds = [...new Set(input.traineeIds)];
  if (!scenarioIds.length) throw new AppError("bad-request", "choose at least one scenario");
  if (!Number.isInteger(input.passMark) || input.passMark < 0 || input.passMark > 100) throw new AppError("bad-request", "the pass mark is a whole number from 0 to 100");
  if (Number.isNaN(input.dueAt.getTime())) throw new AppError("bad-request", "give a due date");
  if (input.dueAt.getTime() < now.getTime()) throw new AppError("bad-request", "the due date has already passed; pick a later one");

  const published = await db.scenarioVersion.findMany({ where: { scenarioId: { in: scenarioIds }, published: true }, select: { scenarioId: true }, distinct: ["scenarioId"] });
  const missing = scenarioIds.filter((id) => !published.some((p) => p.scenarioId === id));
  if (missing.length) throw new AppError("bad-request", `not a published scenario: ${missing.join(", ")}`);
  if (traineeIds.length) {
    const found = await db.user.count({ where: { id: { in: traineeIds }, teamId: input.teamId, role: "trainee" } });
    if (found !== traineeIds.length) throw new AppError("bad-request", "every trainee must be in this team");
  }
  const targets: (string | null)[] = traineeIds.length ? traineeIds : [null];
  const rows = scenarioIds.flatMap((scenarioId) =>
    targets.map((userId) => ({ teamId: input.teamId, userId, scenarioId, dueAt: input.dueAt, passMark: input.passMark, createdById: managerId })),
  );
  await db.assignment.createMany({ data: rows });
  return rows.length;
}

export async function deleteAssignment(db: Db, managerId: string, assignmentId: string) {
  const a = await db.assignment.findFirst({ where: { id: assignmentId, team: { managers: { some: { userId: managerId } } } }, select: { id: true } });
  if (!a) throw notFound("assignment");
  await db.assignment.delete({ where: { id: a.id } });
}

export interface TeamAssignmentRow {
  id: string;
  scenarioId: string;
  title: string;
  /** null: the whole team. */
  trainee: { id: string; name: string } | null;
  dueAt: Date;
  passMark: number;
  createdAt: Date;
  targets: number;
  done: number;
}

/** The team's assignments, newest due date last, each with how many of its trainees are done (counted in the database). */
export async function findTeamAssignments(db: Db, teamId: string): Promise<TeamAssignmentRow[]> {
  const p = new Params(dialectOf(db));
  const sql = `
SELECT a."id",
       CAST(COUNT(u."id") AS INTEGER) AS "targets",
       CAST(SUM(CASE WHEN EXISTS (
         SELECT 1 FROM "Run" r JOIN "ScenarioVersion" sv ON sv."id" = r."scenarioVersionId"
         WHERE r."userId" = u."id" AND sv."scenarioId" = a."scenarioId"
           AND ${meetsAssignmentSql("r", "a")}
       ) THEN 1 ELSE 0 END) AS INTEGER) AS "done"
FROM "Assignment" a
LEFT JOIN "user" u ON u."teamId" = a."teamId" AND u."role" = 'trainee' AND (a."userId" IS NULL OR a."userId" = u."id")
WHERE a."teamId" = ${p.add(teamId)}
GROUP BY a."id"`;
  const counts = new Map(
    (await db.$queryRawUnsafe<{ id: string; targets: unknown; done: unknown }[]>(sql, ...p.values)).map((r) => [r.id, { targets: toNumber(r.targets) ?? 0, done: toNumber(r.done) ?? 0 }]),
  );
  const rows = await db.assignment.findMany({
    where: { teamId },
    orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }],
    include: { user: { select: { id: true, name: true } }, scenario: { select: { versions: { where: { published: true }, orderBy: { version: "desc" }, take: 1, select: { title: true } } } } },
  });
  return rows.map((a) => ({
    id: a.id,
    scenarioId: a.scenarioId,
    title: a.scenario.versions[0]?.title ?? a.scenarioId,
    trainee: a.user,
    dueAt: a.dueAt,
    passMark: a.passMark,
    createdAt: a.createdAt,
    targets: counts.get(a.id)?.targets ?? 0,
    done: counts.get(a.id)?.done ?? 0,
  }));
}

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
  const user = await db.user.findUnique({ where: { id: userId }, select: { teamId: true, role: true } });
  if (!user?.teamId || user.role !== "trainee") return new Map();
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

export { meetsAssignment };
