import "server-only";
import type { Db } from "../../db/client.server";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditRow {
  id: string;
  at: Date;
  action: string;
  actorId: string | null;
  actorLabel: string;
  targetUserId: string | null;
  targetLabel: string;
  detail: Record<string, unknown>;
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The audit log, newest first, a page at a time; optionally only the entries about one person. */
export async function listAuditEntries(
  db: Db,
  options: { page?: number; pageSize?: number; targetUserId?: string } = {},
): Promise<{ rows: AuditRow[]; total: number; page: number; pages: number }> {
  const pageSize = options.pageSize ?? AUDIT_PAGE_SIZE;
  const where = options.targetUserId ? { targetUserId: options.targetUserId } : {};
  const total = await db.auditEntry.count({ where });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pages);
  const rows = await db.auditEntry.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  return { rows: rows.map((r) => ({ ...r, detail: parseDetail(r.detail) })), total, page, pages };
}
