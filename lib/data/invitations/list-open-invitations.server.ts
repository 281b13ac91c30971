import "server-only";
import type { Db } from "../../db/client.server";
import { idsOf, rolesOfInvitation } from "./invitation-rules.server";

/** Open invitations (neither accepted nor withdrawn), newest first, expired ones included and marked. */
export async function listOpenInvitations(db: Db, now = new Date(), limit = 200) {
  const rows = await db.invitation.findMany({
    where: { openFor: { not: null } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { team: { select: { name: true } }, invitedBy: { select: { name: true } } },
  });
  const managed = new Set(rows.flatMap((r) => idsOf(r.managesTeamIds)));
  const teams = managed.size ? await db.team.findMany({ where: { id: { in: [...managed] } }, select: { id: true, name: true } }) : [];
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    roles: rolesOfInvitation(r.roles),
    team: r.team?.name ?? null,
    manages: idsOf(r.managesTeamIds).map((id) => teamName.get(id) ?? "(a removed team)"),
    invitedBy: r.invitedBy?.name ?? null,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    expired: r.expiresAt <= now,
  }));
}
