import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.server";
import { AppError } from "../../errors";
import { ACCOUNT_LIMIT, accountAttemptsExceeded } from "../../auth/account-limit.server";
import { loadScenario } from "../../scenario/load";
import { analyzeScenario } from "../../analysis/analyze";
import { scoreRun } from "../../scoring/report";
import { createTestUser, freshDatabase, PROVIDERS } from "../../testing/db";
import { findLibraryForUser } from "../scenarios/find-library-for-user.server";
import { getRunForUser, getRunReport } from "./get-run.server";
import { startNewRun, startOrResumeRun } from "./start-call.server";
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
  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
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
      expect(result).toMatchObject({ turnCount: i + 1, duplicate: false });
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
    expect(again).toMatchObject({ duplicate: true, turnCount: 1 });
    // Two copies racing: exactly one is saved.
    const both = await Promise.all([
      submitTurn(db, { runId, userId: user.id, index: 1, choiceId: BEST[1]! }),
      submitTurn(db, { runId, userId: user.id, index: 1, choiceId: BEST[1]! }),
    ]);
    expect(both.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect(await db.turn.count({ where: { runId } })).toBe(2);
  });

  it("refuses a choice that is not offered, saving nothing", async () => {
    const user = await createTestUser(db);
    const { runId } = await startOrResumeRun(db, user.id, "billing-error");
    const err = await expectAppError(submitTurn(db, { runId, userId: user.id, index: 0, choiceId: BEST[3]! }), "choice-not-offered");
    expect(err.status).toBe(422);
    expect((err.detail as { offered: string[] }).offered).toContain(BEST[0]);
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

  it("limits sign-in attempts per account, whatever the address", async () => {
    const email = `Someone-${provider}@Example.test`;
    const start = 1_000_000;
    for (let i = 0; i < ACCOUNT_LIMIT.max; i++) expect(await accountAttemptsExceeded(db, email, start + i)).toBe(0);
    const wait = await accountAttemptsExceeded(db, email.toLowerCase(), start + 1000);
    expect(wait).toBe(ACCOUNT_LIMIT.windowSeconds - 1);
    expect(await accountAttemptsExceeded(db, "other@example.test", start + 1000)).toBe(0);
    expect(await accountAttemptsExceeded(db, email, start + ACCOUNT_LIMIT.windowSeconds * 1000 + 1)).toBe(0);
  });

  it("says a scenario that does not exist is not found", async () => {
    const user = await createTestUser(db);
    await expectAppError(startOrResumeRun(db, user.id, "no-such-scenario"), "not-found");
  });
});
