import "server-only";
import type { Db } from "../../db/client.server";

/** Deletes the rows whose window began before `windowStartedBefore` and that hold no lock now. */
export async function pruneSignInLocks(db: Db, windowStartedBefore: Date, now = new Date()): Promise<number> {
  const { count } = await db.signInLock.deleteMany({
    where: { windowStart: { lt: windowStartedBefore }, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
  });
  return count;
}
