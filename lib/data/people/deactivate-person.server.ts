import "server-only";
import type { Db } from "../../db/client.server";
import { AppError, notFound } from "../../errors";
import { personLabel, recordAudit } from "../audit/record-audit.server";
import { asAdminActor, type Admin } from "./admin-actor.server";
import { assertAnAdminRemains, peopleTransaction } from "./people-transaction.server";

/**
 * Turns a person off: they cannot sign in, and their sessions are deleted in the same transaction,
 * so their cookie stops working on their next request (sessions are looked up on every request,
 * D37). Their runs, notes and assignments stay and keep counting. Nobody turns themselves off, and
 * the last active administrator stays on. Returns false when they were off already.
 */
export async function deactivatePerson(db: Db, admin: Admin, userId: string, now = new Date()): Promise<boolean> {
  const actor = asAdminActor(admin);
  if (userId === admin.id) throw new AppError("conflict", "you cannot turn yourself off: ask another administrator");
  return peopleTransaction(db, async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId, deactivatedAt: null }, data: { deactivatedAt: now, deactivatedBy: admin.id } });
    const user = await tx.user.findUnique({ where: { id: userId }, select: { name: true, email: true } });
    if (!user) throw notFound("person");
    await tx.session.deleteMany({ where: { userId } });
    if (count === 0) return false;
    await assertAnAdminRemains(tx);
    await recordAudit(tx, { actor, action: "person.deactivated", target: { userId, label: personLabel(user) } });
    return true;
  });
}

/**
 * Turns a person on again, whoever turned them off, except the demo accounts while demo mode is off
 * (their passwords are public; D37) and erased people (nothing left to sign in with). Returns
 * false when they were on already.
 */
export async function reactivatePerson(db: Db, admin: Admin, userId: string): Promise<boolean> {
  const actor = asAdminActor(admin);
  return peopleTransaction(db, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { name: true, email: true, deactivatedAt: true, deactivatedBy: true, erasedAt: true } });
    if (!user) throw notFound("person");
    if (user.erasedAt) throw new AppError("conflict", "this person was erased: they cannot be turned on again (invite them anew)");
    if (!user.deactivatedAt) return false;
    if (user.deactivatedBy === "demo-mode") {
      throw new AppError("conflict", "this demo account is off because demo mode is off (its password is public): set DEMO_MODE=true to use it");
    }
    await tx.user.update({ where: { id: userId }, data: { deactivatedAt: null, deactivatedBy: null } });
    await recordAudit(tx, { actor, action: "person.reactivated", target: { userId, label: personLabel(user) } });
    return true;
  });
}
