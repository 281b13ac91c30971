import "server-only";
import type { Role } from "../../auth/roles";
import { hashLinkToken, LINK_TOKEN_PATTERN, newRecordId } from "../../auth/tokens.server";
import type { Db } from "../../db/client.server";
import { AppError } from "../../errors";
import { personLabel, recordAudit } from "../audit/record-audit.server";
import { findUserRoles } from "../people/find-user-roles.server";
import { peopleTransaction } from "../people/people-transaction.server";

const NOT_VALID = "This sign-in link is not valid. Check that you copied all of it, or run npm run admin:create again for a new one.";

function linkProblem(row: { usedAt: Date | null; expiresAt: Date } | null, now: Date): string | null {
  if (!row) return NOT_VALID;
  if (row.usedAt) return "This sign-in link was used already: it works once. Sign in with the password you chose.";
  if (row.expiresAt <= now) return "This sign-in link expired. Run npm run admin:create again for a new one.";
  return null;
}

export type SignInLinkLookup = { ok: true; name: string; email: string } | { ok: false; problem: string };

/** The person behind a one-time sign-in link, for its page (nothing is changed). */
export async function findSignInLink(db: Db, token: string, now = new Date()): Promise<SignInLinkLookup> {
  const row = LINK_TOKEN_PATTERN.test(token)
    ? await db.signInLink.findUnique({ where: { tokenHash: hashLinkToken(token) }, include: { user: { select: { name: true, email: true, deactivatedAt: true } } } })
    : null;
  const problem = linkProblem(row, now) ?? (row?.user.deactivatedAt ? "This account is turned off." : null);
  if (problem || !row) return { ok: false, problem: problem! };
  return { ok: true, name: row.user.name, email: row.user.email };
}

/**
 * Uses a one-time sign-in link: in one transaction the link is used up (only an unused, unexpired
 * one can be), the person's password is set (hashed by the caller with Better Auth's hasher), their
 * other sessions end, and the audit log says so. The link carries no roles: the person signs in
 * with the roles they hold.
 */
export async function redeemSignInLink(
  db: Db,
  token: string,
  passwordHash: string,
  now = new Date(),
): Promise<{ userId: string; email: string; roles: Role[] }> {
  if (!LINK_TOKEN_PATTERN.test(token)) throw new AppError("not-found", NOT_VALID);
  const tokenHash = hashLinkToken(token);
  return peopleTransaction(db, async (tx) => {
    const claimed = await tx.signInLink.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    const link = await tx.signInLink.findUnique({ where: { tokenHash }, include: { user: { select: { id: true, name: true, email: true, deactivatedAt: true } } } });
    if (!link) throw new AppError("not-found", NOT_VALID);
    if (claimed.count === 0) throw new AppError("conflict", linkProblem(link, now) ?? NOT_VALID);
    const { user } = link;
    if (user.deactivatedAt) throw new AppError("forbidden", "This account is turned off.");
    const credential = await tx.account.findFirst({ where: { userId: user.id, providerId: "credential" }, select: { id: true } });
    if (credential) await tx.account.update({ where: { id: credential.id }, data: { password: passwordHash, updatedAt: now } });
    else
      await tx.account.create({
        data: { id: newRecordId(), accountId: user.id, providerId: "credential", userId: user.id, password: passwordHash, createdAt: now, updatedAt: now },
      });
    await tx.session.deleteMany({ where: { userId: user.id } });
    await recordAudit(tx, { actor: { id: user.id, label: personLabel(user) }, action: "person.signed-in-with-link", target: { userId: user.id, label: personLabel(user) }, at: now });
    return { userId: user.id, email: user.email, roles: await findUserRoles(tx, user.id) };
  });
}
