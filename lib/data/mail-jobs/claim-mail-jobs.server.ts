import "server-only";
import type { Db } from "../../db/client.server";
import { SECRET_KINDS, type MailKind } from "./enqueue-mail.server";

/**
 * How long a server's claim on a job holds. Sending one email is bounded well below it (the
 * mailer's connection, greeting and socket timeouts, lib/mail/mailer.server.ts), so a claim runs
 * out only when its server stopped mid-send; then another server may send the job.
 */
export const CLAIM_SECONDS = 5 * 60;

export interface ClaimedMailJob {
  id: string;
  key: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** This attempt's number, from 1. */
  attempts: number;
  claimedBy: string;
}

/** A job that may be sent now: waiting and due, or claimed by a server whose claim ran out. */
function claimable(now: Date) {
  return {
    OR: [
      { status: "pending", nextAttemptAt: { lte: now } },
      { status: "sending", claimedUntil: { lt: now } },
    ],
  };
}

/**
 * Claims up to `limit` jobs that are due, for `workerId`. Each claim is one conditional update
 * (the row must still be claimable), so when several servers sweep at once each job goes to
 * exactly one of them. Jobs past their `sendBefore` are marked expired instead.
 */
export async function claimMailJobs(db: Db, workerId: string, now = new Date(), limit = 20): Promise<ClaimedMailJob[]> {
  await expireMailJobs(db, now);
  const candidates = await db.mailJob.findMany({
    where: claimable(now),
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true },
  });
  const claimed: (ClaimedMailJob & { userId: string | null })[] = [];
  const claimedUntil = new Date(now.getTime() + CLAIM_SECONDS * 1000);
  for (const { id } of candidates) {
    const { count } = await db.mailJob.updateMany({
      where: { id, ...claimable(now) },
      data: { status: "sending", claimedBy: workerId, claimedUntil, attempts: { increment: 1 } },
    });
    if (!count) continue; // another server claimed it first
    const job = await db.mailJob.findUnique({
      where: { id },
      select: { id: true, key: true, kind: true, to: true, userId: true, subject: true, text: true, html: true, attempts: true, claimedBy: true },
    });
    if (job?.claimedBy === workerId) claimed.push({ ...job, claimedBy: workerId });
  }
  return skipTurnedOff(db, claimed);
}

/** Claimed jobs for people whose account was turned off since they were queued are not sent: marked skipped. */
async function skipTurnedOff(db: Db, claimed: (ClaimedMailJob & { userId: string | null })[]): Promise<ClaimedMailJob[]> {
  const userIds = [...new Set(claimed.flatMap((j) => (j.userId ? [j.userId] : [])))];
  if (!userIds.length) return claimed;
  const off = new Set(
    (await db.user.findMany({ where: { id: { in: userIds }, deactivatedAt: { not: null } }, select: { id: true } })).map((u) => u.id),
  );
  const skipped = claimed.filter((j) => j.userId && off.has(j.userId));
  for (const job of skipped) {
    await db.mailJob.updateMany({
      where: { id: job.id, claimedBy: job.claimedBy, status: "sending" },
      data: { status: "skipped", claimedUntil: null, ...(SECRET_KINDS.includes(job.kind as MailKind) ? { text: "", html: "" } : {}) },
    });
  }
  return claimed.filter((j) => !skipped.includes(j));
}

/** Jobs not sent before their `sendBefore` are given up as expired (a secret link's text is cleared). */
export async function expireMailJobs(db: Db, now = new Date()): Promise<number> {
  const where = { sendBefore: { lt: now }, OR: claimable(now).OR };
  const secret = await db.mailJob.updateMany({
    where: { ...where, kind: { in: [...SECRET_KINDS] } },
    data: { status: "expired", claimedBy: null, claimedUntil: null, text: "", html: "" },
  });
  const other = await db.mailJob.updateMany({ where, data: { status: "expired", claimedBy: null, claimedUntil: null } });
  return secret.count + other.count;
}
