import "server-only";
import type { Db } from "../../db/client.server";

/** Forgets a key's failures and lock: the account's owner signed in with the right password. */
export async function clearSignInFailures(db: Db, key: string): Promise<void> {
  await db.signInLock.deleteMany({ where: { key } });
}
