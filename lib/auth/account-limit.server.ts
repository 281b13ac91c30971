import "server-only";
import type { Db } from "../db/client.server";

/** Sign-in attempts allowed per account, whatever address they come from. */
export const ACCOUNT_LIMIT = { windowSeconds: 15 * 60, max: 20 };

/**
 * Counts a sign-in attempt for an email address and returns the seconds to wait when the
 * account has had too many in the window (else 0). The per-IP limit alone can be dodged by a
 * client that changes its address; this caps guessing on any one account. Kept in Better
 * Auth's rate-limit table, so every server shares it.
 */
export async function accountAttemptsExceeded(db: Db, email: string, now = Date.now()): Promise<number> {
  const key = `account|${email.trim().toLowerCase()}`;
  const windowMs = ACCOUNT_LIMIT.windowSeconds * 1000;
  const row = await db.rateLimit.findUnique({ where: { key } });
  if (!row || now - Number(row.lastRequest) > windowMs) {
    await db.rateLimit.upsert({
      where: { key },
      create: { id: crypto.randomUUID(), key, count: 1, lastRequest: BigInt(now) },
      update: { count: 1, lastRequest: BigInt(now) },
    });
    return 0;
  }
  if (row.count >= ACCOUNT_LIMIT.max) {
    return Math.ceil((windowMs - (now - Number(row.lastRequest))) / 1000);
  }
  await db.rateLimit.update({ where: { key }, data: { count: { increment: 1 } } });
  return 0;
}
