import "server-only";
import { grantableRoles, normalizeRoles, ROLES, roleList, type Role } from "../../auth/roles";
import type { Db } from "../../db/client.server";
import { AppError, notFound } from "../../errors";
import { personLabel, recordAudit, type AuditActor } from "../audit/record-audit.server";
import { asAdminActor, type Admin } from "./admin-actor.server";
import { assertAnAdminRemains, peopleTransaction, type Tx } from "./people-transaction.server";

/** Replaces a person's role rows with `roles` (inside the caller's transaction); returns the roles before. */
export async function writeRoles(tx: Pick<Db, "userRole" | "teamManager">, userId: string, roles: readonly Role[]): Promise<Role[]> {
  const before = normalizeRoles((await tx.userRole.findMany({ where: { userId }, select: { role: true } })).map((r) => r.role));
  const removed = before.filter((r) => !roles.includes(r));
  const added = roles.filter((r) => !before.includes(r));
  if (removed.length) await tx.userRole.deleteMany({ where: { userId, role: { in: removed } } });
  for (const role of added) await tx.userRole.create({ data: { userId, role } });
  // Without the manager role a person manages no team.
  if (removed.includes("manager")) await tx.teamManager.deleteMany({ where: { userId } });
  return before;
}

/**
 * Gives a person these roles on top of theirs (never removes one): for a person just created by
 * another way in, such as single sign-on's default roles. Recorded in the audit log as done by `by`.
 */
export async function addRoles(db: Db, userId: string, roles: readonly Role[], by: AuditActor): Promise<Role[]> {
  const wanted = normalizeRoles(roles);
  return peopleTransaction(db, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { name: true, email: true, roles: { select: { role: true } } } });
    if (!user) throw notFound("person");
    const before = normalizeRoles(user.roles.map((r) => r.role));
    const after = normalizeRoles([...before, ...wanted]);
    if (after.length === before.length) return before;
    await writeRoles(tx, userId, after);
    await recordAudit(tx, {
      actor: by,
      action: "person.roles-changed",
      target: { userId, label: personLabel(user) },
      detail: { before, after },
    });
    return after;
  });
}

/**
 * An administrator sets a person's roles (at least one). Refused: a role the administrator may not
 * grant, taking away one's own admin role, and leaving the organisation without an active
 * administrator (checked after the write, in a transaction no other such change runs beside).
 * Taking away `manager` also ends the teams they managed.
 */
export async function changeRoles(db: Db, admin: Admin, userId: string, roles: readonly Role[]): Promise<{ before: Role[]; after: Role[] }> {
  const actor = asAdminActor(admin);
  const after = normalizeRoles(roles);
  if (after.length === 0) throw new AppError("bad-request", `give at least one role (${ROLES.join(", ")})`);
  const beyond = after.filter((r) => !grantableRoles(admin.roles).includes(r));
  if (beyond.length) throw new AppError("forbidden", `you cannot grant ${roleList(beyond)}: it is more than you hold`);
  if (userId === admin.id && !after.includes("admin")) {
    throw new AppError("conflict", "you cannot take away your own admin role: ask another administrator to do it");
  }
  return peopleTransaction(db, async (tx: Tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { name: true, email: true, erasedAt: true } });
    if (!user) throw notFound("person");
    if (user.erasedAt) throw new AppError("conflict", "this person was erased: their roles cannot change");
    const before = await writeRoles(tx, userId, after);
    if (before.join() === after.join()) return { before, after };
    await assertAnAdminRemains(tx);
    await recordAudit(tx, { actor, action: "person.roles-changed", target: { userId, label: personLabel(user) }, detail: { before, after } });
    return { before, after };
  });
}
