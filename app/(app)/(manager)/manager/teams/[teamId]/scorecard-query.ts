import type { Dimension } from "@/lib/scoring/rules";
import { DIMENSIONS } from "@/lib/scoring/rules";

/** The team scorecard's URL: what to sort by and which runs to count. */
export const SORT_KEYS = ["name", "runs", "passRate", "latest", "best", ...DIMENSIONS, "weakest", "assignments"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = "asc" | "desc";

/** Rows per page of the team scorecard. */
export const PAGE_SIZE = 50;

export interface ScorecardQuery {
  sort: SortKey;
  dir: SortDir;
  /** 1-based. */
  page: number;
  /** Part of a trainee's name or email. */
  search?: string;
  scenarioId?: string;
  /** YYYY-MM-DD as typed, for the form. */
  fromDay?: string;
  toDay?: string;
  /** First instant counted (UTC midnight of fromDay). */
  from?: Date;
  /** First instant not counted (UTC midnight after toDay). */
  to?: Date;
  /** Only the trainees who need attention (`attention=1`). */
  attention: boolean;
  problems: string[];
}

type Raw = Record<string, string | string[] | undefined>;

function one(raw: Raw, key: string): string | undefined {
  const v = raw[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === "" ? undefined : s;
}

/** A UTC day from 2000 to 2999 (wider years overflow the databases' date types). */
function day(text: string): Date | null {
  if (!/^2\d{3}-\d{2}-\d{2}$/.test(text)) return null;
  const d = new Date(`${text}T00:00:00.000Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text ? null : d;
}

export function parseScorecardQuery(raw: Raw): ScorecardQuery {
  const q: ScorecardQuery = { sort: "name", dir: "asc", page: 1, attention: one(raw, "attention") === "1", problems: [] };
  const page = Number(one(raw, "page"));
  if (Number.isInteger(page) && page >= 1 && page <= 100_000) q.page = page;
  const search = one(raw, "q")?.trim().slice(0, 100);
  if (search) q.search = search;
  const sort = one(raw, "sort");
  if (sort && (SORT_KEYS as readonly string[]).includes(sort)) q.sort = sort as SortKey;
  const dir = one(raw, "dir");
  if (dir === "desc" || dir === "asc") q.dir = dir;
  const scenario = one(raw, "scenario");
  if (scenario) {
    // The scenario id rule of lib/scenario/schema.ts.
    if (/^[a-z0-9][a-z0-9-_]{0,79}$/.test(scenario)) q.scenarioId = scenario;
    else q.problems.push(`"${scenario.slice(0, 40)}" is not a scenario id, so every scenario is shown`);
  }
  const from = one(raw, "from");
  if (from) {
    const d = day(from);
    if (d) {
      q.from = d;
      q.fromDay = from;
    } else q.problems.push(`"${from.slice(0, 20)}" is not a date from 2000 to 2999 (YYYY-MM-DD), so the start date is ignored`);
  }
  const to = one(raw, "to");
  if (to) {
    const d = day(to);
    if (d) {
      q.to = new Date(d.getTime() + 86_400_000);
      q.toDay = to;
    } else q.problems.push(`"${to.slice(0, 20)}" is not a date from 2000 to 2999 (YYYY-MM-DD), so the end date is ignored`);
  }
  if (q.from && q.to && q.from >= q.to) {
    q.problems.push("the start date is after the end date, so both dates are ignored");
    q.from = q.to = undefined;
    q.fromDay = q.toDay = undefined;
  }
  return q;
}

export interface SortableRow {
  name: string;
  runs: number;
  passRate: number | null;
  latest: number | null;
  best: number | null;
  recent: Record<Dimension, number | null>;
  weakestRecent: Dimension | null;
  assignments: { done: number; due: number; overdue: number };
}

function value(row: SortableRow, key: SortKey): string | number | null {
  switch (key) {
    case "name":
      return row.name.toLocaleLowerCase("en");
    case "runs":
    case "passRate":
    case "latest":
    case "best":
      return row[key];
    case "weakest":
      return row.weakestRecent;
    case "assignments":
      // Most overdue first when descending.
      return row.assignments.overdue * 10_000 + row.assignments.due * 100 - row.assignments.done;
    default:
      return row.recent[key];
  }
}

/** Sorted copy; rows without a value (no runs) always go last; ties keep name order. */
export function sortRows<T extends SortableRow>(rows: readonly T[], key: SortKey, dir: SortDir): T[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = value(a, key);
    const vb = value(b, key);
    if (va === null && vb !== null) return 1;
    if (vb === null && va !== null) return -1;
    if (va !== null && vb !== null && va !== vb) return (va < vb ? -1 : 1) * sign;
    return a.name.localeCompare(b.name, "en");
  });
}

/** Rows whose name or email contains the search text (case-insensitive). */
export function searchRows<T extends { name: string; email: string }>(rows: readonly T[], search: string | undefined): T[] {
  if (!search) return [...rows];
  const needle = search.toLocaleLowerCase("en");
  return rows.filter((r) => r.name.toLocaleLowerCase("en").includes(needle) || r.email.toLocaleLowerCase("en").includes(needle));
}

/** One page of rows; a page past the end shows the last one. */
export function pageOf<T>(
  rows: readonly T[],
  page: number,
  size = PAGE_SIZE,
): { rows: T[]; page: number; pages: number; first: number; last: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(Math.max(1, page), pages);
  const start = (current - 1) * size;
  const slice = rows.slice(start, start + size);
  return { rows: slice, page: current, pages, first: slice.length ? start + 1 : 0, last: start + slice.length };
}

/** The filter form's fields, as the URL names them. */
export const FILTER_FIELDS = ["q", "scenario", "from", "to"] as const;

/**
 * The scorecard URL's query after a filter change: the form's values (empty ones dropped) over
 * the current query, back to page 1 (the page number of another filter means nothing).
 */
export function filteredQuery(current: string, values: Partial<Record<(typeof FILTER_FIELDS)[number], string>>): string {
  const params = new URLSearchParams(current);
  params.delete("page");
  for (const field of FILTER_FIELDS) {
    const v = values[field]?.trim();
    if (v) params.set(field, v);
    else params.delete(field);
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}
