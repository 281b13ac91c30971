import "server-only";
import type { Db } from "../../db/client.server";

/** Turns on again the accounts with these emails that `by` turned off (not those turned off for another reason). */
export async function reactivateUsers(db: Db, emails: string[], by: string): Promise<number> {
  const { count } = await db.user.updateMany({
    where: { email: { in: emails }, deactivatedBy: by, deactivatedAt: { not: null } },
    data: { deactivatedAt: null, deactivatedBy: null },
  });
  return count;
}
