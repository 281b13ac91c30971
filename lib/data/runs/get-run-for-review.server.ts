import "server-only";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";
import { scoreRun } from "../../scoring/report";
import { getDebriefReport } from "../scenario-analyses/get-debrief-report.server";
import { loadCompiledScenario } from "../scenarios/compiled-scenario.server";

/** A run of a trainee in one of the manager's teams, replayed (as getRunReport does), with its coaching note. */
export async function getRunForReview(db: Db, managerId: string, runId: string) {
  const run = await db.run.findFirst({
    where: { id: runId, user: { role: "trainee", team: { managers: { some: { userId: managerId } } } } },
    include: {
      turns: { orderBy: { index: "asc" } },
      scenarioVersion: true,
      user: { select: { id: true, name: true, teamId: true } },
      coachingNote: { include: { author: { select: { name: true } } } },
    },
  });
  if (!run) throw notFound("run");
  const scenario = await loadCompiledScenario(run.scenarioVersion);
  const choices = run.turns.map((t) => t.choiceId);
  const { report, betterOptions } =
    run.status === "completed"
      ? await getDebriefReport(db, run.scenarioVersion, scenario, choices)
      : { report: scoreRun(scenario, choices), betterOptions: "shown" as const };
  return { run, scenario, report, betterOptions };
}
