import "server-only";
import type { Db } from "../../db/client.server";

/** Takes back one attempt reserved by reserveSignInAttempt: it was not a wrong password. */
export async function releaseSignInAttempt(db: Db, key: string): Promise<void> {
  await db.signInLock.updateMany({ where: { key, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
}
