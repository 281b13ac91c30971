import "server-only";
import type { Db } from "../../db/client.server";
import { toCsv } from "../../csv/csv";
import { DIMENSION_LABELS, DIMENSIONS } from "../../scoring/rules";
import { criticalErrorLabels } from "../../scoring/rules";
import { findTeamScorecard, type ScorecardFilter } from "./team-scorecard.server";

export const TEAM_CSV_HEADER = [
  "trainee",
  "email",
  "runs",
  "passes",
  "pass rate %",
  "latest overall",
  "best overall",
  ...DIMENSIONS.map((d) => `${DIMENSION_LABELS[d]} (last 5 avg)`),
  "weakest skill",
  "last run",
  "assignments done",
  "assignments due",
  "assignments overdue",
];

export async function teamScorecardCsv(db: Db, teamId: string, filter: ScorecardFilter = {}): Promise<string> {
  const rows = await findTeamScorecard(db, teamId, filter);
  return toCsv(
    TEAM_CSV_HEADER,
    rows.map((r) => [
      r.name,
      r.email,
      r.runs,
      r.passes,
      r.passRate,
      r.latest,
      r.best,
      ...DIMENSIONS.map((d) => r.recent[d]),
      r.weakestRecent ? DIMENSION_LABELS[r.weakestRecent] : null,
      r.lastRunAt,
      r.assignments.done,
      r.assignments.due,
      r.assignments.overdue,
    ]),
  );
}

export const RUNS_CSV_HEADER = ["date", "scenario", "version", "status", "outcome", "overall", ...DIMENSIONS.map((d) => DIMENSION_LABELS[d]), "passed", "critical errors", "run id"];

/** One row per run, newest first. */
export async function traineeRunsCsv(db: Db, traineeId: string): Promise<string> {
  const runs = await db.run.findMany({
    where: { userId: traineeId },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    include: { scenarioVersion: { select: { title: true, version: true } } },
  });
  return toCsv(
    RUNS_CSV_HEADER,
    runs.map((r) => [
      r.completedAt ?? r.startedAt,
      r.scenarioVersion.title,
      r.scenarioVersion.version,
      r.status === "completed" ? "completed" : "in progress",
      r.outcome,
      r.overall,
      ...DIMENSIONS.map((d) => r[d]),
      r.status === "completed" ? r.passed === true : null,
      criticalErrorLabels(r.criticalErrors).join("; "),
      r.id,
    ]),
  );
}
