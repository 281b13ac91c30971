import { createActor, fromPromise, SimulatedClock } from "xstate";
import { describe, expect, it } from "vitest";
import type { CallView } from "@/lib/call/call-view";
import { callSessionMachine, saveStateOf, type PostResult, type TurnSubmission } from "./call-session";

/** A view of a call at turn `turns`, offering `count` responses. */
function view(turns: number, count = 3, ended = false): CallView {
  return {
    turns,
    line: `line ${turns}`,
    mood: { anger: 50, trust: 20 },
    previousMood: null,
    options: ended ? [] : Array.from({ length: count }, (_, i) => ({ option: i + 1, text: `response ${turns}.${i + 1}` })),
    transcript: Array.from({ length: turns }, (_, i) => ({
      customer: `line ${i}`,
      said: `said ${i}`,
      before: { anger: 50, trust: 20 },
      after: { anger: 50, trust: 20 },
    })),
    ended: ended ? { kind: "resolved", summary: null } : null,
    turnsLeft: ended ? 0 : 3,
  };
}

type Answer = PostResult | "network" | Promise<PostResult>;

/** A transport whose answers the test scripts, one per request, in order. */
function scripted(posts: Answer[], fetches: Answer[] = []) {
  const sent: TurnSubmission[] = [];
  let fetched = 0;
  const answer = async (queue: Answer[]) => {
    const a = queue.shift();
    if (a === undefined) throw new Error("unexpected request");
    if (a === "network") throw new TypeError("fetch failed");
    return a;
  };
  const post = fromPromise<PostResult, TurnSubmission>(async ({ input }) => {
    sent.push(input);
    return answer(posts);
  });
  const fetchCall = fromPromise<PostResult, void>(async () => {
    fetched++;
    return answer(fetches);
  });
  return { sent, post, fetchCall, fetched: () => fetched };
}

function session(transport: ReturnType<typeof scripted>, input: { view?: CallView; retryDelays?: number[] } = {}) {
  const clock = new SimulatedClock();
  const actor = createActor(callSessionMachine.provide({ actors: { post: transport.post, fetchCall: transport.fetchCall } }), {
    input: { view: input.view ?? view(0), ...(input.retryDelays ? { retryDelays: input.retryDelays } : {}) },
    clock,
  }).start();
  const state = () => saveStateOf(actor.getSnapshot());
  const ctx = () => actor.getSnapshot().context;
  return { actor, clock, state, ctx, choose: (option: number) => actor.send({ type: "CHOOSE", option }) };
}

const saved = (v: CallView, status = "in_progress"): PostResult => ({
  status: 201,
  body: { turn: { turnCount: v.turns, status }, call: v },
});
const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};

describe("the call session actor", () => {
  it("shows the trainee's line at once, then the server's reply and the next responses", async () => {
    let release!: (r: PostResult) => void;
    const t = scripted([new Promise<PostResult>((r) => (release = r))]);
    const s = session(t);
    s.choose(2);
    await flush();
    expect(t.sent).toEqual([{ index: 0, option: 2 }]);
    expect(s.ctx().pending).toEqual({ index: 0, option: 2, said: "response 0.2" });
    expect(s.state().phase).toBe("sending");
    release(saved(view(1)));
    await flush();
    expect(s.ctx().pending).toBeNull();
    expect(s.ctx().view.turns).toBe(1);
    expect(s.state().phase).toBe("ready");
  });

  it("takes one response per turn: presses while the reply is on its way, and options not on offer, are ignored", async () => {
    let release!: (r: PostResult) => void;
    const t = scripted([new Promise<PostResult>((r) => (release = r))]);
    const s = session(t);
    s.choose(7); // not on offer
    expect(s.state().phase).toBe("ready");
    s.choose(1);
    s.choose(1);
    s.choose(3);
    await flush();
    expect(t.sent).toEqual([{ index: 0, option: 1 }]);
    release(saved(view(1)));
    await flush();
    expect(t.sent).toHaveLength(1);
    expect(s.ctx().view.turns).toBe(1);
  });

  it("retries network errors and 5xx after the backoff delays, then carries on", async () => {
    const t = scripted(["network", { status: 503, body: null }, saved(view(1, 0, true), "completed")]);
    const s = session(t, { retryDelays: [10, 20, 40] });
    s.choose(1);
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
    expect(t.sent.every((x) => x.index === 0 && x.option === 1)).toBe(true);
    expect(s.state()).toMatchObject({ phase: "ready", attempt: 0, callStatus: "completed" });
    expect(s.ctx().view.ended).not.toBeNull();
  });

  it("stops in failed when the retries run out, keeping the answer, and RETRY sends it again", async () => {
    const t = scripted(["network", "network", saved(view(1))]);
    const s = session(t, { retryDelays: [1] });
    s.choose(3);
    await flush();
    s.clock.increment(1);
    await flush();
    expect(s.state().phase).toBe("failed");
    expect(s.state().message).toMatch(/Turn 1 could not be saved \(no connection\)/);
    expect(s.ctx().pending?.said).toBe("response 0.3");
    s.choose(1); // nothing new while a turn is unsaved
    s.actor.send({ type: "RETRY" });
    await flush();
    expect(t.sent).toEqual([
      { index: 0, option: 3 },
      { index: 0, option: 3 },
      { index: 0, option: 3 },
    ]);
    expect(s.state().phase).toBe("ready");
    expect(s.ctx().view.turns).toBe(1);
  });

  it("treats a duplicate (200) with the call as saved", async () => {
    const t = scripted([{ status: 200, body: { turn: { turnCount: 1, duplicate: true, status: "in_progress" }, call: view(1) } }]);
    const s = session(t);
    s.choose(1);
    await flush();
    expect(s.state().phase).toBe("ready");
    expect(s.ctx().view.turns).toBe(1);
  });

  it("out of step (409 or 422): fetches the saved call and shows it, saying so", async () => {
    for (const [status, code] of [
      [409, "conflict"],
      [422, "choice-not-offered"],
    ] as const) {
      const t = scripted(
        [{ status, body: { error: { code, message: "reload to continue" } } }],
        [{ status: 200, body: { status: "in_progress", call: view(4) } }],
      );
      const s = session(t, { view: view(2) });
      s.choose(1);
      await flush();
      expect(t.fetched()).toBe(1);
      expect(s.state()).toMatchObject({ phase: "ready", resynced: true, httpStatus: status, code, message: "reload to continue" });
      expect(s.ctx().view.turns).toBe(4);
      expect(s.ctx().pending).toBeNull();
      s.actor.send({ type: "DISMISS" });
      expect(s.state().resynced).toBe(false);
    }
  });

  it("stops out of step when the saved call cannot be fetched either; RETRY fetches again", async () => {
    const t = scripted(
      [{ status: 409, body: { error: { code: "conflict", message: "moved on" } } }],
      ["network", { status: 200, body: { call: view(3) } }],
    );
    const s = session(t);
    s.choose(1);
    await flush();
    expect(s.state().phase).toBe("out-of-step");
    s.actor.send({ type: "RETRY" });
    await flush();
    expect(s.state()).toMatchObject({ phase: "ready", resynced: true });
    expect(s.ctx().view.turns).toBe(3);
  });

  it("RESYNC (shown again by Back/Forward) replaces an older view with the saved call, silently when nothing moved on", async () => {
    const t = scripted(
      [],
      [
        { status: 200, body: { call: view(0) } },
        { status: 200, body: { call: view(5) } },
      ],
    );
    const s = session(t);
    s.actor.send({ type: "RESYNC" });
    await flush();
    expect(s.state()).toMatchObject({ phase: "ready", resynced: false });
    s.actor.send({ type: "RESYNC" });
    await flush();
    expect(s.state()).toMatchObject({ phase: "ready", resynced: true });
    expect(s.ctx().view.turns).toBe(5);
  });

  it("CHECK (on arrival) asks in the background: the responses stay usable and the same call keeps its view object", async () => {
    let answer!: (r: PostResult) => void;
    const t = scripted([], [new Promise<PostResult>((r) => (answer = r))]);
    const first = view(2);
    const s = session(t, { view: first });
    s.actor.send({ type: "CHECK" });
    await flush();
    expect(t.fetched()).toBe(1);
    expect(s.state()).toMatchObject({ phase: "ready", resynced: false });
    answer({ status: 200, body: { call: view(2) } });
    await flush();
    expect(s.state()).toMatchObject({ phase: "ready", resynced: false });
    expect(s.ctx().view).toBe(first);
    // Once: a second CHECK asks again only when sent again.
    expect(t.fetched()).toBe(1);
  });

  it("CHECK shows the saved call when it moved on (a page from the router's cache), and says so", async () => {
    const t = scripted([], [{ status: 200, body: { call: view(4) } }]);
    const s = session(t, { view: view(2) });
    s.actor.send({ type: "CHECK" });
    await flush();
    expect(s.state()).toMatchObject({ phase: "ready", resynced: true });
    expect(s.ctx().view.turns).toBe(4);
  });

  it("a choice made during the CHECK wins: the check's answer is dropped", async () => {
    let answer!: (r: PostResult) => void;
    const t = scripted([saved(view(1))], [new Promise<PostResult>((r) => (answer = r))]);
    const s = session(t);
    s.actor.send({ type: "CHECK" });
    await flush();
    s.choose(2);
    await flush();
    expect(t.sent).toEqual([{ index: 0, option: 2 }]);
    expect(s.ctx().view.turns).toBe(1);
    answer({ status: 200, body: { call: view(0) } });
    await flush();
    expect(s.state()).toMatchObject({ phase: "ready", resynced: false });
    expect(s.ctx().view.turns).toBe(1);
  });

  it("a CHECK that fails says nothing and leaves the responses usable; signed out, it says so", async () => {
    const failing = scripted([], ["network"]);
    const s = session(failing);
    s.actor.send({ type: "CHECK" });
    await flush();
    expect(s.state()).toMatchObject({ phase: "ready", message: null, resynced: false });
    const signedOut = scripted([], [{ status: 401, body: { error: { code: "unauthenticated", message: "sign in first" } } }]);
    const o = session(signedOut);
    o.actor.send({ type: "CHECK" });
    await flush();
    expect(o.state()).toMatchObject({ phase: "signed-out", httpStatus: 401 });
  });

  it("stops in signed-out on 401", async () => {
    const t = scripted([{ status: 401, body: { error: { code: "unauthenticated", message: "sign in first" } } }]);
    const s = session(t);
    s.choose(1);
    await flush();
    expect(s.state()).toMatchObject({ phase: "signed-out", httpStatus: 401, code: "unauthenticated" });
  });

  it("offers nothing once the call has ended", async () => {
    const t = scripted([]);
    const s = session(t, { view: view(6, 0, true) });
    s.choose(1);
    await flush();
    expect(t.sent).toEqual([]);
    expect(s.state().phase).toBe("ready");
  });
});
