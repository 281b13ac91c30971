import "server-only";
import { normalizeRoles, type Role } from "../../auth/roles";

/** An invitation link works for 7 days. */
export const INVITATION_DAYS = 7;
export const INVITATION_TTL_MS = INVITATION_DAYS * 24 * 60 * 60 * 1000;

/** The page an invited person opens. */
export function invitationLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/invite/${token}`;
}

export function rolesOfInvitation(roles: string): Role[] {
  return normalizeRoles(roles.split(","));
}

export function idsOf(list: string): string[] {
  return list.split(",").filter(Boolean);
}

/** What an invitation row says, for the seam (`createInvitation`'s `invitation`) and the pages. */
export interface InvitationSummary {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  teamId: string | null;
  managesTeamIds: string[];
  invitedById: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export function summarizeInvitation(row: {
  id: string;
  email: string;
  name: string;
  roles: string;
  teamId: string | null;
  managesTeamIds: string;
  invitedById: string | null;
  createdAt: Date;
  expiresAt: Date;
}): InvitationSummary {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: rolesOfInvitation(row.roles),
    teamId: row.teamId,
    managesTeamIds: idsOf(row.managesTeamIds),
    invitedById: row.invitedById,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}
