import "server-only";
import { meetsAssignmentSql } from "./assignment-rule.server";
import type { Db } from "../../db/client.server";
import { dialectOf, Params, toNumber } from "../../db/sql.server";
import { holdsRoleSql } from "../people/holds-role-sql.server";

export interface TeamAssignmentRow {
  id: string;
  scenarioId: string;
  title: string;
  /** null: the whole team. */
  trainee: { id: string; name: string } | null;
  dueAt: Date;
  passMark: number;
  createdAt: Date;
  targets: number;
  done: number;
}

/** The team's assignments, newest due date last, each with how many of its trainees are done (counted in the database). */
export async function findTeamAssignments(db: Db, teamId: string): Promise<TeamAssignmentRow[]> {
  const p = new Params(dialectOf(db));
  const sql = `
SELECT a."id",
       CAST(COUNT(u."id") AS INTEGER) AS "targets",
       CAST(SUM(CASE WHEN EXISTS (
         SELECT 1 FROM "Run" r JOIN "ScenarioVersion" sv ON sv."id" = r."scenarioVersionId"
         WHERE r."userId" = u."id" AND sv."scenarioId" = a."scenarioId"
           AND ${meetsAssignmentSql("r", "a")}
       ) THEN 1 ELSE 0 END) AS INTEGER) AS "done"
FROM "Assignment" a
LEFT JOIN "user" u ON u."teamId" = a."teamId" AND ${holdsRoleSql("u", "trainee")} AND (a."userId" IS NULL OR a."userId" = u."id")
WHERE a."teamId" = ${p.add(teamId)}
GROUP BY a."id"`;
  const counts = new Map(
    (await db.$queryRawUnsafe<{ id: string; targets: unknown; done: unknown }[]>(sql, ...p.values)).map((r) => [r.id, { targets: toNumber(r.targets) ?? 0, done: toNumber(r.done) ?? 0 }]),
  );
  const rows = await db.assignment.findMany({
    where: { teamId },
    orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }],
    include: { user: { select: { id: true, name: true } }, scenario: { select: { versions: { where: { published: true }, orderBy: { version: "desc" }, take: 1, select: { title: true } } } } },
  });
  return rows.map((a) => ({
    id: a.id,
    scenarioId: a.scenarioId,
    title: a.scenario.versions[0]?.title ?? a.scenarioId,
    trainee: a.user,
    dueAt: a.dueAt,
    passMark: a.passMark,
    createdAt: a.createdAt,
    targets: counts.get(a.id)?.targets ?? 0,
    done: counts.get(a.id)?.done ?? 0,
  }));
}
