import "server-only";
import type { Db } from "../../db/client.server";

/** Whether this person has signed in with the single sign-on provider at least once (an account row of its). */
export async function hasSsoIdentity(db: Db, userId: string, providerId: string): Promise<boolean> {
  return (await db.account.count({ where: { userId, providerId } })) > 0;
}
