import "server-only";
import { grantableRoles, normalizeRoles, roleList, type Role } from "../../auth/roles";
import { hashLinkToken, LINK_TOKEN_PATTERN, newRecordId } from "../../auth/tokens.server";
import type { Db } from "../../db/client.server";
import { AppError } from "../../errors";
import { recordAudit } from "../audit/record-audit.server";
import { peopleTransaction } from "../people/people-transaction.server";
import { idsOf, rolesOfInvitation } from "./invitation-rules.server";
import { invitationProblem } from "./find-invitation.server";

export interface AcceptedInvitation {
  userId: string;
  email: string;
  roles: Role[];
}

/**
 * The invited person accepts: in one transaction the link is used up (only an open, unexpired
 * invitation can be), the account is created with the invitation's roles and teams and a password
 * (hashed by the caller with Better Auth's hasher, so it signs in like any other), and the audit
 * log says so. The roles come from the stored invitation, never from the request, and are checked
 * against the inviter's roles now: an inviter who is no longer an active administrator invites
 * no one. Public sign-up stays off: this is the only other way an account with a password is made.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  person: { name: string; passwordHash: string },
  now = new Date(),
): Promise<AcceptedInvitation> {
  const invalid = () => new AppError("not-found", invitationProblem(null, now)!);
  if (!LINK_TOKEN_PATTERN.test(token)) throw invalid();
  const tokenHash = hashLinkToken(token);
  return peopleTransaction(db, async (tx) => {
    const claimed = await tx.invitation.updateMany({
      where: { tokenHash, openFor: { not: null }, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now, openFor: null },
    });
    const invitation = await tx.invitation.findUnique({ where: { tokenHash } });
    if (!invitation) throw invalid();
    if (claimed.count === 0) throw new AppError("conflict", invitationProblem(invitation, now) ?? invitationProblem(null, now)!);

    const roles = rolesOfInvitation(invitation.roles);
    const inviter = invitation.invitedById
      ? await tx.user.findUnique({ where: { id: invitation.invitedById }, select: { deactivatedAt: true, roles: { select: { role: true } } } })
      : null;
    const inviterRoles = inviter && !inviter.deactivatedAt ? normalizeRoles(inviter.roles.map((r) => r.role)) : [];
    const beyond = roles.filter((r) => !grantableRoles(inviterRoles).includes(r));
    if (roles.length === 0 || beyond.length) {
      throw new AppError(
        "forbidden",
        `This invitation gives ${roleList(beyond.length ? beyond : roles) || "no role"}, which the person who sent it can no longer grant. Ask an administrator for a new invitation.`,
      );
    }
    if (await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } })) {
      throw new AppError("conflict", "An account with this email exists already. Sign in, or ask your administrator to reset your password.");
    }

    // Teams archived since the invitation was sent are left out.
    const wanted = [...(invitation.teamId ? [invitation.teamId] : []), ...idsOf(invitation.managesTeamIds)];
    const open = new Set(
      (await tx.team.findMany({ where: { id: { in: wanted }, archivedAt: null }, select: { id: true } })).map((t) => t.id),
    );
    const userId = newRecordId();
    await tx.user.create({
      data: {
        id: userId,
        name: person.name,
        email: invitation.email,
        emailVerified: true,
        teamId: invitation.teamId && open.has(invitation.teamId) ? invitation.teamId : null,
        createdAt: now,
        updatedAt: now,
      },
    });
    for (const role of roles) await tx.userRole.create({ data: { userId, role } });
    if (roles.includes("manager")) {
      for (const teamId of idsOf(invitation.managesTeamIds).filter((id) => open.has(id))) {
        await tx.teamManager.create({ data: { teamId, userId } });
      }
    }
    // The account Better Auth's email sign-in reads: provider "credential", its id the user's.
    await tx.account.create({
      data: { id: newRecordId(), accountId: userId, providerId: "credential", userId, password: person.passwordHash, createdAt: now, updatedAt: now },
    });
    await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedUserId: userId } });
    await recordAudit(tx, {
      actor: { id: userId, label: `${person.name} <${invitation.email}>` },
      action: "invitation.accepted",
      target: { userId, label: `${person.name} <${invitation.email}>` },
      detail: { roles },
      at: now,
    });
    return { userId, email: invitation.email, roles };
  });
}
