import "server-only";
import type { Db } from "../../db/client.server";
import { scoreRun } from "../../scoring/report";
import { RUBRIC_VERSION } from "../../scoring/rules";
import { compiledScenario } from "../scenarios/compiled-scenario.server";
import { summaryOf } from "./summarize-run.server";

export interface RescoreResult {
  rescored: number;
  /** Runs whose saved choices no longer replay (should never happen: versions are immutable). */
  failed: { runId: string; reason: string }[];
}

/**
 * Re-scores every stored run that an older rubric scored, from its saved choices, so the
 * debrief (which always replays), the history, the scorecards and the CSV exports agree.
 * Idempotent and safe on several servers at once: scoring is deterministic, and each update
 * only applies while the run still carries the old version.
 */
export async function rescoreRuns(db: Db, options: { batch?: number; log?: (line: string) => void } = {}): Promise<RescoreResult> {
  const batch = options.batch ?? 500;
  const result: RescoreResult = { rescored: 0, failed: [] };
  const total = await db.run.count({ where: { rubricVersion: { not: RUBRIC_VERSION } } });
  if (total === 0) return result;
  options.log?.(` re-scoring ${total} run(s) with rubric ${RUBRIC_VERSION}`);
  let cursor: string | undefined;
  for (;;) {
    const runs = await db.run.findMany({
      where: { rubricVersion: { not: RUBRIC_VERSION }, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: batch,
      select: {
        id: true,
        rubricVersion: true,
        scenarioVersion: { select: { id: true, yaml: true, scenarioId: true } },
        turns: { orderBy: { index: "asc" }, select: { choiceId: true } },
      },
    });
    if (runs.length === 0) break;
    cursor = runs.at(-1)!.id;
    const updates = [];
    for (const run of runs) {
      try {
        const report = scoreRun(compiledScenario(run.scenarioVersion), run.turns.map((t) => t.choiceId));
        if (report.error) throw new Error(`choice ${report.error.choiceId} is not offered at turn ${report.error.turn}`);
        // Status, outcome and completion time do not depend on the rubric; completedAt is kept.
        const { completedAt: _keep, ...summary } = summaryOf(report);
        updates.push(db.run.updateMany({ where: { id: run.id, rubricVersion: run.rubricVersion }, data: summary }));
      } catch (err) {
        result.failed.push({ runId: run.id, reason: (err as Error).message });
      }
    }
    const done = await db.$transaction(updates);
    result.rescored += done.reduce((n, d) => n + d.count, 0);
    options.log?.(` re-scored ${result.rescored} of ${total}`);
  }
  for (const f of result.failed) options.log?.(` run ${f.runId} could not be re-scored: ${f.reason}`);
  return result;
}
