import "server-only";
import type { Db } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import { AppError, notFound } from "../../errors";
import { scoreRun } from "../../scoring/report";
import { cachedScenario, compiledScenario } from "../scenarios/compiled-scenario.server";
import { summaryOf } from "./summarize-run.server";
import { getRunForUser } from "./get-run.server";

export interface TurnResult {
  runId: string;
  /** Turns saved for the run after this request. */
  turnCount: number;
  /** True when this request saved nothing because the same turn was already saved. */
  duplicate: boolean;
  status: "in_progress" | "completed";
  outcome: string | null;
  overall: number;
  passed: boolean | null;
}

/**
 * Saves turn `index` of a run after replaying the turns before it on the server.
 * - a choice not offered at that point: 422, nothing saved;
 * - the same turn sent again (same index and choice): a no-op that returns the current state;
 * - a different choice for a saved index, or an index past the next one: 409.
 * The score saved is the replay's, whatever the browser believes.
 */
export async function submitTurn(db: Db, input: { runId: string; userId: string; index: number; choiceId: string }): Promise<TurnResult> {
  // The hot path of a call: only the columns it needs; the YAML only when not compiled yet.
  const run = await db.run.findFirst({
    where: { id: input.runId, userId: input.userId },
    select: {
      id: true, status: true, outcome: true, overall: true, passed: true, scenarioVersionId: true,
      turns: { orderBy: { index: "asc" }, select: { choiceId: true } },
    },
  });
  if (!run) throw notFound("run");
  const saved = run.turns.map((t) => t.choiceId);
  const scenario =
    cachedScenario(run.scenarioVersionId) ??
    compiledScenario(await db.scenarioVersion.findUniqueOrThrow({ where: { id: run.scenarioVersionId }, select: { id: true, yaml: true, scenarioId: true } }));
  if (input.index < saved.length) {
    if (saved[input.index] === input.choiceId) return turnResult(run, saved.length, true);
    throw new AppError("conflict", `turn ${input.index + 1} was already played with another choice; reload to continue from the saved call`, {
      savedTurns: saved.length,
    });
  }
  if (input.index > saved.length) {
    throw new AppError("conflict", `turn ${input.index + 1} is ahead of the saved call (${saved.length} turns saved); reload to continue`, {
      savedTurns: saved.length,
    });
  }
  if (run.status === "completed") throw new AppError("conflict", "this call has already ended");

  const report = scoreRun(scenario, [...saved, input.choiceId]);
  if (report.error) {
    throw new AppError("choice-not-offered", `choice \`${input.choiceId}\` is not offered at this point of the call`, {
      offered: report.error.offered,
    });
  }
  const summary = summaryOf(report);
  try {
    await db.$transaction([
      db.turn.create({ data: { runId: run.id, index: input.index, choiceId: input.choiceId } }),
      db.run.update({ where: { id: run.id }, data: { ...summary, turnCount: input.index + 1 } }),
    ]);
  } catch (err) {
    // Two copies of the same request raced: the unique (runId, index) kept one.
    if (isUniqueViolation(err)) {
      const again = await getRunForUser(db, input.runId, input.userId);
      if (again.turns[input.index]?.choiceId === input.choiceId) return turnResult(again, again.turns.length, true);
      throw new AppError("conflict", `turn ${input.index + 1} was already played with another choice; reload to continue`);
    }
    throw err;
  }
  return turnResult({ id: run.id, ...summary }, input.index + 1, false);
}

function turnResult(
  run: { id: string; status: string; outcome: string | null; overall: number | null; passed: boolean | null },
  turnCount: number,
  duplicate: boolean,
): TurnResult {
  return {
    runId: run.id,
    turnCount,
    duplicate,
    status: run.status as TurnResult["status"],
    outcome: run.outcome,
    overall: run.overall ?? 0,
    passed: run.passed,
  };
}
