import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeScenario } from "../../analysis/analyze";
import { DEBRIEF_SEARCH_VERSION, debriefReport } from "../../analysis/debrief";
import { scenarioTemplate } from "../../authoring/template";
import { generateScenarioYaml } from "../../bench/generate";
import type { Db } from "../../db/client.server";
import { loadScenario } from "../../scenario/load";
import type { Scenario } from "../../scenario/model";
import { createTestUser, freshDatabase, PROVIDERS } from "../../testing/db";
import { closeWorkers, runTask, TaskOverBudget } from "../../workers/pool.server";
import { getRunForReview } from "../runs/get-run-for-review.server";
import { getRunReport } from "../runs/get-run.server";
import { startOrResumeRun } from "../runs/start-call.server";
import { submitTurn } from "../runs/submit-turn.server";
import { createScenario } from "../scenarios/create-scenario.server";
import { saveScenarioVersion } from "../scenarios/save-scenario-version.server";
import { syncBuiltinScenarios } from "../scenarios/sync-builtin-scenarios.server";
import { analyzePublishedVersions } from "./analyze-published-versions.server";
import { analyzeScenarioVersion, scheduleScenarioAnalysis } from "./analyze-scenario-version.server";
import { readBestScores } from "./read-best-scores.server";
import { CHUNK_CHARS, writeBestScores } from "./write-best-scores.server";

afterAll(() => closeWorkers());

function builtin(name: string): Scenario {
  const result = loadScenario(readFileSync(new URL(`../../../scenarios/${name}.yaml`, import.meta.url)), `${name}.yaml`);
  if (!result.ok) throw new Error(`${name} does not load`);
  return result.scenario;
}

async function until(what: string, check: () => Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(PROVIDERS)("the debrief's stored search on %s", (provider) => {
  let db: Db;
  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    await syncBuiltinScenarios(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("is worked out on start for every published version that has none, and only once", async () => {
    const published = await db.scenarioVersion.count({ where: { published: true } });
    expect(published).toBe(4);
    expect(await analyzePublishedVersions(db, () => {})).toBe(4);
    const rows = await db.scenarioAnalysis.findMany({ include: { scenarioVersion: { select: { published: true } } } });
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row).toMatchObject({ status: "ready", searchVersion: DEBRIEF_SEARCH_VERSION, truncated: false, scenarioVersion: { published: true } });
      expect(row.chunkCount).toBeGreaterThan(0);
      expect((await readBestScores(db, row.scenarioVersionId))!.length).toBeGreaterThan(1000);
      expect(row.statesVisited).toBeGreaterThan(1000);
    }
    expect(await analyzePublishedVersions(db, () => {})).toBe(0);
  }, 240_000);

  it("stores the search in small pieces and reads back exactly what was stored; a half-written one is not read", async () => {
    const version = await db.scenarioVersion.findFirstOrThrow({ where: { scenarioId: "abusive-caller" } });
    const stored = await readBestScores(db, version.id);
    expect(stored).not.toBeNull();
    const text = "A".repeat(CHUNK_CHARS * 2) + "xyz";
    const result = { searchVersion: DEBRIEF_SEARCH_VERSION, status: "ready" as const, statesVisited: 1, truncated: false, durationMs: 1 };
    await writeBestScores(db, version.id, { ...result, bestScores: text });
    expect(await db.scenarioAnalysisChunk.count({ where: { scenarioVersionId: version.id } })).toBe(3);
    expect(await readBestScores(db, version.id)).toBe(text);
    await db.scenarioAnalysis.update({ where: { scenarioVersionId: version.id }, data: { status: "writing" } });
    expect(await readBestScores(db, version.id)).toBeNull();
    await writeBestScores(db, version.id, { ...result, bestScores: stored });
    expect(await readBestScores(db, version.id)).toBe(stored);
  });

  it("gives a finished call exactly debriefReport's better options, to the trainee and the manager", async () => {
    const billing = builtin("billing-error");
    const worst = analyzeScenario(billing).worstPath;
    const user = await createTestUser(db);
    const { runId } = await startOrResumeRun(db, user.id, "billing-error");
    for (let i = 0; i < worst.length; i++) await submitTurn(db, { runId, userId: user.id, index: i, choiceId: worst[i]! });
    const stored = await db.scenarioAnalysis.findFirstOrThrow({ where: { scenarioVersion: { scenarioId: "billing-error" } } });

    const { report, betterOptions } = await getRunReport(db, runId, user.id);
    expect(betterOptions).toBe("shown");
    expect(report).toEqual(debriefReport(billing, worst));
    expect(report.turns.filter((t) => t.betterOption).length).toBeGreaterThan(0);

    // Read, not worked out again.
    const after = await db.scenarioAnalysis.findFirstOrThrow({ where: { scenarioVersionId: stored.scenarioVersionId } });
    expect(after.updatedAt).toEqual(stored.updatedAt);

    const team = await db.team.create({ data: { name: "Review team" } });
    const manager = await createTestUser(db, "manager");
    await db.teamManager.create({ data: { teamId: team.id, userId: manager.id } });
    await db.user.update({ where: { id: user.id }, data: { teamId: team.id } });
    const review = await getRunForReview(db, manager.id, runId);
    expect(review.report).toEqual(report);
    expect(review.betterOptions).toBe("shown");
  }, 120_000);

  it("is worked out on first need for a version that has none (saved before issue 11)", async () => {
    const delayed = builtin("delayed-update");
    const best = analyzeScenario(delayed).bestPath;
    const version = await db.scenarioVersion.findFirstOrThrow({ where: { scenarioId: "delayed-update" } });
    await db.scenarioAnalysis.delete({ where: { scenarioVersionId: version.id } });
    const user = await createTestUser(db);
    const { runId } = await startOrResumeRun(db, user.id, "delayed-update");
    for (let i = 0; i < best.length; i++) await submitTurn(db, { runId, userId: user.id, index: i, choiceId: best[i]! });
    const { report } = await getRunReport(db, runId, user.id);
    expect(report).toEqual(debriefReport(delayed, best));
    expect(await db.scenarioAnalysis.findUnique({ where: { scenarioVersionId: version.id } })).toMatchObject({ status: "ready" });
  }, 120_000);

  it("starts when a clean version is saved; a search still queued when a newer version is saved is skipped", async () => {
    const trainer = await createTestUser(db, "trainer");
    await createScenario(db, { yaml: scenarioTemplate("queued"), userId: trainer.id });
    // Keep the background lane busy for a moment: a search that goes over a 1 s budget. (This
    // search takes about 3 s here; a 3 s budget made the test depend on the machine's speed.)
    const busy = runTask("analyze", { yaml: generateScenarioYaml(35), file: "big.yaml" }, { budgetMs: 1000, lane: "background" }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    scheduleScenarioAnalysis(db, { scenarioId: "queued", version: 1 });
    await saveScenarioVersion(db, { scenarioId: "queued", baseVersion: 1, yaml: scenarioTemplate("queued").replace("version: 1", "version: 2"), userId: trainer.id });
    scheduleScenarioAnalysis(db, { scenarioId: "queued", version: 2 });
    expect(await busy).toBeInstanceOf(TaskOverBudget);
    const v = await db.scenarioVersion.findMany({ where: { scenarioId: "queued" }, orderBy: { version: "asc" }, select: { id: true } });
    await until("version 2's search", async () => (await db.scenarioAnalysis.count({ where: { scenarioVersionId: v[1]!.id } })) === 1);
    expect(await db.scenarioAnalysis.count({ where: { scenarioVersionId: v[0]!.id } })).toBe(0);
    // Version 1 is still worked out when someone needs it.
    expect(await analyzeScenarioVersion(db, v[0]!.id)).toBe("ready");
  }, 120_000);
});
