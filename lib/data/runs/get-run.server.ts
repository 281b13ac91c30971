import "server-only";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";
import { scoreRun } from "../../scoring/report";
import { getDebriefReport } from "../scenario-analyses/get-debrief-report.server";
import { loadCompiledScenario } from "../scenarios/compiled-scenario.server";

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
 * worked out for a finished call, where the debrief shows them: from the version's stored
 * search, in a worker thread (getDebriefReport), never on this thread.
 */
export async function getRunReport(db: Db, runId: string, userId: string) {
  const run = await getRunForUser(db, runId, userId);
  const scenario = await loadCompiledScenario(run.scenarioVersion);
  const choices = run.turns.map((t) => t.choiceId);
  const { report, betterOptions } =
    run.status === "completed"
      ? await getDebriefReport(db, run.scenarioVersion, scenario, choices)
      : { report: scoreRun(scenario, choices), betterOptions: "shown" as const };
  return { run, scenario, report, betterOptions };
}
