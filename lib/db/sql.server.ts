import "server-only";
import { providerOf, type Db } from "./client.server";

/**
 * Small helpers for the few aggregate queries Prisma's query API cannot express (window
 * functions, conditional sums). The SQL itself is written once and runs on both databases;
 * only placeholders, date parameters and string aggregation differ.
 */
export type Dialect = "sqlite" | "postgresql";

export function dialectOf(db: Db): Dialect {
  return providerOf(db);
}

export class Params {
  readonly values: unknown[] = [];
  constructor(readonly dialect: Dialect) {}

  /**
   * Adds a value and returns its placeholder. SQLite's "?" binds in order of appearance, so
   * call this once per use, in the order the placeholders appear in the SQL text.
   */
  add(value: unknown): string {
    // Prisma stores SQLite DateTimes as ISO text with "+00:00"; compare like with like.
    this.values.push(value instanceof Date && this.dialect === "sqlite" ? value.toISOString().replace("Z", "+00:00") : value);
    return this.dialect === "sqlite" ? "?" : `$${this.values.length}`;
  }
}

/** `expr` values joined with commas in `orderBy` order; NULLs are skipped. */
export function orderedList(dialect: Dialect, expr: string, orderBy: string): string {
  return dialect === "sqlite"
    ? `group_concat(${expr}, ',' ORDER BY ${orderBy})`
    : `string_agg(CAST(${expr} AS TEXT), ',' ORDER BY ${orderBy})`;
}

/** Numbers come back as number, bigint (SQLite counts) or string (PostgreSQL numerics). */
export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const d = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(d.getTime()) ? null : d;
}
