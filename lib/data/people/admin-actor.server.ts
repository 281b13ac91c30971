import "server-only";
import type { Role } from "../../auth/roles";
import { AppError } from "../../errors";
import { actorOf, type AuditActor } from "../audit/record-audit.server";

/** The signed-in administrator doing something to people (a SessionUser will do). */
export interface Admin {
  id: string;
  name: string;
  email: string;
  roles: readonly Role[];
}

/** Every people function checks the role again itself, whatever its caller checked. */
export function asAdminActor(admin: Admin): AuditActor {
  if (!admin.roles.includes("admin")) throw new AppError("forbidden", "only an administrator can do this");
  return actorOf(admin);
}
