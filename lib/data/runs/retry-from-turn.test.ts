import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeScenario } from "../../analysis/analyze";
import type { Db } from "../../db/client.server";
import { AppError } from "../../errors";
import { loadScenario } from "../../scenario/load";
import { scoreRun } from "../../scoring/report";
import { createTestUser, freshDatabase, PROVIDERS } from "../../testing/db";
import { syncBuiltinScenarios } from "../scenarios/sync-builtin-scenarios.server";
import { getCallView } from "./get-call-view.server";
import { getRunForUser } from "./get-run.server";
import { retryFromTurn } from "./retry-from-turn.server";
import { startCall } from "./start-call.server";
import { submitTurn } from "./submit-turn.server";

const billing = (() => {
  const r = loadScenario(readFileSync("scenarios/billing-error.yaml"), "billing-error.yaml");
  if (!r.ok) throw new Error("billing-error does not load");
  return r.scenario;
})();
const BEST = analyzeScenario(billing).bestPath;

async function expectAppError(promise: Promise<unknown>, code: AppError["code"], message?: RegExp) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (message) expect((err as AppError).message).toMatch(message);
}

describe.each(PROVIDERS)("try again from a turn on %s", (provider) => {
  let db: Db;
  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    await syncBuiltinScenarios(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  async function finishedCall(userId: string) {
    const { runId } = await startCall(db, userId, "billing-error");
    for (let i = 0; i < BEST.length; i++) await submitTurn(db, { runId, userId, index: i, choiceId: BEST[i]! });
    return runId;
  }

  it("starts a new run of the same version with the earlier turns replayed; the finished run is unchanged", async () => {
    expect(BEST.length).toBeGreaterThanOrEqual(3);
    const user = await createTestUser(db);
    const done = await finishedCall(user.id);
    const before = await getRunForUser(db, done, user.id);

    const { runId, resumed, abandoned } = await retryFromTurn(db, user.id, done, 3, { key: "11111111-1111-4111-8111-111111111111" });
    expect(resumed).toBe(false);
    expect(abandoned).toBeNull();
    expect(runId).not.toBe(done);
    const retry = await getRunForUser(db, runId, user.id);
    const expected = scoreRun(billing, BEST.slice(0, 2));
    expect(retry).toMatchObject({
      status: "in_progress",
      scenarioVersionId: before.scenarioVersionId,
      turnCount: 2,
      overall: expected.score.overall,
      angerEnd: expected.mood.anger,
      trustEnd: expected.mood.trust,
      completedAt: null,
      passed: null,
      openFor: `${user.id}:billing-error`,
    });
    expect(retry.turns.map((t) => t.choiceId)).toEqual(BEST.slice(0, 2));
    // The player opens at turn 3: the call view has two turns played.
    const view = await getCallView(db, runId, user.id);
    expect(view.call.turns).toBe(2);
    // The old run is as it was.
    const after = await getRunForUser(db, done, user.id);
    expect(after).toMatchObject({ status: "completed", turnCount: before.turnCount, overall: before.overall });
    expect(after.turns.map((t) => t.choiceId)).toEqual(BEST);
    // The new call goes on from there, and can be finished.
    for (let i = 2; i < BEST.length; i++) await submitTurn(db, { runId, userId: user.id, index: i, choiceId: BEST[i]! });
    expect((await getRunForUser(db, runId, user.id)).status).toBe("completed");
  });

  it("a double click starts one run; turn 1 starts with no turns saved", async () => {
    const user = await createTestUser(db);
    const done = await finishedCall(user.id);
    const key = "22222222-2222-4222-8222-222222222222";
    const [a, b] = await Promise.all([retryFromTurn(db, user.id, done, 1, { key }), retryFromTurn(db, user.id, done, 1, { key })]);
    expect(a.runId).toBe(b.runId);
    const again = await retryFromTurn(db, user.id, done, 1, { key });
    expect(again).toMatchObject({ runId: a.runId, resumed: true });
    expect(await db.run.count({ where: { userId: user.id } })).toBe(2);
    expect((await getRunForUser(db, a.runId, user.id)).turns).toEqual([]);
  });

  it("sets aside a call of the scenario in progress, as start over does", async () => {
    const user = await createTestUser(db);
    const done = await finishedCall(user.id);
    const { runId: open } = await startCall(db, user.id, "billing-error");
    await submitTurn(db, { runId: open, userId: user.id, index: 0, choiceId: BEST[0]! });
    const { runId, abandoned } = await retryFromTurn(db, user.id, done, 2);
    expect(abandoned).toBe(open);
    expect(await db.run.findUniqueOrThrow({ where: { id: open } })).toMatchObject({ status: "abandoned", openFor: null, turnCount: 1 });
    // The one call in progress is the retry: starting the scenario resumes it.
    expect(await startCall(db, user.id, "billing-error")).toEqual({ runId, resumed: true });
  });

  it("refuses a turn the call does not have, a call not finished, and someone else's run", async () => {
    const user = await createTestUser(db);
    const done = await finishedCall(user.id);
    await expectAppError(retryFromTurn(db, user.id, done, 0), "bad-request", /from 1 to/);
    await expectAppError(retryFromTurn(db, user.id, done, BEST.length + 1), "bad-request", /from 1 to/);
    const other = await createTestUser(db);
    await expectAppError(retryFromTurn(db, other.id, done, 1), "not-found");
    const { runId: open } = await startCall(db, user.id, "billing-error");
    await submitTurn(db, { runId: open, userId: user.id, index: 0, choiceId: BEST[0]! });
    await expectAppError(retryFromTurn(db, user.id, open, 1), "conflict", /once the call has ended/);
    expect(await db.run.count({ where: { userId: other.id } })).toBe(0);
  });
});
