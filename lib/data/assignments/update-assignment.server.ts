import "server-only";
import type { Db } from "../../db/client.server";
import { AppError, notFound } from "../../errors";
import { recordAudit } from "../audit/record-audit.server";
import { assignmentTarget, dueDay, managerActor } from "./assignment-audit.server";
import { endOfDueDay } from "./create-assignments.server";

export interface AssignmentChange {
  assignmentId: string;
  /** The new due day, YYYY-MM-DD: due at its end, UTC. */
  dueDate: string;
  passMark: number;
}

/**
 * Changes the due date and pass mark of an assignment of a team the manager manages, with an
 * audit entry saying from what to what. A new due date must not have passed (an overdue
 * assignment may keep its date while its pass mark changes). "Done" is worked out from the runs
 * each time it is shown, so a higher pass mark can reopen it for a trainee who passed under the
 * old one. Returns false when nothing changed (no entry then).
 */
export async function updateAssignment(db: Db, managerId: string, change: AssignmentChange, now = new Date()): Promise<boolean> {
  if (!Number.isInteger(change.passMark) || change.passMark < 0 || change.passMark > 100)
    throw new AppError("bad-request", "the pass mark is a whole number from 0 to 100");
  const dueAt = /^\d{4}-\d{2}-\d{2}$/.test(change.dueDate) ? endOfDueDay(change.dueDate) : null;
  if (!dueAt) throw new AppError("bad-request", `${change.dueDate.slice(0, 20) || "that"} is not a day on the calendar; pick a real date`);

  return db.$transaction(async (tx) => {
    const a = await tx.assignment.findFirst({
      where: { id: change.assignmentId, team: { managers: { some: { userId: managerId } } } },
      include: { team: { select: { name: true } }, user: { select: { id: true, name: true, email: true } } },
    });
    if (!a) throw notFound("assignment");
    const sameDay = dueDay(a.dueAt) === change.dueDate;
    if (sameDay && a.passMark === change.passMark) return false;
    if (!sameDay && dueAt.getTime() < now.getTime()) throw new AppError("bad-request", "the due date has already passed; pick a later one");
    const { count } = await tx.assignment.updateMany({ where: { id: a.id }, data: { dueAt: sameDay ? a.dueAt : dueAt, passMark: change.passMark } });
    if (count === 0) throw notFound("assignment");
    await recordAudit(tx, {
      actor: await managerActor(tx, managerId),
      action: "assignment.changed",
      target: assignmentTarget(a.team, a.user),
      detail: {
        scenario: a.scenarioId,
        ...(sameDay ? {} : { dueFrom: dueDay(a.dueAt), dueTo: change.dueDate }),
        ...(a.passMark === change.passMark ? {} : { passMarkFrom: a.passMark, passMarkTo: change.passMark }),
      },
      at: now,
    });
    return true;
  });
}
