import "server-only";
import { meetsAssignmentSql } from "./assignment-rule.server";
import { findTeamAssignments, type TeamAssignmentRow } from "./find-team-assignments.server";
import type { Db } from "../../db/client.server";
import { dialectOf, Params, toNumber } from "../../db/sql.server";
import { holdsRoleSql } from "../people/holds-role-sql.server";

export interface AssignmentGroup {
  scenarioId: string;
  title: string;
  /** Trainees at least one of this scenario's assignments is for. */
  trainees: number;
  /** Of those, how many have met every one of them (as their library counts it: done). */
  passed: number;
  /** Soonest due first. */
  assignments: TeamAssignmentRow[];
}

/**
 * The team's assignments grouped by scenario, the group with the soonest due date first, each
 * with its progress: of the trainees it is assigned to, how many have passed (counted in the
 * database, with the same rule as the trainee's library and the scorecard).
 */
export async function findAssignmentGroups(db: Db, teamId: string): Promise<AssignmentGroup[]> {
  const p = new Params(dialectOf(db));
  const sql = `
SELECT d."scenarioId", CAST(COUNT(*) AS INTEGER) AS "trainees", CAST(SUM(1 - d."open") AS INTEGER) AS "passed"
FROM (
  SELECT u."id", a."scenarioId",
         MAX(CASE WHEN EXISTS (
           SELECT 1 FROM "Run" r JOIN "ScenarioVersion" sv ON sv."id" = r."scenarioVersionId"
           WHERE r."userId" = u."id" AND sv."scenarioId" = a."scenarioId" AND ${meetsAssignmentSql("r", "a")}
         ) THEN 0 ELSE 1 END) AS "open"
  FROM "Assignment" a
  JOIN "user" u ON u."teamId" = a."teamId" AND ${holdsRoleSql("u", "trainee")} AND (a."userId" IS NULL OR a."userId" = u."id")
  WHERE a."teamId" = ${p.add(teamId)}
  GROUP BY u."id", a."scenarioId"
) d
GROUP BY d."scenarioId"`;
  const [assignments, progressRows] = await Promise.all([
    findTeamAssignments(db, teamId),
    db.$queryRawUnsafe<{ scenarioId: string; trainees: unknown; passed: unknown }[]>(sql, ...p.values),
  ]);
  const progress = new Map(progressRows.map((r) => [r.scenarioId, { trainees: toNumber(r.trainees) ?? 0, passed: toNumber(r.passed) ?? 0 }]));
  const groups = new Map<string, AssignmentGroup>();
  // findTeamAssignments is in due order, so each group's first row is its soonest.
  for (const a of assignments) {
    let group = groups.get(a.scenarioId);
    if (!group) {
      group = { scenarioId: a.scenarioId, title: a.title, trainees: 0, passed: 0, ...progress.get(a.scenarioId), assignments: [] };
      groups.set(a.scenarioId, group);
    }
    group.assignments.push(a);
  }
  return [...groups.values()];
}
