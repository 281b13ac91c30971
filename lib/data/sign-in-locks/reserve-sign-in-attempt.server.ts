import "server-only";
import type { Db } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";

/**
 * How many sign-in attempts that have not succeeded one key (an account or a client address) may
 * have in a window. With `lockSeconds`, reaching the limit locks the key for that long, whatever
 * the window; without, the key is refused until its window ends.
 */
export interface AttemptRule {
  maxFailures: number;
  windowSeconds: number;
  lockSeconds?: number;
}

export type Reservation = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const refused = (until: Date, now: Date): Reservation => ({
  allowed: false,
  retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
});

/**
 * Counts a sign-in attempt for `key` before the password is checked, or refuses it. The attempt
 * counts as a failure from the start, so many attempts at the same moment cannot all slip under
 * the limit: the caller takes it back with clearSignInFailures (the password was right) or
 * releaseSignInAttempt (no password was checked, or a success that must not reset the key).
 * Every write is conditional on what was read, so servers sharing the database agree.
 */
export async function reserveSignInAttempt(db: Db, key: string, rule: AttemptRule, now = new Date()): Promise<Reservation> {
  const windowMs = rule.windowSeconds * 1000;
  const lockUntil = rule.lockSeconds ? new Date(now.getTime() + rule.lockSeconds * 1000) : null;
  for (let attempt = 0; attempt < 20; attempt++) {
    const row = await db.signInLock.findUnique({ where: { key } });
    if (!row) {
      try {
        await db.signInLock.create({
          data: { key, failures: 1, windowStart: now, lockedUntil: rule.maxFailures <= 1 ? lockUntil : null },
        });
        return { allowed: true };
      } catch (err) {
        if (isUniqueViolation(err)) continue; // another attempt created it first
        throw err;
      }
    }
    if (row.lockedUntil && row.lockedUntil > now) return refused(row.lockedUntil, now);
    const windowEnd = new Date(row.windowStart.getTime() + windowMs);
    if (windowEnd <= now || row.lockedUntil) {
      // The window is over, or a lock ran out: this attempt starts a new window.
      const { count } = await db.signInLock.updateMany({
        where: { key, windowStart: row.windowStart, failures: row.failures, lockedUntil: row.lockedUntil },
        data: { failures: 1, windowStart: now, lockedUntil: rule.maxFailures <= 1 ? lockUntil : null },
      });
      if (count) return { allowed: true };
      continue;
    }
    // At the limit with no lock yet: another attempt is about to set it (or the rule has none).
    if (row.failures >= rule.maxFailures) return refused(lockUntil ?? windowEnd, now);
    const { count } = await db.signInLock.updateMany({
      where: { key, windowStart: row.windowStart, failures: { lt: rule.maxFailures }, lockedUntil: null },
      data: { failures: { increment: 1 } },
    });
    if (!count) continue;
    // The attempt that reaches the limit locks the key (once: the lock is only set where none is).
    if (lockUntil) {
      await db.signInLock.updateMany({
        where: { key, windowStart: row.windowStart, failures: { gte: rule.maxFailures }, lockedUntil: null },
        data: { lockedUntil: lockUntil },
      });
    }
    return { allowed: true };
  }
  // Twenty lost races in a row: the key is under heavy concurrent attack; refuse this one.
  return refused(new Date(now.getTime() + 1000), now);
}
