import "server-only";
import type { Db } from "../../db/client.server";
import { AppError } from "../../errors";
import { personLabel, recordAudit } from "../audit/record-audit.server";
import { getManagedTeam } from "../teams/get-managed-team.server";
import { managerActor } from "./assignment-audit.server";

export interface NewAssignments {
  teamId: string;
  scenarioIds: string[];
  /** Empty: the whole team (trainees who join later included). */
  traineeIds: string[];
  /** The due day, YYYY-MM-DD: due at its end, UTC. */
  dueDate: string;
  passMark: number;
}

/**
 * "YYYY-MM-DD" as the end of that day, UTC; null when it is not a day on the calendar.
 * `new Date("2027-02-30T…")` quietly rolls over to 2 March, so the parts are checked back.
 */
export function endOfDueDay(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(year, month - 1, date, 23, 59, 59, 999));
  return at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === date ? at : null;
}

/**
 * One assignment per scenario (and per trainee, unless it is for the whole team), with an audit
 * entry per trainee (or one for the whole team); returns their ids.
 */
export async function createAssignments(db: Db, managerId: string, input: NewAssignments, now = new Date()): Promise<string[]> {
  const team = await getManagedTeam(db, managerId, input.teamId);
  const scenarioIds = [...new Set(input.scenarioIds)];
  const traineeIds = [...new Set(input.traineeIds)];
  if (!scenarioIds.length) throw new AppError("bad-request", "choose at least one scenario");
  if (!Number.isInteger(input.passMark) || input.passMark < 0 || input.passMark > 100) throw new AppError("bad-request", "the pass mark is a whole number from 0 to 100");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate)) throw new AppError("bad-request", "give a due date (YYYY-MM-DD)");
  const dueAt = endOfDueDay(input.dueDate);
  if (!dueAt) throw new AppError("bad-request", `${input.dueDate} is not a day on the calendar; pick a real date`);
  if (dueAt.getTime() < now.getTime()) throw new AppError("bad-request", "the due date has already passed; pick a later one");

  const published = await db.scenarioVersion.findMany({ where: { scenarioId: { in: scenarioIds }, published: true }, select: { scenarioId: true }, distinct: ["scenarioId"] });
  const missing = scenarioIds.filter((id) => !published.some((p) => p.scenarioId === id));
  if (missing.length) throw new AppError("bad-request", `not a published scenario: ${missing.join(", ")}`);
  const trainees = traineeIds.length
    ? await db.user.findMany({ where: { id: { in: traineeIds }, teamId: input.teamId, roles: { some: { role: "trainee" } } }, select: { id: true, name: true, email: true } })
    : [];
  if (trainees.length !== traineeIds.length) throw new AppError("bad-request", "every trainee must be in this team");
  const targets: (string | null)[] = traineeIds.length ? traineeIds : [null];
  const rows = scenarioIds.flatMap((scenarioId) =>
    targets.map((userId) => ({ teamId: input.teamId, userId, scenarioId, dueAt, passMark: input.passMark, createdById: managerId })),
  );
  return db.$transaction(async (tx) => {
    const created = await tx.assignment.createManyAndReturn({ data: rows, select: { id: true } });
    const actor = await managerActor(tx, managerId);
    const detail = { scenarios: scenarioIds, due: input.dueDate, passMark: input.passMark };
    const audited = trainees.length ? trainees.map((t) => ({ userId: t.id, label: personLabel(t) })) : [{ userId: null, label: `${team.name} (whole team)` }];
    for (const target of audited) await recordAudit(tx, { actor, action: "assignment.created", target, detail, at: now });
    return created.map((a) => a.id);
  });
}
