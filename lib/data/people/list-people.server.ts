import "server-only";
import { isRole, normalizeRoles, type Role } from "../../auth/roles";
import type { Db } from "../../db/client.server";
import { dialectOf, Params, toNumber } from "../../db/sql.server";

export type PersonStatus = "active" | "off" | "erased";

export interface PersonRow {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  team: { id: string; name: string } | null;
  manages: { id: string; name: string }[];
  status: PersonStatus;
  createdAt: Date;
}

export interface PeopleQuery {
  /** Part of a name or an email, any case. */
  q?: string;
  role?: Role;
  status?: "active" | "off" | "all";
  teamId?: string;
  page?: number;
  pageSize?: number;
}

export const PEOPLE_PAGE_SIZE = 50;

export function statusOf(user: { deactivatedAt: Date | null; erasedAt: Date | null }): PersonStatus {
  return user.erasedAt ? "erased" : user.deactivatedAt ? "off" : "active";
}

/**
 * People by name, 50 a page, found by part of their name or email in any case (the same on both
 * databases: LOWER(…) LIKE, with the search's own % and _ taken literally).
 */
export async function listPeople(db: Db, query: PeopleQuery = {}): Promise<{ rows: PersonRow[]; total: number; page: number; pages: number }> {
  const pageSize = query.pageSize ?? PEOPLE_PAGE_SIZE;
  const p = new Params(dialectOf(db));
  const where: string[] = [];
  const q = query.q?.trim().toLowerCase();
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(`(LOWER(u."name") LIKE ${p.add(pattern)} ESCAPE '\\' OR LOWER(u."email") LIKE ${p.add(pattern)} ESCAPE '\\')`);
  }
  if (query.role && isRole(query.role)) where.push(`EXISTS (SELECT 1 FROM "UserRole" ur WHERE ur."userId" = u."id" AND ur."role" = ${p.add(query.role)})`);
  if (query.status === "active") where.push(`u."deactivatedAt" IS NULL`);
  if (query.status === "off") where.push(`u."deactivatedAt" IS NOT NULL`);
  if (query.teamId) where.push(`u."teamId" = ${p.add(query.teamId)}`);
  const filter = where.length ? `WHERE ${where.join(" AND ")}` : "";

  const [{ total }] = (await db.$queryRawUnsafe<{ total: unknown }[]>(`SELECT COUNT(*) AS "total" FROM "user" u ${filter}`, ...p.values)) as [
    { total: unknown },
  ];
  const count = toNumber(total) ?? 0;
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const page = Math.min(Math.max(1, Math.floor(query.page ?? 1)), pages);
  const ids = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT u."id" FROM "user" u ${filter} ORDER BY LOWER(u."name"), u."id" LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    ...p.values,
  );
  const users = await db.user.findMany({
    where: { id: { in: ids.map((r) => r.id) } },
    select: {
      id: true,
      name: true,
      email: true,
      createdAt: true,
      deactivatedAt: true,
      erasedAt: true,
      roles: { select: { role: true } },
      team: { select: { id: true, name: true } },
      managedTeams: { select: { team: { select: { id: true, name: true } } } },
    },
  });
  const byId = new Map(users.map((u) => [u.id, u]));
  const rows = ids.flatMap(({ id }) => {
    const u = byId.get(id);
    if (!u) return [];
    return [
      {
        id: u.id,
        name: u.name,
        email: u.email,
        roles: normalizeRoles(u.roles.map((r) => r.role)),
        team: u.team,
        manages: u.managedTeams.map((m) => m.team).sort((a, b) => a.name.localeCompare(b.name)),
        status: statusOf(u),
        createdAt: u.createdAt,
      },
    ];
  });
  return { rows, total: count, page, pages };
}
