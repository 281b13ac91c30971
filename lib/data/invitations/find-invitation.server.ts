import "server-only";
import type { Role } from "../../auth/roles";
import { hashLinkToken, LINK_TOKEN_PATTERN } from "../../auth/tokens.server";
import type { Db } from "../../db/client.server";
import { rolesOfInvitation } from "./invitation-rules.server";

export type InvitationLookup =
  | { ok: true; email: string; name: string; roles: Role[]; teamName: string | null; expiresAt: Date }
  | { ok: false; problem: string };

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** Why a link cannot be used, in words for the person who opened it. */
export function invitationProblem(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date } | null, now: Date): string | null {
  if (!row) return "This invitation link is not valid. Check that you copied all of it, or ask your administrator for a new one.";
  if (row.acceptedAt) return "This invitation was used already. Sign in with the email and password you chose.";
  if (row.revokedAt) return "This invitation was withdrawn or replaced by a newer one. Ask your administrator for a new link.";
  if (row.expiresAt <= now) return `This invitation expired on ${dateFormat.format(row.expiresAt)}. Ask your administrator for a new one.`;
  return null;
}

/** The invitation behind a link, for its page (nothing is changed). */
export async function findInvitation(db: Db, token: string, now = new Date()): Promise<InvitationLookup> {
  const row = LINK_TOKEN_PATTERN.test(token)
    ? await db.invitation.findUnique({ where: { tokenHash: hashLinkToken(token) }, include: { team: { select: { name: true } } } })
    : null;
  const problem = invitationProblem(row, now);
  if (problem || !row) return { ok: false, problem: problem! };
  return { ok: true, email: row.email, name: row.name, roles: rolesOfInvitation(row.roles), teamName: row.team?.name ?? null, expiresAt: row.expiresAt };
}
