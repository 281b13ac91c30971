import "server-only";
import { meetsAssignmentSql } from "../assignments/assignment-rule.server";
import type { Db } from "../../db/client.server";
import { dialectOf, orderedList, Params, toDate, toNumber } from "../../db/sql.server";
import { DIMENSIONS, lowestDimension, type Dimension } from "../../scoring/rules";
import { holdsRoleSql } from "../people/holds-role-sql.server";

export interface ScorecardFilter {
  scenarioId?: string;
  /** Runs completed at or after this instant. */
  from?: Date;
  /** Runs completed before this instant. */
  to?: Date;
}

export interface TeamScorecardRow {
  userId: string;
  name: string;
  email: string;
  runs: number;
  passes: number;
  /** 0–100, null without runs. */
  passRate: number | null;
  latest: number | null;
  best: number | null;
  lastRunAt: Date | null;
  /** Each dimension's average over the trainee's last 5 runs (in the filter). */
  recent: Record<Dimension, number | null>;
  /** The skill with the lowest average over the last 5 runs (`recent`). */
  weakestRecent: Dimension | null;
  /** Overall scores of the last 10 runs, oldest first. */
  trend: number[];
  assignments: { done: number; due: number; overdue: number };
}

/** How many of the latest runs the dimension averages cover. */
export const RECENT_RUNS = 5;
export const TREND_RUNS = 10;

/**
 * One row per trainee of the team, aggregated in the database: a window function numbers
 * each trainee's runs newest first, and one GROUP BY folds them. Assignment completion is a
 * second aggregate over the team's assignments.
 */
export async function findTeamScorecard(db: Db, teamId: string, filter: ScorecardFilter = {}, now = new Date()): Promise<TeamScorecardRow[]> {
  const dialect = dialectOf(db);
  const p = new Params(dialect);
  const team = () => p.add(teamId);

  const runConditions = [`r."status" = 'completed'`, `u."teamId" = ${team()}`, holdsRoleSql("u", "trainee")];
  if (filter.scenarioId) runConditions.push(`sv."scenarioId" = ${p.add(filter.scenarioId)}`);
  if (filter.from) runConditions.push(`r."completedAt" >= ${p.add(filter.from)}`);
  if (filter.to) runConditions.push(`r."completedAt" < ${p.add(filter.to)}`);
  const nowParam = () => p.add(now);

  const recentAvg = (column: string) => `CAST(AVG(CASE WHEN rr."rn" <= ${RECENT_RUNS} THEN rr."${column}" END) AS DOUBLE PRECISION)`;

  const sql = `
WITH rr AS (
  SELECT r."userId", r."overall", r."laer", r."reflectiveListening", r."promises", r."professionalism", r."passed", r."completedAt",
         ROW_NUMBER() OVER (PARTITION BY r."userId" ORDER BY r."completedAt" DESC, r."id" DESC) AS "rn"
  FROM "Run" r
  JOIN "user" u ON u."id" = r."userId"
  JOIN "ScenarioVersion" sv ON sv."id" = r."scenarioVersionId"
  WHERE ${runConditions.join(" AND ")}
),
agg AS (
  SELECT rr."userId",
         CAST(COUNT(*) AS INTEGER) AS "runs",
         CAST(SUM(CASE WHEN rr."passed" = TRUE THEN 1 ELSE 0 END) AS INTEGER) AS "passes",
         MAX(CASE WHEN rr."rn" = 1 THEN rr."overall" END) AS "latest",
         MAX(rr."overall") AS "best",
         MAX(rr."completedAt") AS "lastRunAt",
         ${DIMENSIONS.map((d) => `${recentAvg(d)} AS "${d}"`).join(",\n         ")},
         ${orderedList(dialect, `CASE WHEN rr."rn" <= ${TREND_RUNS} THEN rr."overall" END`, `rr."completedAt", rr."rn" DESC`)} AS "trend"
  FROM rr
  GROUP BY rr."userId"
),
asg AS (
  -- One status per trainee and scenario, as the trainee's library shows it: open while any of its
  -- assignments is not met (due by the earliest such), else done.
  SELECT s."userId",
         CAST(SUM(CASE WHEN s."open" = 0 THEN 1 ELSE 0 END) AS INTEGER) AS "done",
         CAST(SUM(CASE WHEN s."open" = 1 AND s."firstDue" >= ${nowParam()} THEN 1 ELSE 0 END) AS INTEGER) AS "due",
         CAST(SUM(CASE WHEN s."open" = 1 AND s."firstDue" < ${nowParam()} THEN 1 ELSE 0 END) AS INTEGER) AS "overdue"
  FROM (
    SELECT d."userId", d."scenarioId", MAX(1 - d."done") AS "open", MIN(CASE WHEN d."done" = 0 THEN d."dueAt" END) AS "firstDue"
    FROM (
      SELECT u2."id" AS "userId", a."scenarioId", a."dueAt",
             CASE WHEN EXISTS (
               SELECT 1 FROM "Run" r2 JOIN "ScenarioVersion" sv2 ON sv2."id" = r2."scenarioVersionId"
               WHERE r2."userId" = u2."id" AND sv2."scenarioId" = a."scenarioId"
                 AND ${meetsAssignmentSql("r2", "a")}
             ) THEN 1 ELSE 0 END AS "done"
      FROM "user" u2
      JOIN "Assignment" a ON a."teamId" = u2."teamId" AND (a."userId" IS NULL OR a."userId" = u2."id")
      WHERE u2."teamId" = ${team()} AND ${holdsRoleSql("u2", "trainee")}
        -- An unpublished scenario cannot be played, so its assignments are not counted.
        AND EXISTS (SELECT 1 FROM "ScenarioVersion" pv WHERE pv."scenarioId" = a."scenarioId" AND pv."published" = TRUE)
    ) d
    GROUP BY d."userId", d."scenarioId"
  ) s
  GROUP BY s."userId"
)
SELECT u."id" AS "userId", u."name", u."email",
       agg."runs", agg."passes", agg."latest", agg."best", agg."lastRunAt",
       ${DIMENSIONS.map((d) => `agg."${d}"`).join(", ")}, agg."trend",
       asg."done", asg."due", asg."overdue"
FROM "user" u
LEFT JOIN agg ON agg."userId" = u."id"
LEFT JOIN asg ON asg."userId" = u."id"
WHERE u."teamId" = ${team()} AND ${holdsRoleSql("u", "trainee")}
ORDER BY u."name", u."id"`;

  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...p.values);
  return rows.map((row) => {
    const runs = toNumber(row.runs) ?? 0;
    const passes = toNumber(row.passes) ?? 0;
    const recent = Object.fromEntries(DIMENSIONS.map((d) => [d, roundOrNull(toNumber(row[d]))])) as Record<Dimension, number | null>;
    return {
      userId: String(row.userId),
      name: String(row.name),
      email: String(row.email),
      runs,
      passes,
      passRate: runs ? Math.round((passes / runs) * 100) : null,
      latest: toNumber(row.latest),
      best: toNumber(row.best),
      lastRunAt: toDate(row.lastRunAt),
      recent,
      weakestRecent: lowestDimension(recent),
      trend: row.trend ? String(row.trend).split(",").map(Number) : [],
      assignments: { done: toNumber(row.done) ?? 0, due: toNumber(row.due) ?? 0, overdue: toNumber(row.overdue) ?? 0 },
    };
  });
}

function roundOrNull(n: number | null): number | null {
  return n === null ? null : Math.round(n);
}

