import "server-only";
import { callBrief, callViewOf, restoreCall, type CallBrief, type CallView } from "../../call/call-view";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";
import { cachedScenario, compiledScenario } from "../scenarios/compiled-scenario.server";

export interface CallState {
  runId: string;
  status: string;
  brief: CallBrief;
  call: CallView;
  /** The saved turns no longer fit the scenario (cannot happen for a published version; kept as a guard). */
  diverged: boolean;
}

/**
 * A call as its trainee may see it (no answer key): for the player on arrival and for a resync
 * after the browser fell out of step. Only the run's owner; anyone else gets "not found".
 */
export async function getCallView(db: Db, runId: string, userId: string): Promise<CallState> {
  const run = await db.run.findFirst({
    where: { id: runId, userId },
    select: { id: true, status: true, scenarioVersionId: true, turns: { orderBy: { index: "asc" }, select: { choiceId: true } } },
  });
  if (!run) throw notFound("run");
  const scenario =
    cachedScenario(run.scenarioVersionId) ??
    compiledScenario(
      await db.scenarioVersion.findUniqueOrThrow({ where: { id: run.scenarioVersionId }, select: { id: true, yaml: true, scenarioId: true } }),
    );
  const saved = run.turns.map((t) => t.choiceId);
  const { actor, played } = restoreCall(scenario, saved);
  try {
    return { runId: run.id, status: run.status, brief: callBrief(scenario), call: callViewOf(scenario, run.id, actor.getSnapshot()), diverged: played !== saved.length };
  } finally {
    actor.stop();
  }
}
