import "server-only";
import type { Db } from "../../db/client.server";
import { AppError, notFound } from "../../errors";
import { recordAudit } from "../audit/record-audit.server";
import { asAdminActor, type Admin } from "../people/admin-actor.server";
import { peopleTransaction } from "../people/people-transaction.server";
import { createInvitation, type CreatedInvitation } from "./create-invitation.server";
import { idsOf, rolesOfInvitation } from "./invitation-rules.server";

/** Withdraws an open invitation: its link stops working. Returns false when it was not open any more. */
export async function revokeInvitation(db: Db, admin: Admin, invitationId: string, now = new Date()): Promise<boolean> {
  const actor = asAdminActor(admin);
  return peopleTransaction(db, async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { id: invitationId, openFor: { not: null } }, data: { openFor: null, revokedAt: now } });
    const row = await tx.invitation.findUnique({ where: { id: invitationId }, select: { email: true, name: true } });
    if (!row) throw notFound("invitation");
    if (count === 0) return false;
    await recordAudit(tx, { actor, action: "invitation.revoked", target: { userId: null, label: row.name ? `${row.name} <${row.email}>` : row.email }, at: now });
    return true;
  });
}

/**
 * A new link for an open (or expired) invitation, with the same roles and teams, valid 7 days from
 * now; the old link stops working. Links are stored only as hashes, so this is how an
 * administrator gets one again.
 */
export async function renewInvitation(db: Db, admin: Admin, invitationId: string, options: { baseUrl: string; now?: Date }): Promise<CreatedInvitation> {
  const row = await db.invitation.findUnique({ where: { id: invitationId } });
  if (!row) throw notFound("invitation");
  if (!row.openFor) throw new AppError("conflict", "this invitation was accepted or withdrawn: invite the person again instead");
  return createInvitation(
    db,
    admin,
    { email: row.email, name: row.name, roles: rolesOfInvitation(row.roles), teamId: row.teamId, managesTeamIds: idsOf(row.managesTeamIds) },
    options,
  );
}
