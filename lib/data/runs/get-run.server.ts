import "server-only";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";
import { scoreRun } from "../../scoring/report";
import { debriefReport } from "../../analysis/debrief";
import { compiledScenario } from "../scenarios/compiled-scenario.server";

/**
 * A run with its version and turns, only for its owner. Another user's run is "not found"
 * (404), so run ids cannot be probed.
 */
export async function getRunForUser(db: Db, runId: string, userId: string) {
  const run = await db.run.findFirst({
    where: { id: runId, userId },
    include: { turns: { orderBy: { index: "asc" } }, scenarioVersion: true },
  });
  if (!run) throw notFound("run");
  return run;
}

/**
 * The server's replay of a run. Better options (which need the scenario's search) are only
 * worked out for a finished call, where the debrief shows them.
 */
export async function getRunReport(db: Db, runId: string, userId: string) {
  const run = await getRunForUser(db, runId, userId);
  const scenario = compiledScenario(run.scenarioVersion);
  const report = (run.status === "completed" ? debriefReport : scoreRun)(scenario, run.turns.map((t) => t.choiceId));
  return { run, scenario, report };
}
