import { createActor, fromPromise, SimulatedClock } from "xstate";
import { describe, expect, it } from "vitest";
import { callSessionMachine, saveStateOf, type PostResult, type TurnSubmission } from "./call-session";

/** A transport whose answers the test scripts, one per request, in order. */
function scripted(answers: (PostResult | "network" | Promise<PostResult>)[]) {
  const sent: TurnSubmission[] = [];
  const post = fromPromise<PostResult, TurnSubmission>(async ({ input }) => {
    sent.push(input);
    const answer = answers.shift();
    if (answer === undefined) throw new Error("unexpected request");
    if (answer === "network") throw new TypeError("fetch failed");
    return answer;
  });
  return { sent, post };
}

function session(transport: ReturnType<typeof scripted>, input: { saved?: number; retryDelays?: number[] } = {}) {
  const clock = new SimulatedClock();
  const actor = createActor(callSessionMachine.provide({ actors: { post: transport.post } }), {
    input: { saved: input.saved ?? 0, ...(input.retryDelays ? { retryDelays: input.retryDelays } : {}) },
    clock,
  }).start();
  const state = () => saveStateOf(actor.getSnapshot());
  return { actor, clock, state, submit: (index: number, choiceId: string) => actor.send({ type: "SUBMIT", turn: { index, choiceId } }) };
}

const ok = (turnCount: number, status = "in_progress"): PostResult => ({ status: 201, body: { turn: { turnCount, status } } });
const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};

describe("the call session actor", () => {
  it("sends turns one at a time, in order", async () => {
    let release!: (r: PostResult) => void;
    const first = new Promise<PostResult>((r) => (release = r));
    const t = scripted([first, ok(2)]);
    const s = session(t);
    s.submit(0, "a");
    s.submit(1, "b");
    await flush();
    expect(t.sent).toEqual([{ index: 0, choiceId: "a" }]);
    expect(s.state()).toMatchObject({ phase: "saving", pending: 2 });
    release(ok(1));
    await flush();
    expect(t.sent.map((x) => x.index)).toEqual([0, 1]);
    expect(s.state()).toMatchObject({ phase: "idle", pending: 0, saved: 2 });
  });

  it("retries network errors and 5xx after the backoff delays, then carries on", async () => {
    const t = scripted(["network", { status: 503, body: null }, ok(1, "completed")]);
    const s = session(t, { retryDelays: [10, 20, 40] });
    s.submit(0, "a");
    await flush();
    expect(t.sent).toHaveLength(1);
    expect(s.state()).toMatchObject({ phase: "retrying", attempt: 1 });
    s.clock.increment(9);
    await flush();
    expect(t.sent).toHaveLength(1); // not before the delay
    s.clock.increment(1);
    await flush();
    expect(t.sent).toHaveLength(2);
    s.clock.increment(20);
    await flush();
    expect(t.sent).toHaveLength(3);
    expect(s.state()).toMatchObject({ phase: "idle", saved: 1, attempt: 0, callStatus: "completed" });
  });

  it("stops in failed when the retries run out, and RETRY resumes in order", async () => {
    const t = scripted(["network", "network", ok(1), ok(2)]);
    const s = session(t, { retryDelays: [1] });
    s.submit(0, "a");
    s.submit(1, "b");
    await flush();
    s.clock.increment(1);
    await flush();
    expect(s.state()).toMatchObject({ phase: "failed", pending: 2, saved: 0 });
    expect(s.state().message).toMatch(/Turn 1 could not be saved \(no connection\)/);
    s.actor.send({ type: "RETRY" });
    await flush();
    expect(t.sent.map((x) => x.index)).toEqual([0, 0, 0, 1]);
    expect(s.state()).toMatchObject({ phase: "idle", pending: 0, saved: 2 });
  });

  it("treats a duplicate (200) as saved", async () => {
    const t = scripted([{ status: 200, body: { turn: { turnCount: 1, duplicate: true, status: "in_progress" } } }]);
    const s = session(t);
    s.submit(0, "a");
    await flush();
    expect(s.state()).toMatchObject({ phase: "idle", saved: 1 });
  });

  it("stops on a conflict or a choice not offered, with the server's message, and sends nothing more", async () => {
    for (const [status, code] of [
      [409, "conflict"],
      [422, "choice-not-offered"],
    ] as const) {
      const t = scripted([{ status, body: { error: { code, message: "reload to continue" } } }]);
      const s = session(t);
      s.submit(0, "a");
      s.submit(1, "b");
      await flush();
      expect(s.state()).toMatchObject({ phase: "rejected", httpStatus: status, code, message: "reload to continue", pending: 2 });
      s.actor.send({ type: "RETRY" }); // does nothing: a rejection needs a resync
      s.clock.increment(10_000);
      await flush();
      expect(t.sent).toHaveLength(1);
    }
  });

  it("stops in signed-out on 401", async () => {
    const t = scripted([{ status: 401, body: { error: { code: "unauthenticated", message: "sign in first" } } }]);
    const s = session(t);
    s.submit(0, "a");
    await flush();
    expect(s.state()).toMatchObject({ phase: "signed-out", httpStatus: 401, code: "unauthenticated" });
  });

  it("starts from the turns already saved (a resumed call)", async () => {
    const t = scripted([ok(4)]);
    const s = session(t, { saved: 3 });
    expect(s.state()).toMatchObject({ phase: "idle", saved: 3, pending: 0 });
    s.submit(3, "d");
    await flush();
    expect(s.state()).toMatchObject({ phase: "idle", saved: 4 });
  });
});
