import "server-only";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";
import { scoreRun } from "../../scoring/report";
import { debriefReport } from "../../analysis/debrief";
import { compiledScenario } from "../scenarios/compiled-scenario.server";

/** A run of a trainee in one of the manager's teams, replayed, with its coaching note. */
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
  const scenario = compiledScenario(run.scenarioVersion);
  const report = (run.status === "completed" ? debriefReport : scoreRun)(scenario, run.turns.map((t) => t.choiceId));
  return { run, scenario, report };
}
