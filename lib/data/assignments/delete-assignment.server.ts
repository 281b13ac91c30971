import "server-only";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";
import { recordAudit } from "../audit/record-audit.server";
import { assignmentTarget, dueDay, managerActor } from "./assignment-audit.server";

/**
 * Removes an assignment of a team the manager manages, with an audit entry. The removal is one
 * statement, so of two removals at once (a double submit) exactly one removes it and writes the
 * entry; the other, like a removal of an assignment already gone or of another team's, is a
 * not-found and changes nothing.
 */
export async function deleteAssignment(db: Db, managerId: string, assignmentId: string, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const a = await tx.assignment.findFirst({
      where: { id: assignmentId, team: { managers: { some: { userId: managerId } } } },
      include: { team: { select: { name: true } }, user: { select: { id: true, name: true, email: true } } },
    });
    if (!a) throw notFound("assignment");
    const { count } = await tx.assignment.deleteMany({ where: { id: a.id } });
    if (count === 0) throw notFound("assignment");
    await recordAudit(tx, {
      actor: await managerActor(tx, managerId),
      action: "assignment.removed",
      target: assignmentTarget(a.team, a.user),
      detail: { scenario: a.scenarioId, due: dueDay(a.dueAt), passMark: a.passMark },
      at: now,
    });
  });
}
