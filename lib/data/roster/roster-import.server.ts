import "server-only";
import { createHash } from "node:crypto";
import { grantableRoles, normalizeRoles, roleList, type Role } from "../../auth/roles";
import type { Db } from "../../db/client.server";
import { AppError } from "../../errors";
import { parseRoster, type RosterProblem } from "../../roster/roster-csv";
import { personLabel, recordAudit } from "../audit/record-audit.server";
import { writeInvitation } from "../invitations/create-invitation.server";
import { idsOf, invitationLink, rolesOfInvitation } from "../invitations/invitation-rules.server";
import { asAdminActor, type Admin } from "../people/admin-actor.server";
import { writeRoles } from "../people/change-roles.server";
import { assertAnAdminRemains, peopleTransaction, type Tx } from "../people/people-transaction.server";
import { writeTeam } from "../teams/admin-teams.server";

/** What importing one line will do. */
export type RosterAction =
  | { line: number; email: string; kind: "invite"; name: string; roles: Role[]; team: string | null; replacesInvitation: boolean }
  | {
      line: number;
      email: string;
      kind: "update";
      userId: string;
      name: string;
      roles: { before: Role[]; after: Role[] };
      team: { from: string | null; to: string | null };
      /** The team they will manage too (a manager's line names the team they manage). */
      manages: string | null;
      off: boolean;
    }
  | { line: number; email: string; kind: "unchanged"; why: string };

export interface RosterPlan {
  actions: RosterAction[];
  problems: RosterProblem[];
  /** Teams the import creates (named on a line, not there yet). */
  newTeams: string[];
  /** Names the plan, so an import does exactly what its preview said (or nothing). */
  digest: string;
}

type Reader = Pick<Db, "user" | "team" | "invitation">;

/**
 * What importing a roster would do, line by line, without doing it. By email: a new address gets
 * an invitation (roles from the line, trainee when empty; its team; a manager also manages it); an
 * address with an open invitation that says the same is left alone; a person who exists gets the
 * line's roles (kept when the cell is empty) and team (kept when the file has no team column, none
 * when the cell is empty), and a manager's line adds the team to those they manage. Names of people
 * who exist are theirs and are not changed. Importing the same file twice changes nothing.
 */
export async function planRosterImport(db: Reader, admin: Admin, csv: string): Promise<RosterPlan> {
  const parsed = parseRoster(csv);
  const problems = [...parsed.problems];
  const emails = parsed.lines.map((l) => l.email);
  const [users, invitations, teams] = await Promise.all([
    db.user.findMany({
      where: { email: { in: emails } },
      select: {
        id: true,
        name: true,
        email: true,
        teamId: true,
        deactivatedAt: true,
        roles: { select: { role: true } },
        managedTeams: { select: { teamId: true } },
      },
    }),
    db.invitation.findMany({ where: { openFor: { in: emails } } }),
    db.team.findMany({ select: { id: true, name: true, archivedAt: true } }),
  ]);
  const userByEmail = new Map(users.map((u) => [u.email, u]));
  const invitationByEmail = new Map(invitations.map((i) => [i.email, i]));
  const teamByName = new Map(teams.map((t) => [t.name.toLowerCase(), t]));
  const teamById = new Map(teams.map((t) => [t.id, t]));
  const newTeams = new Map<string, string>();
  const grantable = grantableRoles(admin.roles);

  /** The team a line names: an existing one's name as spelt there, or a new one's. */
  const teamNamed = (name: string, line: number): string | undefined => {
    const existing = teamByName.get(name.toLowerCase());
    if (existing?.archivedAt) {
      problems.push({ line, message: `the team ${existing.name} is archived: restore it first, or name another team` });
      return undefined;
    }
    if (existing) return existing.name;
    if (!newTeams.has(name.toLowerCase())) newTeams.set(name.toLowerCase(), name);
    return newTeams.get(name.toLowerCase())!;
  };

  const actions: RosterAction[] = [];
  for (const l of parsed.lines) {
    const roles = l.roles;
    const beyond = (roles ?? []).filter((r) => !grantable.includes(r));
    if (beyond.length) {
      problems.push({ line: l.line, message: `you cannot grant ${roleList(beyond)}: it is more than you hold` });
      continue;
    }
    const team = l.team ? teamNamed(l.team, l.line) : l.team;
    if (team === undefined && l.team) continue;
    const user = userByEmail.get(l.email);
    if (!user) {
      const wanted = roles ?? (["trainee"] as Role[]);
      const open = invitationByEmail.get(l.email);
      if (open && sameInvitation(open, wanted, team ?? null, teamById)) {
        actions.push({ line: l.line, email: l.email, kind: "unchanged", why: `invited already, until ${open.expiresAt.toISOString().slice(0, 10)}` });
      } else {
        actions.push({ line: l.line, email: l.email, kind: "invite", name: l.name, roles: wanted, team: team ?? null, replacesInvitation: Boolean(open) });
      }
      continue;
    }
    const before = normalizeRoles(user.roles.map((r) => r.role));
    const after = roles ?? before;
    if (user.id === admin.id && before.includes("admin") && !after.includes("admin")) {
      problems.push({ line: l.line, message: "this line takes away your own admin role: ask another administrator to do it" });
      continue;
    }
    const from = user.teamId ? (teamById.get(user.teamId)?.name ?? null) : null;
    const to = team === undefined ? from : team;
    const manages = after.includes("manager") && to ? to : null;
    const alreadyManages = manages ? user.managedTeams.some((m) => teamById.get(m.teamId)?.name === manages) : true;
    if (before.join() === after.join() && from === to && alreadyManages) {
      actions.push({ line: l.line, email: l.email, kind: "unchanged", why: "already so" });
      continue;
    }
    actions.push({
      line: l.line,
      email: l.email,
      kind: "update",
      userId: user.id,
      name: user.name,
      roles: { before, after },
      team: { from, to },
      manages: alreadyManages ? null : manages,
      off: Boolean(user.deactivatedAt),
    });
  }
  problems.sort((a, b) => a.line - b.line);
  const plan = { actions, problems, newTeams: [...newTeams.values()] };
  return { ...plan, digest: createHash("sha256").update(JSON.stringify(plan)).digest("hex") };
}

function sameInvitation(
  open: { roles: string; teamId: string | null; managesTeamIds: string },
  roles: Role[],
  team: string | null,
  teamById: Map<string, { name: string }>,
): boolean {
  const openTeam = open.teamId ? (teamById.get(open.teamId)?.name ?? null) : null;
  const openManages = idsOf(open.managesTeamIds).map((id) => teamById.get(id)?.name);
  const manages = roles.includes("manager") && team ? [team] : [];
  return rolesOfInvitation(open.roles).join() === roles.join() && openTeam === team && openManages.join() === manages.join();
}

export interface RosterResult {
  invited: { line: number; email: string; name: string; link: string; invitationId: string; expiresAt: Date }[];
  updated: number;
  unchanged: number;
  newTeams: string[];
}

/**
 * Imports a roster exactly as its preview said: the plan is made again inside one transaction and
 * must have the same digest (else nothing is done and the administrator sees the new preview), and
 * a file with a problem on any line imports nothing. Every change is in the audit log, with one
 * entry for the import itself. Returns the invitation links, shown once.
 */
export async function importRoster(
  db: Db,
  admin: Admin,
  csv: string,
  options: { digest: string; baseUrl: string; now?: Date },
): Promise<RosterResult> {
  const actor = asAdminActor(admin);
  const now = options.now ?? new Date();
  return peopleTransaction(db, async (tx: Tx) => {
    const plan = await planRosterImport(tx, admin, csv);
    if (plan.problems.length) throw new AppError("bad-request", `line ${plan.problems[0]!.line}: ${plan.problems[0]!.message}`);
    if (plan.digest !== options.digest) {
      throw new AppError("conflict", "people or teams changed since the preview: check the new preview, then import again");
    }
    const teamIds = new Map<string, string>();
    for (const t of await tx.team.findMany({ select: { id: true, name: true } })) teamIds.set(t.name, t.id);
    for (const name of plan.newTeams) teamIds.set(name, (await writeTeam(tx, actor, name, now)).id);

    const result: RosterResult = { invited: [], updated: 0, unchanged: 0, newTeams: plan.newTeams };
    for (const a of plan.actions) {
      if (a.kind === "unchanged") {
        result.unchanged++;
      } else if (a.kind === "invite") {
        const teamId = a.team ? teamIds.get(a.team)! : null;
        const { token, invitation } = await writeInvitation(
          tx,
          actor,
          { email: a.email, name: a.name, roles: a.roles, teamId, managesTeamIds: a.roles.includes("manager") && teamId ? [teamId] : [] },
          now,
        );
        result.invited.push({
          line: a.line,
          email: a.email,
          name: a.name,
          link: invitationLink(options.baseUrl, token),
          invitationId: invitation.id,
          expiresAt: invitation.expiresAt,
        });
      } else {
        const label = personLabel({ name: a.name, email: a.email });
        if (a.roles.before.join() !== a.roles.after.join()) {
          await writeRoles(tx, a.userId, a.roles.after);
          await recordAudit(tx, { actor, action: "person.roles-changed", target: { userId: a.userId, label }, detail: { ...a.roles, by: "roster import" }, at: now });
        }
        if (a.team.from !== a.team.to) {
          await tx.user.update({ where: { id: a.userId }, data: { teamId: a.team.to ? teamIds.get(a.team.to)! : null } });
          await recordAudit(tx, { actor, action: "person.team-changed", target: { userId: a.userId, label }, detail: { ...a.team, by: "roster import" }, at: now });
        }
        if (a.manages) {
          const teamId = teamIds.get(a.manages)!;
          await tx.teamManager.upsert({ where: { teamId_userId: { teamId, userId: a.userId } }, create: { teamId, userId: a.userId }, update: {} });
          await recordAudit(tx, { actor, action: "team.manager-added", target: { userId: a.userId, label }, detail: { team: a.manages, by: "roster import" }, at: now });
        }
        result.updated++;
      }
    }
    await assertAnAdminRemains(tx);
    await recordAudit(tx, {
      actor,
      action: "roster.imported",
      detail: { lines: plan.actions.length, invited: result.invited.length, updated: result.updated, unchanged: result.unchanged, newTeams: plan.newTeams },
      at: now,
    });
    return result;
  });
}
