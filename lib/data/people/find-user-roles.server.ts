import "server-only";
import { normalizeRoles, type Role } from "../../auth/roles";
import type { Db } from "../../db/client.server";

/** A person's roles, in ROLES order (unknown values in the table are ignored). */
export async function findUserRoles(db: Pick<Db, "userRole">, userId: string): Promise<Role[]> {
  const rows = await db.userRole.findMany({ where: { userId }, select: { role: true } });
  return normalizeRoles(rows.map((r) => r.role));
}
