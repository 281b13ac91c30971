import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioTemplate } from "../../authoring/template";
import { distinctKeysYaml, generateScenarioYaml } from "../../bench/generate";
import type { Db } from "../../db/client.server";
import { AppError } from "../../errors";
import { loadScenario } from "../../scenario/load";
import { scoreRun } from "../../scoring/report";
import { createTestUser, freshDatabase, PROVIDERS } from "../../testing/db";
import { closeWorkers, warmWorkers } from "../../workers/pool.server";
import { getRunReport } from "../runs/get-run.server";
import { createScenario } from "./create-scenario.server";
import { publishScenarioVersion } from "./publish-scenario-version.server";
import { saveScenarioVersion } from "./save-scenario-version.server";
import { withinSaveLimit } from "./within-save-limit.server";

// Small limits for this file (env() is read once per test file): a check of a hostile 1 MB text
// takes seconds and a template's a few milliseconds; the 38-node scenario's debrief search takes
// many seconds (it stops at the state cap) and the template's well under one.
process.env.SCENARIO_SAVES_PER_MINUTE = "3";
process.env.SCENARIO_CHECK_TIME_LIMIT_MS = "300";
process.env.ANALYSIS_TIME_LIMIT_MS = "3000";

afterAll(() => closeWorkers());

async function expectAppError(promise: Promise<unknown>, code: AppError["code"]) {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

describe.each(PROVIDERS)("the limits on a trainer's saves and publishes on %s", (provider) => {
  let db: Db;
  let trainer: { id: string };
  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    trainer = await createTestUser(db, "trainer");
    await warmWorkers();
  }, 120_000);
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("allows SCENARIO_SAVES_PER_MINUTE versions a minute, then answers 429 with when to try again", async () => {
    const user = await createTestUser(db, "trainer");
    const save = (id: string) => withinSaveLimit(db, user.id, () => createScenario(db, { yaml: scenarioTemplate(id), userId: user.id }));
    for (const id of ["limit-1", "limit-2", "limit-3"]) expect(await save(id)).toMatchObject({ created: true });
    const refused = await expectAppError(save("limit-4"), "rate-limited");
    expect(refused.status).toBe(429);
    const retry = refused.detail!.retryAfterSeconds as number;
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(refused.userMessage).toMatch(new RegExp(`try again in ${retry} s`));
    expect(await db.scenario.count({ where: { id: "limit-4" } })).toBe(0);
    // Another trainer is not held up; the same one is, until the window has passed.
    expect(await withinSaveLimit(db, trainer.id, async () => "ok")).toBe("ok");
    expect(await withinSaveLimit(db, user.id, async () => "ok", () => Date.now() + retry * 1000 + 1000)).toBe("ok");
  });

  it("checks at most two saves of one trainer at once", async () => {
    const user = await createTestUser(db, "trainer");
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const running = [withinSaveLimit(db, user.id, () => gate), withinSaveLimit(db, user.id, () => gate)];
    await new Promise((r) => setTimeout(r, 50));
    await expectAppError(
      withinSaveLimit(db, user.id, async () => "third"),
      "rate-limited",
    );
    release();
    await Promise.all(running);
    expect(await withinSaveLimit(db, user.id, async () => "after")).toBe("after");
  });

  it("refuses a text whose check goes over its time budget as too complex (422), and saves nothing", async () => {
    await createScenario(db, { yaml: scenarioTemplate("hostile"), userId: trainer.id });
    const started = Date.now();
    const err = await expectAppError(saveScenarioVersion(db, { scenarioId: "hostile", baseVersion: 1, yaml: distinctKeysYaml(), userId: trainer.id }), "too-complex");
    expect(err.status).toBe(422);
    expect(err.userMessage).toMatch(/took longer than 0.3 s/);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await db.scenarioVersion.count({ where: { scenarioId: "hostile" } })).toBe(1);
    // The next save is checked as usual.
    const yaml = scenarioTemplate("hostile").replace("version: 1", "version: 2");
    expect(await saveScenarioVersion(db, { scenarioId: "hostile", baseVersion: 1, yaml, userId: trainer.id })).toMatchObject({ version: 2, problemCount: 0 });
  }, 60_000);

  it("refuses to publish a version whose debrief search goes over its budget; its debriefs show no better options", async () => {
    const big = generateScenarioYaml(35).replace(/^id: generated$/m, "id: big-38");
    const loaded = loadScenario(big, "big-38.yaml");
    if (!loaded.ok) throw new Error("the generated scenario does not load");
    await createScenario(db, { yaml: big, userId: trainer.id });
    const err = await expectAppError(publishScenarioVersion(db, { scenarioId: "big-38", version: 1 }), "too-complex");
    expect(err.status).toBe(422);
    expect(err.userMessage).toMatch(/too complex to publish/);
    const version = await db.scenarioVersion.findFirstOrThrow({ where: { scenarioId: "big-38" }, include: { analysis: true } });
    expect(version.published).toBe(false);
    expect(version.analysis).toMatchObject({ status: "too-complex", chunkCount: 0, durationMs: 3000 });

    // A finished call on it (as if played before the limit was lowered): scores, no better options.
    const trainee = await createTestUser(db);
    const choices = Array.from({ length: 35 }, (_, i) => `n${i}-forward`);
    const expected = scoreRun(loaded.scenario, choices);
    const run = await db.run.create({
      data: {
        userId: trainee.id,
        scenarioVersionId: version.id,
        status: "completed",
        turnCount: choices.length,
        outcome: expected.outcome,
        overall: expected.score.overall,
        angerStart: 70,
        angerEnd: expected.mood.anger,
        trustStart: 30,
        trustEnd: expected.mood.trust,
        turns: { create: choices.map((choiceId, index) => ({ index, choiceId })) },
      },
    });
    const { report, betterOptions } = await getRunReport(db, run.id, trainee.id);
    expect(betterOptions).toBe("too-complex");
    expect(report).toEqual(expected);
  }, 120_000);

  it("publishes a version whose search fits the budget", async () => {
    await createScenario(db, { yaml: scenarioTemplate("small"), userId: trainer.id });
    expect(await publishScenarioVersion(db, { scenarioId: "small", version: 1 })).toEqual({ scenarioId: "small", publishedVersion: 1 });
    expect(await db.scenarioAnalysis.findFirst({ where: { scenarioVersion: { scenarioId: "small" } } })).toMatchObject({ status: "ready" });
  }, 60_000);
});
