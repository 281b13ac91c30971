import "server-only";
import type { Db } from "../../db/client.server";
import { SECRET_KINDS, type MailKind } from "./enqueue-mail.server";

/**
 * After a failed attempt n, the next one waits RETRY_DELAYS_SECONDS[n - 1]; after the last
 * delay's attempt fails too, the job is marked failed. 1 min, 5 min, 30 min, 2 h, 6 h: a
 * mail server that is down for an afternoon loses nothing.
 */
export const RETRY_DELAYS_SECONDS = [60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

const clearedIfSecret = (kind: string) => (SECRET_KINDS.includes(kind as MailKind) ? { text: "", html: "" } : {});

/** Records a sent job (only while `workerId` holds its claim). */
export async function markMailSent(db: Db, job: { id: string; kind: string; claimedBy: string }, now = new Date()): Promise<void> {
  await db.mailJob.updateMany({
    where: { id: job.id, status: "sending", claimedBy: job.claimedBy },
    data: { status: "sent", sentAt: now, claimedUntil: null, lastError: null, ...clearedIfSecret(job.kind) },
  });
}

/**
 * Records a failed attempt: the job waits for its next attempt (backoff), or is marked failed
 * after MAX_ATTEMPTS. Returns which, with the time of the next attempt.
 */
export async function markMailFailed(
  db: Db,
  job: { id: string; kind: string; claimedBy: string; attempts: number },
  error: string,
  now = new Date(),
): Promise<{ status: "pending"; nextAttemptAt: Date } | { status: "failed" }> {
  const lastError = error.slice(0, 1000);
  const where = { id: job.id, status: "sending", claimedBy: job.claimedBy };
  if (job.attempts >= MAX_ATTEMPTS) {
    await db.mailJob.updateMany({ where, data: { status: "failed", claimedUntil: null, lastError, ...clearedIfSecret(job.kind) } });
    return { status: "failed" };
  }
  const delay = RETRY_DELAYS_SECONDS[Math.max(0, job.attempts - 1)]!;
  const nextAttemptAt = new Date(now.getTime() + delay * 1000);
  await db.mailJob.updateMany({ where, data: { status: "pending", nextAttemptAt, claimedBy: null, claimedUntil: null, lastError } });
  return { status: "pending", nextAttemptAt };
}
