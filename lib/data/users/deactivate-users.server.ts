import "server-only";
import type { Db } from "../../db/client.server";

/**
 * Turns off the accounts with these emails that are on, recording `by` (who or what turned them
 * off), and deletes the sessions of every one of them that is off, so they are signed out at once
 * (a new session is refused from the moment the account is off: lib/auth/auth.server.ts). Their
 * runs, notes and everything else stay. Returns how many were turned off now.
 */
export async function deactivateUsers(db: Db, emails: string[], by: string, now = new Date()): Promise<number> {
  const { count } = await db.user.updateMany({
    where: { email: { in: emails }, deactivatedAt: null },
    data: { deactivatedAt: now, deactivatedBy: by },
  });
  await db.session.deleteMany({ where: { user: { email: { in: emails }, deactivatedAt: { not: null } } } });
  return count;
}
