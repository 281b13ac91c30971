import "server-only";
import type { Db } from "../../db/client.server";
import { dialectOf, Params, toDate, toNumber } from "../../db/sql.server";
import { DEFAULT_PASS_MARK } from "../../scenario/model";
import { criticalErrorLabels } from "../../scoring/rules";
import { holdsRoleSql } from "../people/holds-role-sql.server";

/** How many of a trainee's latest finished calls "needs attention" looks at. */
export const ATTENTION_RUNS = 5;
/** The same critical error in this many of those calls is a pattern, not a slip. */
export const REPEATED_CRITICAL = 2;

export type AttentionReason =
  /** Their last calls average under the pass mark, or none of them passed. */
  | { kind: "low-scores"; calls: number; passes: number; average: number; passMark: number }
  /** The same critical error in REPEATED_CRITICAL or more of the last calls. */
  | { kind: "repeated-critical"; ruleId: string; label: string; times: number; calls: number }
  /** Assigned scenarios past their due date and not passed. */
  | { kind: "overdue"; count: number };

export interface NeedsAttentionRow {
  userId: string;
  name: string;
  reasons: AttentionReason[];
  lastRunAt: Date | null;
}

/** What the scorecard already knows about each trainee (its overdue count ignores the run filters). */
export interface AttentionTrainee {
  userId: string;
  name: string;
  assignments: { overdue: number };
}

interface RecentRun {
  overall: number | null;
  passed: boolean;
  criticalErrors: string;
  completedAt: Date | null;
}

/**
 * The trainees of a team who need their manager, each with why: their last ATTENTION_RUNS
 * finished calls (whatever the scorecard's filter) average under the pass mark or include no
 * pass, the same critical error recurs in them, or assigned scenarios are overdue. Most reasons
 * first, then the lowest average. `scorecard` is the team scorecard's rows (their overdue
 * counts); the last calls are read here with one query that walks the (userId, status,
 * completedAt) index a few rows per trainee, so it stays fast on a team with thousands of runs.
 */
export async function findNeedsAttention(
  db: Db,
  teamId: string,
  /** The rows, or the scorecard query still running (the two queries then run side by side). */
  scorecard: readonly AttentionTrainee[] | Promise<readonly AttentionTrainee[]>,
  passMark = DEFAULT_PASS_MARK,
): Promise<NeedsAttentionRow[]> {
  const [recent, trainees] = await Promise.all([findRecentRuns(db, teamId), scorecard]);
  const rows: (NeedsAttentionRow & { average: number })[] = [];
  for (const t of trainees) {
    const runs = recent.get(t.userId) ?? [];
    const reasons = attentionReasons(runs, t.assignments.overdue, passMark);
    if (!reasons.length) continue;
    const scored = runs.filter((r) => r.overall !== null);
    const average = scored.length ? scored.reduce((n, r) => n + r.overall!, 0) / scored.length : 101;
    rows.push({ userId: t.userId, name: t.name, reasons, lastRunAt: runs[0]?.completedAt ?? null, average });
  }
  rows.sort((a, b) => b.reasons.length - a.reasons.length || a.average - b.average || a.name.localeCompare(b.name, "en"));
  return rows.map(({ average: _, ...row }) => row);
}

/** The reasons for one trainee; `runs` newest first, at most ATTENTION_RUNS of them. */
export function attentionReasons(runs: readonly RecentRun[], overdue: number, passMark = DEFAULT_PASS_MARK): AttentionReason[] {
  const reasons: AttentionReason[] = [];
  const last = runs.slice(0, ATTENTION_RUNS);
  const scored = last.filter((r) => r.overall !== null);
  if (scored.length) {
    const average = Math.round(scored.reduce((n, r) => n + r.overall!, 0) / scored.length);
    const passes = last.filter((r) => r.passed).length;
    if (average < passMark || passes === 0) reasons.push({ kind: "low-scores", calls: last.length, passes, average, passMark });
  }
  const counts = new Map<string, number>();
  for (const r of last) {
    // Each error once per call: a call that made the same mistake twice is one call.
    for (const id of new Set(r.criticalErrors.split(",").map((s) => s.trim()).filter(Boolean))) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const [top] = [...counts].filter(([, n]) => n >= REPEATED_CRITICAL).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (top) reasons.push({ kind: "repeated-critical", ruleId: top[0], label: criticalErrorLabels(top[0])[0] ?? top[0], times: top[1], calls: last.length });
  if (overdue > 0) reasons.push({ kind: "overdue", count: overdue });
  return reasons;
}

/** One sentence per reason, for the list and for screen readers. */
export function describeReason(r: AttentionReason): string {
  switch (r.kind) {
    case "low-scores":
      if (r.calls === 1)
        return r.passes === 0
          ? `Did not pass their only call (score ${r.average}, pass mark ${r.passMark})`
          : `Scored ${r.average} on their only call, under the pass mark of ${r.passMark}`;
      return r.passes === 0
        ? `Passed none of the last ${r.calls} calls (average ${r.average}, pass mark ${r.passMark})`
        : `Averages ${r.average} over the last ${r.calls} calls, under the pass mark of ${r.passMark} (passed ${r.passes})`;
    case "repeated-critical":
      return `${r.label} (a critical error) in ${r.times} of the last ${r.calls} calls`;
    case "overdue":
      return r.count === 1 ? "1 assigned scenario overdue" : `${r.count} assigned scenarios overdue`;
  }
}

/**
 * Each trainee's last ATTENTION_RUNS finished calls, newest first, reading a few index rows per
 * trainee rather than every run of the team. PostgreSQL: a LATERAL subquery per trainee with
 * LIMIT. SQLite (no LATERAL): a materialized list of trainees with the completion time of their
 * fifth-latest call, then only the calls from then on (ties at that instant can add a call, cut
 * off below). Without MATERIALIZED both planners evaluated the per-trainee subquery once per run.
 */
async function findRecentRuns(db: Db, teamId: string): Promise<Map<string, RecentRun[]>> {
  const dialect = dialectOf(db);
  const p = new Params(dialect);
  const columns = `r."id", r."overall", r."passed", r."criticalErrors", r."completedAt"`;
  const trainees = () => `u."teamId" = ${p.add(teamId)} AND ${holdsRoleSql("u", "trainee")}`;
  const sql =
    dialect === "postgresql"
      ? `
SELECT u."id" AS "userId", r.*
FROM "user" u
CROSS JOIN LATERAL (
  SELECT ${columns} FROM "Run" r
  WHERE r."userId" = u."id" AND r."status" = 'completed'
  ORDER BY r."completedAt" DESC, r."id" DESC LIMIT ${ATTENTION_RUNS}
) r
WHERE ${trainees()}
ORDER BY u."id", r."completedAt" DESC, r."id" DESC`
      : `
WITH t AS MATERIALIZED (
  SELECT u."id" AS "userId",
         (SELECT r2."completedAt" FROM "Run" r2
          WHERE r2."userId" = u."id" AND r2."status" = 'completed'
          ORDER BY r2."completedAt" DESC LIMIT 1 OFFSET ${ATTENTION_RUNS - 1}) AS "cutoff"
  FROM "user" u
  WHERE ${trainees()}
)
SELECT t."userId", ${columns}
FROM t
JOIN "Run" r ON r."userId" = t."userId" AND r."status" = 'completed' AND r."completedAt" >= COALESCE(t."cutoff", ${p.add(new Date(0))})
ORDER BY t."userId", r."completedAt" DESC, r."id" DESC`;
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...p.values);
  const byTrainee = new Map<string, RecentRun[]>();
  for (const row of rows) {
    const userId = String(row.userId);
    const list = byTrainee.get(userId) ?? [];
    if (!byTrainee.has(userId)) byTrainee.set(userId, list);
    if (list.length >= ATTENTION_RUNS) continue;
    list.push({
      overall: toNumber(row.overall),
      passed: row.passed === true || row.passed === 1 || row.passed === 1n,
      criticalErrors: typeof row.criticalErrors === "string" ? row.criticalErrors : "",
      completedAt: toDate(row.completedAt),
    });
  }
  return byTrainee;
}
