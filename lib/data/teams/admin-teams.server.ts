import "server-only";
import { TeamNameInput } from "../../auth/person-input.server";
import { normalizeRoles } from "../../auth/roles";
import type { Db } from "../../db/client.server";
import { AppError, notFound } from "../../errors";
import { personLabel, recordAudit } from "../audit/record-audit.server";
import { asAdminActor, type Admin } from "../people/admin-actor.server";
import { peopleTransaction, type Tx } from "../people/people-transaction.server";

function checkName(name: string): string {
  const parsed = TeamNameInput.safeParse(name);
  if (!parsed.success) throw new AppError("bad-request", parsed.error.issues[0]!.message);
  return parsed.data;
}

/** Team names are unique, whatever their case (the roster CSV names teams): the other team with this name, if any. */
export async function findTeamByName(tx: Pick<Db, "team">, name: string, exceptId?: string) {
  const candidates = await tx.team.findMany({ select: { id: true, name: true, archivedAt: true } });
  const wanted = name.trim().toLowerCase();
  return candidates.find((t) => t.name.toLowerCase() === wanted && t.id !== exceptId) ?? null;
}

/** Creates a team inside the caller's transaction (also used by the roster import). */
export async function writeTeam(tx: Tx, actor: { id: string | null; label: string }, name: string, now = new Date()) {
  const team = await tx.team.create({ data: { name, createdAt: now }, select: { id: true, name: true } });
  await recordAudit(tx, { actor, action: "team.created", target: { userId: null, label: team.name }, at: now });
  return team;
}

export async function createTeam(db: Db, admin: Admin, name: string) {
  const actor = asAdminActor(admin);
  const checked = checkName(name);
  return peopleTransaction(db, async (tx) => {
    const other = await findTeamByName(tx, checked);
    if (other) throw new AppError("conflict", `a team called ${other.name} exists already${other.archivedAt ? " (archived: restore it instead)" : ""}`);
    return writeTeam(tx, actor, checked);
  });
}

export async function renameTeam(db: Db, admin: Admin, teamId: string, name: string) {
  const actor = asAdminActor(admin);
  const checked = checkName(name);
  return peopleTransaction(db, async (tx) => {
    const team = await tx.team.findUnique({ where: { id: teamId }, select: { name: true } });
    if (!team) throw notFound("team");
    if (team.name === checked) return false;
    const other = await findTeamByName(tx, checked, teamId);
    if (other) throw new AppError("conflict", `a team called ${other.name} exists already`);
    await tx.team.update({ where: { id: teamId }, data: { name: checked } });
    await recordAudit(tx, { actor, action: "team.renamed", target: { userId: null, label: checked }, detail: { from: team.name, to: checked } });
    return true;
  });
}

/**
 * Archives a team (or restores it): its members, managers, assignments and history stay as they
 * are, and its managers still see it, but no one new can be put in it or invited to it.
 */
export async function setTeamArchived(db: Db, admin: Admin, teamId: string, archived: boolean, now = new Date()) {
  const actor = asAdminActor(admin);
  return peopleTransaction(db, async (tx) => {
    const { count } = await tx.team.updateMany({
      where: { id: teamId, archivedAt: archived ? null : { not: null } },
      data: { archivedAt: archived ? now : null },
    });
    const team = await tx.team.findUnique({ where: { id: teamId }, select: { name: true } });
    if (!team) throw notFound("team");
    if (count === 0) return false;
    await recordAudit(tx, { actor, action: archived ? "team.archived" : "team.restored", target: { userId: null, label: team.name }, at: now });
    return true;
  });
}

/** Makes a person a manager of a team (they must hold the manager role and be on). */
export async function addTeamManager(db: Db, admin: Admin, teamId: string, userId: string) {
  const actor = asAdminActor(admin);
  return peopleTransaction(db, async (tx) => {
    const team = await tx.team.findUnique({ where: { id: teamId }, select: { name: true, archivedAt: true } });
    if (!team) throw notFound("team");
    if (team.archivedAt) throw new AppError("conflict", `${team.name} is archived: restore it first`);
    const user = await tx.user.findUnique({ where: { id: userId }, select: { name: true, email: true, deactivatedAt: true, roles: { select: { role: true } } } });
    if (!user) throw notFound("person");
    if (user.deactivatedAt) throw new AppError("conflict", `${user.name} is turned off`);
    if (!normalizeRoles(user.roles.map((r) => r.role)).includes("manager")) {
      throw new AppError("conflict", `${user.name} is not a manager: give them the manager role first`);
    }
    const key = { teamId, userId };
    if (await tx.teamManager.findUnique({ where: { teamId_userId: key } })) return false;
    await tx.teamManager.create({ data: key });
    await recordAudit(tx, { actor, action: "team.manager-added", target: { userId, label: personLabel(user) }, detail: { team: team.name } });
    return true;
  });
}

export async function removeTeamManager(db: Db, admin: Admin, teamId: string, userId: string) {
  const actor = asAdminActor(admin);
  return peopleTransaction(db, async (tx) => {
    const { count } = await tx.teamManager.deleteMany({ where: { teamId, userId } });
    if (count === 0) return false;
    const [team, user] = await Promise.all([
      tx.team.findUnique({ where: { id: teamId }, select: { name: true } }),
      tx.user.findUnique({ where: { id: userId }, select: { name: true, email: true } }),
    ]);
    await recordAudit(tx, {
      actor,
      action: "team.manager-removed",
      target: { userId, label: user ? personLabel(user) : userId },
      detail: { team: team?.name ?? teamId },
    });
    return true;
  });
}

/** Every team for the administrator: members, trainees, managers. Archived ones last. */
export async function listTeamsForAdmin(db: Db) {
  const teams = await db.team.findMany({
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: {
      id: true,
      name: true,
      createdAt: true,
      archivedAt: true,
      _count: { select: { users: { where: { deactivatedAt: null } } } },
      managers: { select: { user: { select: { id: true, name: true } } } },
    },
  });
  const trainees = await db.user.groupBy({
    by: ["teamId"],
    where: { teamId: { not: null }, deactivatedAt: null, roles: { some: { role: "trainee" } } },
    _count: { _all: true },
  });
  const traineeCount = new Map(trainees.map((t) => [t.teamId, t._count._all]));
  const rows = teams.map((t) => ({
    id: t.id,
    name: t.name,
    createdAt: t.createdAt,
    archivedAt: t.archivedAt,
    members: t._count.users,
    trainees: traineeCount.get(t.id) ?? 0,
    managers: t.managers.map((m) => m.user).sort((a, b) => a.name.localeCompare(b.name)),
  }));
  return [...rows.filter((t) => !t.archivedAt), ...rows.filter((t) => t.archivedAt)];
}

/** One team with its members and managers, for its administrator page. */
export async function getTeamForAdmin(db: Db, teamId: string) {
  const team = await db.team.findUnique({
    where: { id: teamId },
    select: {
      id: true,
      name: true,
      createdAt: true,
      archivedAt: true,
      users: {
        orderBy: [{ name: "asc" }, { id: "asc" }],
        select: { id: true, name: true, email: true, deactivatedAt: true, erasedAt: true, roles: { select: { role: true } } },
      },
      managers: { select: { user: { select: { id: true, name: true, email: true, deactivatedAt: true } } } },
    },
  });
  if (!team) throw notFound("team");
  return {
    ...team,
    users: team.users.map((u) => ({ ...u, roles: normalizeRoles(u.roles.map((r) => r.role)) })),
    managers: team.managers.map((m) => m.user).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** Teams that can take someone new, for pickers. */
export async function findOpenTeams(db: Db) {
  return db.team.findMany({ where: { archivedAt: null }, orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true } });
}
