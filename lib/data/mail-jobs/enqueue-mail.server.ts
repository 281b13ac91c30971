import "server-only";
import type { Db } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import type { EmailMessage } from "../../mail/templates";

/** What the app emails (README "For operators", "Email"). */
export type MailKind = "invitation" | "password-reset" | "assignment" | "reminder";

/** Kinds whose message holds a link that signs someone in: their text is cleared once it is sent or given up. */
export const SECRET_KINDS: readonly MailKind[] = ["invitation", "password-reset"];

export interface NewMailJob {
  /** What the email is for, unique: a second job with the same key is not queued. */
  key: string;
  kind: MailKind;
  to: string;
  userId?: string | null;
  message: EmailMessage;
  /** Not sent after this (the link expires, the assignment is due). */
  sendBefore?: Date | null;
}

/**
 * Queues an email for the outbox (lib/mail/outbox.server.ts) to send. Returns false when a job
 * with this key is already queued (or sent): the unique key settles which server or sweep queued it.
 */
export async function enqueueMail(db: Db, job: NewMailJob, now = new Date()): Promise<boolean> {
  try {
    await db.mailJob.create({
      data: {
        key: job.key,
        kind: job.kind,
        to: job.to,
        userId: job.userId ?? null,
        subject: job.message.subject,
        text: job.message.text,
        html: job.message.html,
        nextAttemptAt: now,
        sendBefore: job.sendBefore ?? null,
      },
    });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}
