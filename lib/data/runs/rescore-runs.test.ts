import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.server";
import { analyzeScenario } from "../../analysis/analyze";
import { replay } from "../../customer/replay";
import { offeredChoices } from "../../customer/step";
import { mulberry32 } from "../../random/seeded";
import { scoreRun } from "../../scoring/report";
import { RUBRIC_VERSION } from "../../scoring/rules";
import type { Scenario } from "../../scenario/model";
import { createTestUser, freshDatabase, PROVIDERS } from "../../testing/db";
import { compiledScenario } from "../scenarios/compiled-scenario.server";
import { rescoreRuns } from "./rescore-runs.server";
import { startNewRun } from "./start-call.server";
import { submitTurn } from "./submit-turn.server";
import { syncBuiltinScenarios } from "../scenarios/sync-builtin-scenarios.server";

/** Random paths through a scenario by choice ids; every fourth stops part-way (calls in progress are re-scored too). */
function randomPaths(scenario: Scenario, count: number, seed: number): string[][] {
  const random = mulberry32(seed);
  const paths: string[][] = [];
  for (let i = 0; i < count; i++) {
    const path: string[] = [];
    const stopAt = i % 4 === 3 ? 3 : 40;
    let at = replay(scenario, path);
    while (!scenario.nodes[at.node]!.ending && path.length < stopAt) {
      const offered = offeredChoices(scenario.nodes[at.node]!, at);
      path.push(offered[Math.floor(random() * offered.length)]!.id);
      at = replay(scenario, path);
    }
    paths.push(path);
  }
  return paths;
}

describe.each(PROVIDERS)("re-scoring stored runs on %s", (provider) => {
  let db: Db;
  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    await syncBuiltinScenarios(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("brings every run scored by an older rubric equal to a fresh replay, and keeps completion times", async () => {
    const user = await createTestUser(db);
    const versions = await db.scenarioVersion.findMany({ where: { published: true } });
    let seed = 1;
    for (const version of versions) {
      const scenario = compiledScenario(version);
      // Random calls mostly fail; the best path passes.
      for (const path of [analyzeScenario(scenario).bestPath, ...randomPaths(scenario, 7, seed++)]) {
        const run = await startNewRun(db, user.id, version.scenarioId);
        for (let i = 0; i < path.length; i++) await submitTurn(db, { runId: run.id, userId: user.id, index: i, choiceId: path[i]! });
      }
    }
    const stored = await db.run.findMany({ where: { userId: user.id } });
    expect(stored.length).toBe(versions.length * 8);
    expect(stored.every((r) => r.rubricVersion === RUBRIC_VERSION)).toBe(true);

    // What an older rubric would have left behind: other scores under an older version number.
    await db.run.updateMany({
      where: { userId: user.id },
      data: { rubricVersion: RUBRIC_VERSION - 1, overall: 1, laer: 2, reflectiveListening: 3, promises: 4, professionalism: 5, passed: false, criticalErrors: "hostility" },
    });
    const before = new Map(stored.map((r) => [r.id, r.completedAt?.getTime() ?? null]));

    const result = await rescoreRuns(db, { batch: 7 });
    expect(result).toEqual({ rescored: stored.length, failed: [] });

    const after = await db.run.findMany({
      where: { userId: user.id },
      include: { scenarioVersion: true, turns: { orderBy: { index: "asc" } } },
    });
    for (const run of after) {
      const report = scoreRun(compiledScenario(run.scenarioVersion), run.turns.map((t) => t.choiceId));
      const done = report.outcome !== null;
      expect(run).toMatchObject({
        rubricVersion: RUBRIC_VERSION,
        status: done ? "completed" : "in_progress",
        outcome: report.outcome,
        overall: report.score.overall,
        laer: report.score.dimensions.laer,
        reflectiveListening: report.score.dimensions.reflectiveListening,
        promises: report.score.dimensions.promises,
        professionalism: report.score.dimensions.professionalism,
        passed: done ? report.passed : null,
        criticalErrors: [...new Set(report.criticalErrors.map((c) => c.rule))].join(","),
      });
      expect(run.completedAt?.getTime() ?? null).toBe(before.get(run.id));
    }
    // Some of the sampled calls pass and some fail, so the check above covers both.
    expect(new Set(after.map((r) => r.passed))).toEqual(new Set([true, false, null]));

    // Nothing left to do the second time.
    expect(await rescoreRuns(db)).toEqual({ rescored: 0, failed: [] });
  }, 30_000); // 32 calls played turn by turn through the real data layer (slow on a loaded machine, never a speed check)
});
