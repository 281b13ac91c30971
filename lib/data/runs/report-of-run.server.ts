import "server-only";
import type { Db } from "../../db/client.server";
import { scoreRun } from "../../scoring/report";
import { getDebriefReport } from "../scenario-analyses/get-debrief-report.server";
import { loadCompiledScenario } from "../scenarios/compiled-scenario.server";

/**
 * The server's replay of a run, for the trainee's debrief and the manager's review alike. Better
 * options (which need the scenario's search) are only worked out for a finished call: from the
 * version's stored search, in a worker thread (getDebriefReport), never on the request thread.
 */
export async function reportOfRun(
  db: Db,
  run: { status: string; scenarioVersion: { id: string; yaml: string; scenarioId: string }; turns: { choiceId: string }[] },
) {
  const scenario = await loadCompiledScenario(run.scenarioVersion);
  const choices = run.turns.map((t) => t.choiceId);
  const { report, betterOptions } =
    run.status === "completed"
      ? await getDebriefReport(db, run.scenarioVersion, scenario, choices)
      : { report: scoreRun(scenario, choices), betterOptions: "shown" as const };
  return { scenario, report, betterOptions };
}
