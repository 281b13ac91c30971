import "server-only";
import type { Db } from "../../db/client.server";
import { AppError, notFound } from "../../errors";
import { recordAudit } from "../audit/record-audit.server";
import { deleteMailJobsForPerson } from "../mail-jobs/delete-mail-jobs-for-person.server";
import { asAdminActor, type Admin } from "./admin-actor.server";
import { assertAnAdminRemains, peopleTransaction } from "./people-transaction.server";

export const ERASED_NAME = "Erased person";

/** The address an erased person's row keeps: unique, and at a domain that cannot receive mail (RFC 2606). */
export function erasedEmail(userId: string): string {
  return `erased-${userId.toLowerCase()}@erased.invalid`;
}

/**
 * Erases a person: their name and email are replaced, their image, sessions, sign-in methods,
 * sign-in links, invitations and emails deleted, the coaching notes and turn comments on their runs deleted, and they no
 * longer manage any team; they are turned off for good. Their row stays with its roles and team,
 * so their runs still count, anonymised, in the team's figures. The audit log keeps what was done
 * and when, with their name replaced there too. Nobody erases themselves or the last active
 * administrator. Returns false when they were erased already.
 */
export async function erasePerson(db: Db, admin: Admin, userId: string, now = new Date()): Promise<boolean> {
  const actor = asAdminActor(admin);
  if (userId === admin.id) throw new AppError("conflict", "you cannot erase yourself: ask another administrator");
  return peopleTransaction(db, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { name: true, email: true, erasedAt: true, deactivatedAt: true } });
    if (!user) throw notFound("person");
    if (user.erasedAt) return false;
    const label = `${ERASED_NAME} ${userId.slice(0, 8)}`;
    await tx.user.update({
      where: { id: userId },
      data: {
        name: ERASED_NAME,
        email: erasedEmail(userId),
        emailVerified: false,
        image: null,
        erasedAt: now,
        deactivatedAt: user.deactivatedAt ?? now,
        deactivatedBy: admin.id,
      },
    });
    await tx.session.deleteMany({ where: { userId } });
    await tx.account.deleteMany({ where: { userId } });
    await tx.signInLink.deleteMany({ where: { userId } });
    await tx.teamManager.deleteMany({ where: { userId } });
    await tx.invitation.deleteMany({ where: { OR: [{ email: user.email }, { acceptedUserId: userId }] } });
    await tx.coachingNote.deleteMany({ where: { run: { userId } } });
    await tx.turnComment.deleteMany({ where: { run: { userId } } });
    await deleteMailJobsForPerson(tx, { userId, email: user.email });
    await tx.auditEntry.updateMany({ where: { targetUserId: userId }, data: { targetLabel: label } });
    await tx.auditEntry.updateMany({ where: { actorId: userId }, data: { actorLabel: label } });
    // Invitations name the invited person in the log before they had an account.
    await tx.auditEntry.updateMany({
      where: { targetUserId: null, OR: [{ targetLabel: user.email }, { targetLabel: { endsWith: `<${user.email}>` } }] },
      data: { targetLabel: label },
    });
    await assertAnAdminRemains(tx);
    await recordAudit(tx, { actor, action: "person.erased", target: { userId, label }, at: now });
    return true;
  });
}
