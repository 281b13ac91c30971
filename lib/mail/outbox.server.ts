import "server-only";
import type { Db } from "../db/client.server";
import { claimMailJobs } from "../data/mail-jobs/claim-mail-jobs.server";
import { MAX_ATTEMPTS, markMailFailed, markMailSent } from "../data/mail-jobs/finish-mail-job.server";
import { queueDueReminders } from "../data/mail-jobs/queue-due-reminders.server";
import type { Mailer } from "./mailer.server";

export interface OutboxOptions {
  /** This server's name in the jobs it claims. */
  workerId: string;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface Delivery {
  sent: number;
  /** Failed this time, to be tried again later. */
  retrying: number;
  /** Failed for the last time. */
  failed: number;
}

/**
 * Sends the queued emails that are due, each claimed first (lib/data/mail-jobs), until none is
 * left or `maxBatches` batches went. A failure is recorded on its job (status, attempts,
 * lastError, next attempt) and logged; it never throws for one email.
 */
export async function deliverMail(db: Db, mailer: Mailer, options: OutboxOptions & { maxBatches?: number }): Promise<Delivery> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? console.log;
  const result: Delivery = { sent: 0, retrying: 0, failed: 0 };
  for (let batch = 0; batch < (options.maxBatches ?? 10); batch++) {
    const jobs = await claimMailJobs(db, options.workerId, now());
    if (!jobs.length) break;
    for (const job of jobs) {
      try {
        await mailer.send({ to: job.to, subject: job.subject, text: job.text, html: job.html });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const outcome = await markMailFailed(db, job, message, now());
        if (outcome.status === "failed") {
          result.failed++;
          log(`[steady] mail: ${job.kind} email ${job.id} to ${job.to} failed for good after ${job.attempts} attempts: ${message}`);
        } else {
          result.retrying++;
          log(
            `[steady] mail: ${job.kind} email ${job.id} to ${job.to} failed (attempt ${job.attempts} of ${MAX_ATTEMPTS}), next try ${outcome.nextAttemptAt.toISOString()}: ${message}`,
          );
        }
        continue;
      }
      await markMailSent(db, job, now());
      result.sent++;
    }
  }
  return result;
}

/**
 * One sweep: queue the reminders that are due (lib/data/mail-jobs/queue-due-reminders), then send
 * everything due. Every server runs it every MAIL_SWEEP_SECONDS, and `npm run reminders` once.
 */
export async function mailSweep(
  db: Db,
  mailer: Mailer,
  options: OutboxOptions & { appUrl: string },
): Promise<Delivery & { remindersQueued: number }> {
  const now = options.now ?? (() => new Date());
  const remindersQueued = await queueDueReminders(db, options.appUrl, now());
  return { remindersQueued, ...(await deliverMail(db, mailer, options)) };
}
