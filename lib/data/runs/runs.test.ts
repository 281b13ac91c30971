import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.server";
import { AppError } from "../../errors";
import { loadScenario } from "../../scenario/load";
import { analyzeScenario } from "../../analysis/analyze";
import { scoreRun } from "../../scoring/report";
import { createTestUser, freshDatabase, PROVIDERS } from "../../testing/db";
import { findLibraryForUser } from "../scenarios/find-library-for-user.server";
import { getRunForUser, getRunReport } from "./get-run.server";
import { startCall, startNewRun, startOrResumeRun } from "./start-call.server";
import { findRunsForUser } from "./find-runs-for-user.server";
import { createDb } from "../../db/client.server";
import { submitTurn } from "./submit-turn.server";
import { syncBuiltinScenarios } from "../scenarios/sync-builtin-scenarios.server";

const billing = (() => {
  const r = loadScenario(readFileSync("scenarios/billing-error.yaml"), "billing-error.yaml");
  if (!r.ok) throw new Error("billing-error does not load");
  return r.scenario;
})();
const BEST = analyzeScenario(billing).bestPath;

async function expectAppError(promise: Promise<unknown>, code: AppError["code"]) {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

describe.each(PROVIDERS)("runs on %s", (provider) => {
  let db: Db;
  let url: string;
  beforeAll(async () => {
    ({ db, url } = await freshDatabase(provider));
    const synced = await syncBuiltinScenarios(db);
    expect(synced.added.sort()).toEqual(["abusive-caller", "billing-error", "broadband-outage", "delayed-update"]);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("saves built-in scenarios once, and a changed file as a new version", async () => {
    const again = await syncBuiltinScenarios(db);
    expect(again.added).toEqual([]);
    expect(again.unchanged.length).toBe(4);
    expect(await db.scenarioVersion.count({ where: { scenarioId: "billing-error" } })).toBe(1);
  });

  it("never publishes a built-in file over a trainer's scenario with the same id", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "builtin-clash-"));
    writeFileSync(path.join(dir, "clash.yaml"), readFileSync("scenarios/billing-error.yaml", "utf8").replace(/^id: billing-error$/m, "id: clash"));
    await db.scenario.create({ data: { id: "clash", builtIn: false } });
    const result = await syncBuiltinScenarios(db, dir);
    expect(result.added).toEqual([]);
    expect(result.failed[0]).toMatch(/belongs to a scenario written in the workspace/);
    expect(await db.scenarioVersion.count({ where: { scenarioId: "clash" } })).toBe(0);
  });

  it("plays a whole call turn by turn; the saved score is the server's replay", async () => {
    const user = await createTestUser(db);
    const { runId, resumed } = await startOrResumeRun(db, user.id, "billing-error");
    expect(resumed).toBe(false);
    for (let i = 0; i < BEST.length; i++) {
      const result = await submitTurn(db, { runId, userId: user.id, index: i, choiceId: BEST[i]! });
      expect(result.turn).toMatchObject({ turnCount: i + 1, duplicate: false });
    }
    const run = await getRunForUser(db, runId, user.id);
    const expected = scoreRun(billing, BEST);
    expect(run).toMatchObject({
      status: "completed",
      turnCount: BEST.length,
      outcome: expected.outcome,
      overall: expected.score.overall,
      laer: expected.score.dimensions.laer,
      reflectiveListening: expected.score.dimensions.reflectiveListening,
      promises: expected.score.dimensions.promises,
      professionalism: expected.score.dimensions.professionalism,
      passed: true,
      criticalErrors: "",
    });
    expect(run.completedAt).toBeInstanceOf(Date);
    // The debrief: the version's search is worked out first (a worker thread), then read.
    const { report } = await getRunReport(db, runId, user.id);
    expect(report.score).toEqual(expected.score);
  }, 60_000);

  it("treats a resent turn as a no-op and never duplicates it", async () => {
    const user = await createTestUser(db);
    const { runId } = await startOrResumeRun(db, user.id, "billing-error");
    await submitTurn(db, { runId, userId: user.id, index: 0, choiceId: BEST[0]! });
    const again = await submitTurn(db, { runId, userId: user.id, index: 0, choiceId: BEST[0]! });
    expect(again.turn).toMatchObject({ duplicate: true, turnCount: 1 });
    // Two copies racing: exactly one is saved.
    const both = await Promise.all([
      submitTurn(db, { runId, userId: user.id, index: 1, choiceId: BEST[1]! }),
      submitTurn(db, { runId, userId: user.id, index: 1, choiceId: BEST[1]! }),
    ]);
    expect(both.map((r) => r.turn.duplicate).sort()).toEqual([false, true]);
    // Both answer with the same view of the call.
    expect(both[0]!.call).toEqual(both[1]!.call);
    expect(await db.turn.count({ where: { runId } })).toBe(2);
  });

  it("refuses a choice that is not offered, saving nothing", async () => {
    const user = await createTestUser(db);
    const { runId } = await startOrResumeRun(db, user.id, "billing-error");
    const err = await expectAppError(submitTurn(db, { runId, userId: user.id, index: 0, choiceId: BEST[3]! }), "choice-not-offered");
    expect(err.status).toBe(422);
    // The answer names no choice ids (they would be an answer key), only how many responses there are.
    expect(err.detail).toEqual({ options: billing.nodes[billing.start]!.choices.length });
    expect(await db.turn.count({ where: { runId } })).toBe(0);
  });

  it("refuses a different choice for a saved turn and a turn that skips ahead", async () => {
    const user = await createTestUser(db);
    const { runId } = await startOrResumeRun(db, user.id, "billing-error");
    await submitTurn(db, { runId, userId: user.id, index: 0, choiceId: BEST[0]! });
    const other = billing.nodes[billing.start]!.choices.find((c) => c.id !== BEST[0])!.id;
    expect((await expectAppError(submitTurn(db, { runId, userId: user.id, index: 0, choiceId: other }), "conflict")).status).toBe(409);
    await expectAppError(submitTurn(db, { runId, userId: user.id, index: 5, choiceId: BEST[5]! }), "conflict");
    expect(await db.turn.count({ where: { runId } })).toBe(1);
  });

  it("refuses turns after the call has ended", async () => {
    const user = await createTestUser(db);
    const { runId } = await startOrResumeRun(db, user.id, "billing-error");
    for (let i = 0; i < BEST.length; i++) await submitTurn(db, { runId, userId: user.id, index: i, choiceId: BEST[i]! });
    await expectAppError(submitTurn(db, { runId, userId: user.id, index: BEST.length, choiceId: BEST[0]! }), "conflict");
  });

  it("resumes the call in progress, and starts a fresh one on retry", async () => {
    const user = await createTestUser(db);
    const first = await startOrResumeRun(db, user.id, "delayed-update");
    await submitTurn(db, { runId: first.runId, userId: user.id, index: 0, choiceId: "let-him-finish" });
    const again = await startOrResumeRun(db, user.id, "delayed-update");
    expect(again).toEqual({ runId: first.runId, resumed: true });
    const fresh = await startNewRun(db, user.id, "delayed-update");
    expect(fresh.id).not.toBe(first.runId);
  });

  it("starts one call, not two, when Start is pressed twice at once", async () => {
    const user = await createTestUser(db);
    const both = await Promise.all([startOrResumeRun(db, user.id, "abusive-caller"), startOrResumeRun(db, user.id, "abusive-caller")]);
    expect(both[0].runId).toBe(both[1].runId);
    expect(await db.run.count({ where: { userId: user.id } })).toBe(1);
  });

  it("10 concurrent starts through two servers' connections return one run, and it exists", async () => {
    const second = createDb(url);
    try {
      for (let trial = 0; trial < 5; trial++) {
        const user = await createTestUser(db);
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => startCall(i % 2 ? second : db, user.id, "billing-error")));
        const ids = new Set(results.map((r) => r.runId));
        expect(ids.size, `trial ${trial}`).toBe(1);
        expect(await db.run.count({ where: { userId: user.id } })).toBe(1);
        expect(await db.run.findUnique({ where: { id: [...ids][0]! } })).not.toBeNull();
      }
    } finally {
      await second.$disconnect();
    }
  });

  it("starting over abandons the call in progress: kept, but shown and counted nowhere", async () => {
    const user = await createTestUser(db);
    const first = await startCall(db, user.id, "delayed-update");
    await submitTurn(db, { runId: first.runId, userId: user.id, index: 0, choiceId: "let-him-finish" });
    const over = await startCall(db, user.id, "delayed-update", { fresh: true });
    expect(over.resumed).toBe(false);
    expect(await db.run.findUnique({ where: { id: first.runId }, select: { status: true, openFor: true } })).toEqual({ status: "abandoned", openFor: null });
    // Concurrent "start over" clicks with different keys still leave one call in progress.
    await Promise.all([1, 2, 3].map(() => startCall(db, user.id, "delayed-update", { fresh: true })));
    expect(await db.run.count({ where: { userId: user.id, status: "in_progress" } })).toBe(1);
    expect((await findRunsForUser(db, user.id)).map((r) => r.status)).toEqual(["in_progress"]);
    expect((await findLibraryForUser(db, user.id)).find((e) => e.scenarioId === "delayed-update")).toMatchObject({ attempts: 0 });
    // A turn sent to the abandoned call is refused with a way forward.
    const refused = await expectAppError(submitTurn(db, { runId: first.runId, userId: user.id, index: 1, choiceId: "x" }), "conflict");
    expect(refused.message).toMatch(/started over/);
  });

  it("a start repeated with the same idempotency key returns the run the first one started", async () => {
    const user = await createTestUser(db);
    const key = "0b7c3a8e-5f5e-4c4e-9f55-3f0f0a9b1c2d";
    const first = await startCall(db, user.id, "billing-error", { fresh: true, key });
    const again = await Promise.all([1, 2, 3].map(() => startCall(db, user.id, "billing-error", { fresh: true, key })));
    expect(again.map((r) => r.runId)).toEqual([first.runId, first.runId, first.runId]);
    expect(await db.run.count({ where: { userId: user.id } })).toBe(1);
    // The same key from another user is another start.
    const other = await createTestUser(db);
    expect((await startCall(db, other.id, "billing-error", { key })).runId).not.toBe(first.runId);
  });

  it("a finished call is no longer in progress: the next start opens a new one", async () => {
    const user = await createTestUser(db);
    const { runId } = await startCall(db, user.id, "billing-error");
    for (let i = 0; i < BEST.length; i++) await submitTurn(db, { runId, userId: user.id, index: i, choiceId: BEST[i]! });
    expect((await db.run.findUniqueOrThrow({ where: { id: runId } })).openFor).toBeNull();
    const next = await startCall(db, user.id, "billing-error");
    expect(next).toMatchObject({ resumed: false });
    expect(next.runId).not.toBe(runId);
  });

  it("records the exact scenario version a run was played on", async () => {
    const user = await createTestUser(db);
    const { runId } = await startOrResumeRun(db, user.id, "abusive-caller");
    const run = await getRunForUser(db, runId, user.id);
    expect(run.scenarioVersion).toMatchObject({ scenarioId: "abusive-caller", version: 1 });
  });

  it("keeps runs private: another user's run is not found", async () => {
    const owner = await createTestUser(db);
    const other = await createTestUser(db);
    const { runId } = await startOrResumeRun(db, owner.id, "billing-error");
    await expectAppError(getRunForUser(db, runId, other.id), "not-found");
    await expectAppError(submitTurn(db, { runId, userId: other.id, index: 0, choiceId: BEST[0]! }), "not-found");
  });

  it("lists the library with the user's best score and pass status", async () => {
    const user = await createTestUser(db);
    const { runId } = await startOrResumeRun(db, user.id, "billing-error");
    for (let i = 0; i < BEST.length; i++) await submitTurn(db, { runId, userId: user.id, index: i, choiceId: BEST[i]! });
    const library = await findLibraryForUser(db, user.id);
    expect(library.map((e) => e.scenarioId)).toEqual(["abusive-caller", "billing-error", "broadband-outage", "delayed-update"]);
    expect(library.find((e) => e.scenarioId === "billing-error")).toMatchObject({ attempts: 1, best: scoreRun(billing, BEST).score.overall, passed: true });
    expect(library.find((e) => e.scenarioId === "abusive-caller")).toMatchObject({ attempts: 0, best: null, passed: false });
  });

  it("resumes a call in progress after a newer version is published", async () => {
    const user = await createTestUser(db);
    const { runId } = await startOrResumeRun(db, user.id, "delayed-update");
    await submitTurn(db, { runId, userId: user.id, index: 0, choiceId: "let-him-finish" });
    const dir = mkdtempSync(path.join(tmpdir(), "steady-scenarios-"));
    writeFileSync(path.join(dir, "delayed-update.yaml"), `${readFileSync("scenarios/delayed-update.yaml", "utf8")}\n# edited: version 2\n`);
    expect((await syncBuiltinScenarios(db, dir)).added).toEqual(["delayed-update"]);
    expect(await startOrResumeRun(db, user.id, "delayed-update")).toEqual({ runId, resumed: true });
    const fresh = await startNewRun(db, user.id, "delayed-update");
    expect((await getRunForUser(db, fresh.id, user.id)).scenarioVersion.version).toBe(2);
    expect((await getRunForUser(db, runId, user.id)).scenarioVersion.version).toBe(1);
  });

  it("survives two servers saving the built-in scenarios at the same moment", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "steady-scenarios-"));
    writeFileSync(path.join(dir, "billing-error.yaml"), `${readFileSync("scenarios/billing-error.yaml", "utf8")}\n# edited at the same moment\n`);
    const results = await Promise.all([syncBuiltinScenarios(db, dir), syncBuiltinScenarios(db, dir)]);
    expect(results.flatMap((r) => r.added)).toEqual(["billing-error"]);
    expect(await db.scenarioVersion.count({ where: { scenarioId: "billing-error" } })).toBe(2);
  });

  it("says a scenario that does not exist is not found", async () => {
    const user = await createTestUser(db);
    await expectAppError(startOrResumeRun(db, user.id, "no-such-scenario"), "not-found");
  });
});
