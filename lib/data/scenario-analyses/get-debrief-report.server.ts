import "server-only";
import type { Db } from "../../db/client.server";
import type { Scenario } from "../../scenario/model";
import { scoreRun, type ScoreReport } from "../../scoring/report";
import { runTask, TaskOverBudget, TaskQueueFull } from "../../workers/pool.server";
import { analyzeScenarioVersion } from "./analyze-scenario-version.server";
import { readBestScores } from "./read-best-scores.server";

/** A debrief over this is shown without better options (the stored search makes one take milliseconds). */
const DEBRIEF_BUDGET_MS = 15_000;

export interface DebriefReport {
  report: ScoreReport;
  /**
   * `too-complex`: the version's search went over its budget, so this debrief has no better
   * options; `busy`: every worker thread was taken, so none this time (a reload shows them).
   */
  betterOptions: "shown" | "too-complex" | "busy";
}

/**
 * A finished call's debrief: `debriefReport`'s report, with the better options read from the
 * version's stored search, in a worker thread (which keeps recent versions). A version with no
 * stored search yet (saved before issue 11, or a search still running) gets it first, in the
 * background lane; this request waits for it, no other does.
 */
export async function getDebriefReport(
  db: Db,
  version: { id: string; yaml: string; scenarioId: string },
  scenario: Scenario,
  choices: readonly string[],
): Promise<DebriefReport> {
  const input = { versionId: version.id, choices: [...choices] };
  const without = (why: "too-complex" | "busy"): DebriefReport => ({ report: scoreRun(scenario, choices), betterOptions: why });
  try {
    let answer = await runTask("debrief", input, { budgetMs: DEBRIEF_BUDGET_MS });
    if ("need" in answer) {
      if ((await analyzeScenarioVersion(db, version.id)) !== "ready") return without("too-complex");
      const bestScores = await readBestScores(db, version.id);
      if (bestScores === null) return without("too-complex");
      const withVersion = { ...input, version: { yaml: version.yaml, file: `${version.scenarioId}.yaml`, bestScores } };
      answer = await runTask("debrief", withVersion, { budgetMs: DEBRIEF_BUDGET_MS });
      if ("need" in answer) throw new Error("the debrief worker asked for the version it was sent");
    }
    return { report: answer.report, betterOptions: "shown" };
  } catch (err) {
    if (err instanceof TaskOverBudget || err instanceof TaskQueueFull) return without("too-complex");
    throw err;
  }
}
