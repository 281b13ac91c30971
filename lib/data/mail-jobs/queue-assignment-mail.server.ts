import "server-only";
import type { Db } from "../../db/client.server";
import { assignmentEmail } from "../../mail/templates";
import { findAssignmentRecipients, findPublishedTitles, recipientsKey, scenarioLink, type Recipient } from "./assignment-recipients.server";
import { enqueueMail } from "./enqueue-mail.server";

/**
 * Queues "new assignment" emails for assignments just made (one createAssignments call): one
 * email per trainee they target, listing every scenario assigned to that trainee. Keyed by the
 * batch's first assignment and the trainee, so queueing twice sends once. Returns how many
 * emails were queued.
 */
export async function queueAssignmentMail(db: Db, assignmentIds: string[], appUrl: string, now = new Date()): Promise<number> {
  if (!assignmentIds.length) return 0;
  const assignments = await db.assignment.findMany({
    where: { id: { in: assignmentIds } },
    orderBy: { id: "asc" },
    select: { id: true, teamId: true, userId: true, scenarioId: true, dueAt: true, passMark: true, createdBy: { select: { name: true } } },
  });
  if (!assignments.length) return 0;
  const [recipients, titles] = await Promise.all([findAssignmentRecipients(db, assignments), findPublishedTitles(db, assignments.map((a) => a.scenarioId))]);

  const perTrainee = new Map<string, { trainee: Recipient; items: typeof assignments }>();
  for (const a of assignments) {
    for (const trainee of recipients.get(recipientsKey(a)) ?? []) {
      const entry = perTrainee.get(trainee.id) ?? { trainee, items: [] };
      if (!entry.items.some((i) => i.scenarioId === a.scenarioId)) entry.items.push(a);
      perTrainee.set(trainee.id, entry);
    }
  }
  const batch = assignments[0]!.id;
  let queued = 0;
  for (const { trainee, items } of perTrainee.values()) {
    const scenarios = items.flatMap((a) => (titles.has(a.scenarioId) ? [{ title: titles.get(a.scenarioId)!, link: scenarioLink(appUrl, a.scenarioId) }] : []));
    if (!scenarios.length) continue;
    const first = items[0]!;
    const message = assignmentEmail({ name: trainee.name, assignedBy: first.createdBy.name, scenarios, dueAt: first.dueAt, passMark: first.passMark });
    const sendBefore = new Date(Math.max(...items.map((a) => a.dueAt.getTime())));
    if (await enqueueMail(db, { key: `assignment:${batch}:${trainee.id}`, kind: "assignment", to: trainee.email, userId: trainee.id, message, sendBefore }, now)) queued++;
  }
  return queued;
}
