import "server-only";
import { EmailInput, NameInput } from "../../auth/person-input.server";
import { newLinkToken, newRecordId } from "../../auth/tokens.server";
import type { Db } from "../../db/client.server";
import { AppError } from "../../errors";
import { personLabel, recordAudit } from "../audit/record-audit.server";
import { writeRoles } from "../people/change-roles.server";
import { peopleTransaction } from "../people/people-transaction.server";
import { findUserRoles } from "../people/find-user-roles.server";

/** A first administrator's sign-in link works for 24 hours. */
export const SIGN_IN_LINK_HOURS = 24;

export const FIRST_ADMIN_ACTOR = { id: null, label: "npm run admin:create" };

export function signInLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/sign-in/link/${token}`;
}

/**
 * `npm run admin:create`: makes the first administrator and returns a one-time sign-in link where
 * they choose a password. Only while the organisation has no active administrator who can sign
 * in: once one has, this refuses and says who (they invite everyone else). Running it again before
 * the link is used (it expired, it was lost) gives a new link and the old one stops working.
 * The person is created, or, when the email is someone's already, given the admin role.
 */
export async function createFirstAdmin(
  db: Db,
  input: { email: string; name: string },
  options: { baseUrl: string; now?: Date },
): Promise<{ link: string; userId: string; created: boolean; wasAdmin: boolean; expiresAt: Date }> {
  const now = options.now ?? new Date();
  const email = EmailInput.safeParse(input.email);
  if (!email.success) throw new AppError("bad-request", `--email: ${email.error.issues[0]!.message.replace(/^email: /, "")}`);
  const name = NameInput.safeParse(input.name);
  if (!name.success) throw new AppError("bad-request", `--name: ${name.error.issues[0]!.message.replace(/^name: /, "")}`);

  const { token, hash } = newLinkToken();
  const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_HOURS * 3600_000);
  const result = await peopleTransaction(db, async (tx) => {
    const admin = await tx.user.findFirst({
      where: { deactivatedAt: null, roles: { some: { role: "admin" } }, accounts: { some: {} } },
      select: { email: true },
    });
    if (admin) {
      throw new AppError(
        "conflict",
        `an administrator already exists (${admin.email}): ask them to invite you from People. admin:create only makes the first one.`,
      );
    }
    let user = await tx.user.findUnique({ where: { email: email.data }, select: { id: true, name: true, email: true, deactivatedBy: true } });
    const created = !user;
    if (user?.deactivatedBy === "demo-mode") {
      throw new AppError("conflict", `${email.data} is a demo account (its password is public): choose another email`);
    }
    if (!user) {
      const id = newRecordId();
      user = await tx.user.create({
        data: { id, name: name.data, email: email.data, emailVerified: true, createdAt: now, updatedAt: now },
        select: { id: true, name: true, email: true, deactivatedBy: true },
      });
    } else {
      await tx.user.update({ where: { id: user.id }, data: { deactivatedAt: null, deactivatedBy: null } });
    }
    const before = await findUserRoles(tx, user.id);
    await writeRoles(tx, user.id, [...new Set([...before, "admin" as const])]);
    // One link at a time: an earlier unused one stops working.
    await tx.signInLink.deleteMany({ where: { userId: user.id, usedAt: null } });
    await tx.signInLink.create({ data: { tokenHash: hash, userId: user.id, createdAt: now, expiresAt } });
    await recordAudit(tx, {
      actor: FIRST_ADMIN_ACTOR,
      action: "admin.created",
      target: { userId: user.id, label: personLabel(user) },
      detail: { newPerson: created },
      at: now,
    });
    return { userId: user.id, created, wasAdmin: before.includes("admin") };
  });
  return { link: signInLinkUrl(options.baseUrl, token), expiresAt, ...result };
}
