import "server-only";
import type { Db } from "../../db/client.server";
import { actorOf, personLabel, type AuditActor } from "../audit/record-audit.server";

/** The manager as the audit log shows them. */
export async function managerActor(tx: Pick<Db, "user">, managerId: string): Promise<AuditActor> {
  const me = await tx.user.findUnique({ where: { id: managerId }, select: { id: true, name: true, email: true } });
  return me ? actorOf(me) : { id: managerId, label: managerId };
}

/** Whom an assignment is for, as an audit entry's target: the trainee, or the whole team by name. */
export function assignmentTarget(
  team: { name: string },
  trainee: { id: string; name: string; email: string } | null,
): { userId: string | null; label: string } {
  return trainee ? { userId: trainee.id, label: personLabel(trainee) } : { userId: null, label: `${team.name} (whole team)` };
}

/** "YYYY-MM-DD" of a due instant (the end of that day, UTC). */
export function dueDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
