import "server-only";
import type { Role } from "../../auth/roles";

/**
 * SQL for "the person `userAlias` holds `role`" (an indexed lookup of UserRole's primary key), for
 * the aggregates written in SQL. The role is one of ROLES, never user input.
 */
export function holdsRoleSql(userAlias: string, role: Role): string {
  return `EXISTS (SELECT 1 FROM "UserRole" ${userAlias}_role WHERE ${userAlias}_role."userId" = ${userAlias}."id" AND ${userAlias}_role."role" = '${role}')`;
}
