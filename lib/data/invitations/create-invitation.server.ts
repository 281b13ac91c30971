import "server-only";
import { z } from "zod";
import { EmailInput, OptionalNameInput } from "../../auth/person-input.server";
import { grantableRoles, normalizeRoles, ROLES, roleList, type Role } from "../../auth/roles";
import { newLinkToken } from "../../auth/tokens.server";
import type { Db } from "../../db/client.server";
import { AppError, notFound } from "../../errors";
import { recordAudit, type AuditActor } from "../audit/record-audit.server";
import { asAdminActor, type Admin } from "../people/admin-actor.server";
import { peopleTransaction, type Tx } from "../people/people-transaction.server";
import { invitationLink, INVITATION_TTL_MS, summarizeInvitation, type InvitationSummary } from "./invitation-rules.server";

/** What an administrator chooses for a person they invite. */
export interface InvitationInput {
  email: string;
  /** A name to start from; the invited person sets their own. */
  name?: string;
  roles: readonly Role[];
  /** The team they join. */
  teamId?: string | null;
  /** The teams they will manage (needs the manager role). */
  managesTeamIds?: readonly string[];
}

export interface CreatedInvitation {
  /** The page where the invited person sets their name and password: show it once, or email it. */
  link: string;
  invitation: InvitationSummary;
}

const Input = z.object({
  email: EmailInput,
  name: OptionalNameInput.optional().default(""),
  roles: z.array(z.enum(ROLES, "roles: trainee, trainer, manager or admin")).max(ROLES.length),
  teamId: z.string().max(100).nullish(),
  managesTeamIds: z.array(z.string().max(100)).max(100).optional().default([]),
});

/** Checked input with its teams looked up: the part shared with the roster import. */
export interface CheckedInvitation {
  email: string;
  name: string;
  roles: Role[];
  teamId: string | null;
  managesTeamIds: string[];
}

/** Checks an invitation against what the administrator may grant and the teams there are. */
export async function checkInvitation(db: Pick<Db, "user" | "team">, admin: Admin, input: InvitationInput): Promise<CheckedInvitation> {
  const parsed = Input.safeParse(input);
  if (!parsed.success) throw new AppError("bad-request", parsed.error.issues[0]!.message);
  const { email, name } = parsed.data;
  const roles = normalizeRoles(parsed.data.roles);
  if (roles.length === 0) throw new AppError("bad-request", "give at least one role");
  const beyond = roles.filter((r) => !grantableRoles(admin.roles).includes(r));
  if (beyond.length) throw new AppError("forbidden", `you cannot grant ${roleList(beyond)}: it is more than you hold`);
  const manages = [...new Set(parsed.data.managesTeamIds)];
  if (manages.length && !roles.includes("manager")) throw new AppError("bad-request", "only a manager manages teams: add the manager role, or choose no team to manage");
  const teamIds = [...new Set([...(parsed.data.teamId ? [parsed.data.teamId] : []), ...manages])];
  if (teamIds.length) {
    const teams = await db.team.findMany({ where: { id: { in: teamIds } }, select: { id: true, name: true, archivedAt: true } });
    if (teams.length !== teamIds.length) throw notFound("team");
    const archived = teams.find((t) => t.archivedAt);
    if (archived) throw new AppError("conflict", `${archived.name} is archived: restore it first, or choose another team`);
  }
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new AppError("conflict", `${email} already has an account: change their roles and team on their page instead`);
  }
  return { email, name, roles, teamId: parsed.data.teamId ?? null, managesTeamIds: manages };
}

/**
 * Writes an invitation inside the caller's transaction: any open invitation for the same address
 * is withdrawn first (one open invitation per address, held by a unique index), so the newest
 * link is the one that works. Returns the token: show or send it once, it is not stored.
 */
export async function writeInvitation(
  tx: Tx,
  actor: AuditActor,
  checked: CheckedInvitation,
  now: Date,
): Promise<{ token: string; invitation: InvitationSummary }> {
  await tx.invitation.updateMany({ where: { openFor: checked.email }, data: { openFor: null, revokedAt: now } });
  const { token, hash } = newLinkToken();
  const row = await tx.invitation.create({
    data: {
      tokenHash: hash,
      email: checked.email,
      name: checked.name,
      roles: checked.roles.join(","),
      teamId: checked.teamId,
      managesTeamIds: checked.managesTeamIds.join(","),
      invitedById: actor.id,
      openFor: checked.email,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
    },
  });
  const teamNames = await teamNamesOf(tx, [...(checked.teamId ? [checked.teamId] : []), ...checked.managesTeamIds]);
  await recordAudit(tx, {
    actor,
    action: "person.invited",
    target: { userId: null, label: checked.name ? `${checked.name} <${checked.email}>` : checked.email },
    detail: {
      roles: checked.roles,
      team: checked.teamId ? teamNames.get(checked.teamId) : null,
      manages: checked.managesTeamIds.map((id) => teamNames.get(id)),
      expiresAt: row.expiresAt.toISOString(),
    },
    at: now,
  });
  return { token, invitation: summarizeInvitation(row) };
}

async function teamNamesOf(tx: Pick<Db, "team">, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const teams = await tx.team.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(teams.map((t) => [t.id, t.name]));
}

/**
 * An administrator invites a person: a single-use link, valid for 7 days, where they set their
 * name and password. The invitation carries the roles and teams chosen here, never more than the
 * administrator holds; the roles are checked against the inviter again when it is accepted.
 * `baseUrl` is the app's public address (BETTER_AUTH_URL, or the one the administrator used).
 *
 * The seam for email: send `link` to `invitation.email` (and show it to the administrator too).
 */
export async function createInvitation(
  db: Db,
  admin: Admin,
  input: InvitationInput,
  options: { baseUrl: string; now?: Date },
): Promise<CreatedInvitation> {
  const actor = asAdminActor(admin);
  const now = options.now ?? new Date();
  const { token, invitation } = await peopleTransaction(db, async (tx) => writeInvitation(tx, actor, await checkInvitation(tx, admin, input), now));
  return { link: invitationLink(options.baseUrl, token), invitation };
}
