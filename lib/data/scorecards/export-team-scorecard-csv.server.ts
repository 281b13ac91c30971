import "server-only";
import type { Db } from "../../db/client.server";
import { toCsv } from "../../csv/csv";
import { DIMENSION_LABELS, DIMENSIONS } from "../../scoring/rules";
import { findTeamScorecard, type ScorecardFilter } from "./find-team-scorecard.server";

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
