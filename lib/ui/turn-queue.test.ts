import { describe, expect, it } from "vitest";
import { createTurnQueue, type PostResult, type QueueState, type TurnSubmission } from "./turn-queue";

/** A transport whose answers the test scripts, one per request, in order. */
function scripted(answers: (PostResult | "network" | Promise<PostResult>)[]) {
  const sent: TurnSubmission[] = [];
  const post = async (turn: TurnSubmission): Promise<PostResult> => {
    sent.push(turn);
    const answer = answers.shift();
    if (answer === undefined) throw new Error("unexpected request");
    if (answer === "network") throw new TypeError("fetch failed");
    return answer;
  };
  return { sent, post };
}

const ok = (turnCount: number, status = "in_progress"): PostResult => ({ status: 201, body: { turn: { turnCount, status } } });
const flush = () => new Promise((r) => setTimeout(r, 0));

async function settle(queue: { getState(): QueueState }) {
  for (let i = 0; i < 50 && queue.getState().pending > 0 && !["failed", "rejected", "signed-out"].includes(queue.getState().phase); i++)
    await flush();
  await flush();
}

describe("createTurnQueue", () => {
  it("sends turns one at a time, in order", async () => {
    let release!: (r: PostResult) => void;
    const first = new Promise<PostResult>((r) => (release = r));
    const { sent, post } = scripted([first, ok(2)]);
    const queue = createTurnQueue({ post, sleep: async () => {} });
    queue.push({ index: 0, choiceId: "a" });
    queue.push({ index: 1, choiceId: "b" });
    await flush();
    expect(sent).toEqual([{ index: 0, choiceId: "a" }]);
    expect(queue.getState()).toMatchObject({ phase: "saving", pending: 2 });
    release(ok(1));
    await settle(queue);
    expect(sent.map((t) => t.index)).toEqual([0, 1]);
    expect(queue.getState()).toMatchObject({ phase: "idle", pending: 0, saved: 2 });
  });

  it("retries network errors and 5xx with backoff, then carries on", async () => {
    const waits: number[] = [];
    const { sent, post } = scripted(["network", { status: 503, body: null }, ok(1, "completed")]);
    const queue = createTurnQueue({ post, sleep: async (ms) => void waits.push(ms), retryDelays: [10, 20, 40] });
    queue.push({ index: 0, choiceId: "a" });
    await settle(queue);
    expect(sent).toHaveLength(3);
    expect(waits).toEqual([10, 20]);
    expect(queue.getState()).toMatchObject({ phase: "idle", saved: 1, attempt: 0, callStatus: "completed" });
  });

  it("stops in failed when the retries run out, and retry() resumes in order", async () => {
    const { sent, post } = scripted(["network", "network", ok(1), ok(2)]);
    const queue = createTurnQueue({ post, sleep: async () => {}, retryDelays: [1] });
    queue.push({ index: 0, choiceId: "a" });
    queue.push({ index: 1, choiceId: "b" });
    await settle(queue);
    expect(queue.getState()).toMatchObject({ phase: "failed", pending: 2, saved: 0 });
    expect(queue.getState().message).toMatch(/Turn 1 could not be saved/);
    queue.retry();
    await settle(queue);
    expect(sent.map((t) => t.index)).toEqual([0, 0, 0, 1]);
    expect(queue.getState()).toMatchObject({ phase: "idle", pending: 0, saved: 2 });
  });

  it("treats a duplicate (200) as saved", async () => {
    const { post } = scripted([{ status: 200, body: { turn: { turnCount: 1, duplicate: true, status: "in_progress" } } }]);
    const queue = createTurnQueue({ post, sleep: async () => {} });
    queue.push({ index: 0, choiceId: "a" });
    await settle(queue);
    expect(queue.getState()).toMatchObject({ phase: "idle", saved: 1 });
  });

  it("stops on a conflict or a choice not offered, with the server's message, and sends nothing more", async () => {
    for (const [status, code] of [
      [409, "conflict"],
      [422, "choice-not-offered"],
    ] as const) {
      const { sent, post } = scripted([{ status, body: { error: { code, message: "reload to continue" } } }]);
      const queue = createTurnQueue({ post, sleep: async () => {} });
      queue.push({ index: 0, choiceId: "a" });
      queue.push({ index: 1, choiceId: "b" });
      await settle(queue);
      expect(queue.getState()).toMatchObject({ phase: "rejected", httpStatus: status, code, message: "reload to continue", pending: 2 });
      expect(sent).toHaveLength(1);
      queue.retry(); // does nothing: a rejection needs a resync
      await settle(queue);
      expect(sent).toHaveLength(1);
    }
  });

  it("stops in signed-out on 401", async () => {
    const { post } = scripted([{ status: 401, body: { error: { code: "unauthenticated", message: "sign in first" } } }]);
    const queue = createTurnQueue({ post, sleep: async () => {} });
    queue.push({ index: 0, choiceId: "a" });
    await settle(queue);
    expect(queue.getState()).toMatchObject({ phase: "signed-out", httpStatus: 401 });
  });

  it("keeps sending queued turns after dispose, without reporting", async () => {
    const changes: string[] = [];
    const { sent, post } = scripted([ok(1), ok(2)]);
    const queue = createTurnQueue({ post, sleep: async () => {}, onChange: (s) => changes.push(s.phase) });
    queue.push({ index: 0, choiceId: "a" });
    queue.push({ index: 1, choiceId: "b" });
    const reported = changes.length;
    queue.dispose();
    await settle(queue);
    expect(sent.map((t) => t.index)).toEqual([0, 1]);
    expect(changes.length).toBe(reported);
  });

  it("reports every change and starts from the turns already saved", async () => {
    const phases: string[] = [];
    const { post } = scripted([ok(4)]);
    const queue = createTurnQueue({ post, sleep: async () => {}, saved: 3, onChange: (s) => phases.push(s.phase) });
    expect(queue.getState().saved).toBe(3);
    queue.push({ index: 3, choiceId: "d" });
    await settle(queue);
    expect(phases[phases.length - 1]).toBe("idle");
    expect(phases).toContain("saving");
    expect(queue.getState().saved).toBe(4);
  });
});
