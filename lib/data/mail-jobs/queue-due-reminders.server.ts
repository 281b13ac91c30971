import "server-only";
import type { Db } from "../../db/client.server";
import { meetsAssignment } from "../assignments/assignment-rule.server";
import { reminderEmail } from "../../mail/templates";
import { findAssignmentRecipients, findPublishedTitles, recipientsKey, scenarioLink } from "./assignment-recipients.server";
import { enqueueMail } from "./enqueue-mail.server";

/** A reminder goes out in the last day before an assignment is due. */
export const REMINDER_BEFORE_MS = 24 * 3600 * 1000;

/**
 * Queues the reminder of every assignment due within the next day, one per trainee it targets
 * who has not done it yet, keyed `reminder:<assignmentId>:<userId>`: whichever server or sweep
 * gets there first queues it, the others find the key taken, so each is sent once (decision
 * D60). An assignment made less than a day before it is due gets none (its "new assignment"
 * email says the same). Returns how many reminders were queued now.
 */
export async function queueDueReminders(db: Db, appUrl: string, now = new Date()): Promise<number> {
  const assignments = await db.assignment.findMany({
    where: { dueAt: { gt: now, lte: new Date(now.getTime() + REMINDER_BEFORE_MS) } },
    orderBy: { id: "asc" },
    select: { id: true, teamId: true, userId: true, scenarioId: true, dueAt: true, passMark: true, createdAt: true },
  });
  const due = assignments.filter((a) => a.dueAt.getTime() - a.createdAt.getTime() > REMINDER_BEFORE_MS);
  if (!due.length) return 0;

  const [recipients, titles] = await Promise.all([findAssignmentRecipients(db, due), findPublishedTitles(db, due.map((a) => a.scenarioId))]);
  let queued = 0;
  for (const a of due) {
    const title = titles.get(a.scenarioId);
    if (!title) continue; // unpublished since: nothing to practise
    const trainees = recipients.get(recipientsKey(a)) ?? [];
    if (!trainees.length) continue;
    const keys = new Map(trainees.map((t) => [`reminder:${a.id}:${t.id}`, t]));
    // Reminders already queued (by this server or another) are not tried again.
    const existing = await db.mailJob.findMany({ where: { key: { in: [...keys.keys()] } }, select: { key: true } });
    for (const { key } of existing) keys.delete(key);
    if (!keys.size) continue;
    const runs = await db.run.findMany({
      where: { userId: { in: [...keys.values()].map((t) => t.id) }, status: "completed", completedAt: { gte: a.createdAt }, scenarioVersion: { scenarioId: a.scenarioId } },
      select: { userId: true, status: true, criticalErrors: true, overall: true, completedAt: true },
    });
    for (const [key, trainee] of keys) {
      if (runs.some((r) => r.userId === trainee.id && meetsAssignment(r, a))) continue;
      const message = reminderEmail({ name: trainee.name, scenario: { title, link: scenarioLink(appUrl, a.scenarioId) }, dueAt: a.dueAt, passMark: a.passMark });
      if (await enqueueMail(db, { key, kind: "reminder", to: trainee.email, userId: trainee.id, message, sendBefore: a.dueAt }, now)) queued++;
    }
  }
  return queued;
}
