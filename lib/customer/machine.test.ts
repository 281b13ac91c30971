import { readFileSync } from "node:fs";
import { createActor } from "xstate";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../scenario/load";
import type { Scenario } from "../scenario/model";
import { createCustomerMachine, replayWithMachine } from "./machine";
import { replay } from "./replay";

function tiny(edit: (text: string) => string = (t) => t): Scenario {
  const text = edit(readFileSync(new URL("../scenario/fixtures/tiny.yaml", import.meta.url), "utf8"));
  const result = loadScenario(text, "tiny.yaml");
  if (!result.ok) throw new Error("fixture failed to load");
  return result.scenario;
}

describe("customer machine", () => {
  it("starts at the start node with the scenario's mood", () => {
    const actor = createActor(createCustomerMachine(tiny())).start();
    const snap = actor.getSnapshot();
    expect(snap.value).toBe("open");
    expect(snap.context).toEqual({ anger: 60, trust: 40, flags: 0, factsHeard: [], log: [] });
  });

  it("moves on a choice, applies its mood effect and logs the turn", () => {
    const actor = createActor(createCustomerMachine(tiny())).start();
    actor.send({ type: "CHOOSE", choiceId: "tell-me" });
    const snap = actor.getSnapshot();
    expect(snap.value).toBe("vented");
    expect(snap.context.anger).toBe(55);
    expect(snap.context.log).toEqual([
      {
        node: "open",
        choice: "tell-me",
        tags: ["listen"],
        before: { anger: 60, trust: 40 },
        after: { anger: 55, trust: 40 },
        flagsBefore: 0,
        flagsAfter: 0,
        to: "vented",
      },
    ]);
  });

  it("offers only the current node's choices", () => {
    const actor = createActor(createCustomerMachine(tiny())).start();
    expect(actor.getSnapshot().can({ type: "CHOOSE", choiceId: "tell-me" })).toBe(true);
    expect(actor.getSnapshot().can({ type: "CHOOSE", choiceId: "sorry" })).toBe(false);
    actor.send({ type: "CHOOSE", choiceId: "sorry" });
    expect(actor.getSnapshot().value).toBe("open");
  });

  it("branches on the mood after the choice: blame at anger 60 + 40 hangs up", () => {
    const actor = createActor(createCustomerMachine(tiny())).start();
    actor.send({ type: "CHOOSE", choiceId: "why-didnt" });
    const snap = actor.getSnapshot();
    expect(snap.value).toBe("hangup");
    expect(snap.context.anger).toBe(100);
    expect(snap.status).toBe("done");
  });

  it("takes the fallback branch when the condition does not hold", () => {
    const scenario = tiny((t) => t.replace("mood: { anger: 60, trust: 40 }", "mood: { anger: 20, trust: 40 }"));
    const actor = createActor(createCustomerMachine(scenario)).start();
    actor.send({ type: "CHOOSE", choiceId: "why-didnt" });
    expect(actor.getSnapshot().value).toBe("vented");
    expect(actor.getSnapshot().context.anger).toBe(60);
  });

  it("clamps mood to 0-100", () => {
    const scenario = tiny((t) => t.replace("mood: { anger: -30, trust: 30 }", "mood: { anger: -100, trust: 100 }"));
    const r = replay(scenario, ["tell-me", "sorry", "what-happened", "summary", "plan"]);
    expect(r.mood).toEqual({ anger: 0, trust: 100 });
  });

  it("ends in a final state at an ending and ignores further choices", () => {
    const actor = createActor(createCustomerMachine(tiny())).start();
    actor.send({ type: "CHOOSE", choiceId: "refund-now" });
    expect(actor.getSnapshot().status).toBe("done");
    expect(actor.getSnapshot().value).toBe("close-ok");
  });

  it("records facts heard from paraphrases", () => {
    const r = replay(tiny(), ["tell-me", "sorry", "what-happened", "summary"]);
    expect(r.factsHeard).toEqual(["broke-week", "second-call"]);
  });

  it("chooses the customer's line by mood", () => {
    const angry = tiny((t) => t.replace("mood: { anger: 60, trust: 40 }", "mood: { anger: 85, trust: 40 }"));
    expect(replay(angry, ["tell-me"]).turns[0]!.customer).toBe("I am done being polite. Fix it.");
    expect(replay(tiny(), ["tell-me"]).turns[0]!.customer).toMatch(/^My kettle broke/);
  });

  it("is deterministic: the same choices give the same run, from a freshly loaded scenario and through the machine", () => {
    const choices = ["tell-me", "sorry", "sorry-again", "what-happened", "summary-wrong", "someone"];
    const first = replay(tiny(), choices);
    expect(first.error).toBeUndefined();
    expect(first.ending).toBe("escalated");
    const second = replay(tiny(), choices); // another compiled object: nothing cached carries over
    expect(second).toEqual(first);
    const machine = replayWithMachine(tiny(), choices);
    expect(machine.node).toBe(first.node);
    expect(machine.mood).toEqual(first.mood);
    expect(machine.log.map((t) => t.choice)).toEqual(choices);
  });

  it("stops at a choice that is not offered, or after the call ended", () => {
    expect(replay(tiny(), ["tell-me", "plan"]).error).toMatchObject({
      turn: 2,
      node: "vented",
      reason: "not-offered",
      offered: ["sorry", "policy"],
    });
    expect(replay(tiny(), ["refund-now", "tell-me"]).error).toMatchObject({ turn: 2, node: "close-ok", reason: "call-ended", offered: [] });
  });
});

function format2(edit: (text: string) => string = (t) => t): Scenario {
  const text = edit(readFileSync(new URL("../scenario/fixtures/format-2.yaml", import.meta.url), "utf8"));
  const result = loadScenario(text, "format-2.yaml");
  if (!result.ok) throw new Error(`format-2.yaml failed to load: ${result.problems[0]?.message}`);
  return result.scenario;
}

describe("flags and scenario-wide rules (format 2)", () => {
  it("a choice sets a flag, lines and later choices test it, and another choice clears it", () => {
    const s = format2();
    const promised = replay(s, ["today"]);
    expect(promised.flags).toBe(1); // promised-today is the first flag declared
    expect(promised.turns[0]!.reply).toBe("Today? Fine. But it just stopped heating, and I'm still cross.");
    // walk-back is offered only while the promise stands, and clears it.
    expect(replay(s, ["tell-me", "walk-back"]).error).toMatchObject({ turn: 2, reason: "not-offered", offered: ["sorry", "summary-now"] });
    const walked = replay(s, ["today", "walk-back"]);
    expect(walked.error).toBeUndefined();
    expect(walked.turns[1]).toMatchObject({ flagsBefore: 1, flagsAfter: 0 });
    expect(walked.turns[1]!.reply).toBe("So what happens now?");
    // `apologised and not promised-today`
    expect(replay(s, ["tell-me", "sorry"]).turns[1]!.reply).toBe("Thank you for saying sorry. So what happens now?");
    expect(replay(s, ["today", "sorry"]).turns[1]!.reply).toBe("So what happens now?");
    expect(replay(s, ["today", "sorry"]).flags).toBe(3);
  });

  it("a scenario-wide rule is checked after every choice before its own branches, unless the choice turns rules off", () => {
    const s = format2();
    // why-didnt: anger 60 + 40 = 100 → the rule `hang-up` (its own next is `vented`).
    expect(replay(s, ["why-didnt"])).toMatchObject({ node: "hangup", ending: "hung-up" });
    // calm-down: the same anger, but `rules: off`.
    expect(replay(s, ["calm-down"])).toMatchObject({ node: "vented", ending: null });
    expect(s.nodes.open!.choices.find((c) => c.id === "why-didnt")!.branches[0]).toMatchObject({ rule: "hang-up", to: "hangup" });
    expect(s.nodes.open!.choices.find((c) => c.id === "calm-down")!.branches).toEqual([{ to: "vented" }]);
  });

  it("the XState machine plays flags and rules exactly as replay does, and refuses a choice that is not offered", () => {
    const s = format2();
    for (const choices of [["today", "walk-back", "plan"], ["today", "sorry", "insist-today"], ["why-didnt"], ["calm-down", "sorry"]]) {
      const fast = replay(s, choices);
      const machine = replayWithMachine(s, choices);
      expect(fast.error).toBeUndefined();
      expect(machine.node).toBe(fast.node);
      expect(machine.flags).toBe(fast.flags);
      expect(machine.log.map((t) => [t.flagsBefore, t.flagsAfter, t.to])).toEqual(
        fast.turns.map((t) => [t.flagsBefore, t.flagsAfter, t.to]),
      );
    }
    const actor = createActor(createCustomerMachine(s)).start();
    actor.send({ type: "CHOOSE", choiceId: "tell-me" });
    expect(actor.getSnapshot().can({ type: "CHOOSE", choiceId: "walk-back" })).toBe(false);
    actor.send({ type: "CHOOSE", choiceId: "walk-back" });
    expect(actor.getSnapshot().value).toBe("vented");
    actor.stop();
  });
});
