import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeScenario } from "../analysis/analyze";
import { replay } from "../customer/replay";
import { loadScenario } from "../scenario/load";
import type { Scenario } from "../scenario/model";
import { callViewOf, restoreCall } from "./call-view";
import { progressShare, turnsLeftByNode } from "./progress";

function load(yaml: string): Scenario {
  const result = loadScenario(yaml, "test.yaml");
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.scenario;
}

function builtIn(id: string): Scenario {
  return load(readFileSync(`scenarios/${id}.yaml`, "utf8"));
}

describe("turnsLeftByNode", () => {
  it("never promises fewer turns than a call can take: along every built-in's best path it is a lower bound", () => {
    for (const id of ["billing-error", "delayed-update", "abusive-caller", "broadband-outage"]) {
      const s = builtIn(id);
      const left = turnsLeftByNode(s);
      const best = analyzeScenario(s).bestPath;
      for (let i = 0; i < best.length; i++) {
        const at = replay(s, best.slice(0, i));
        const n = left.get(at.node)!;
        expect(n, `${id} turn ${i + 1}`).toBeGreaterThanOrEqual(1);
        // The best path still has best.length - i turns to go: the figure is at most that.
        expect(n, `${id} turn ${i + 1}`).toBeLessThanOrEqual(best.length - i);
      }
      expect(left.get(replay(s, best).node)).toBe(0);
    }
  }, 60_000);

  it("counts turns to a resolution, not to the nearest hang-up, and falls back to any ending when none is ahead", () => {
    const s = load(readFileSync("lib/scenario/fixtures/tiny.yaml", "utf8"));
    const left = turnsLeftByNode(s);
    // open → close-ok takes one turn (refund-now); from vented the resolution is four turns away.
    expect(Object.fromEntries(left)).toEqual({
      open: 1,
      vented: 4,
      acked: 3,
      explored: 2,
      summarised: 1,
      "close-ok": 0,
      "close-meh": 0,
      hangup: 0,
    });

    // The same graph with its resolution cut off: the figure counts the turns to any ending.
    const cut: Scenario = structuredClone(s);
    for (const node of Object.values(cut.nodes))
      for (const choice of node.choices) for (const branch of choice.branches) if (branch.to === "close-ok") branch.to = "close-meh";
    expect(Object.fromEntries(turnsLeftByNode(cut))).toEqual({
      open: 1,
      vented: 4,
      acked: 3,
      explored: 2,
      summarised: 1,
      "close-ok": 0,
      "close-meh": 0,
      hangup: 0,
    });
    // A node that leads to a hang-up in one turn and to a resolution in three counts three.
    const far: Scenario = structuredClone(s);
    far.nodes.open!.choices.find((c) => c.id === "refund-now")!.branches = [{ to: "vented" }];
    far.nodes.open!.choices.find((c) => c.id === "why-didnt")!.branches = [{ to: "hangup" }];
    expect(turnsLeftByNode(far).get("open")).toBe(5);
  });

  it("is in the call view, the same for every response on offer, and 0 once the call has ended", () => {
    const s = builtIn("billing-error");
    const { actor } = restoreCall(s, []);
    const view = callViewOf(s, "seed", actor.getSnapshot());
    expect(view.turnsLeft).toBe(turnsLeftByNode(s).get(s.start));
    const best = analyzeScenario(s).bestPath;
    const ended = restoreCall(s, best).actor;
    expect(callViewOf(s, "seed", ended.getSnapshot()).turnsLeft).toBe(0);
    actor.stop();
    ended.stop();
  });
});

describe("progressShare", () => {
  it("is the share of the turns played in those played plus the fewest to come", () => {
    expect(progressShare(0, 3)).toBe(0);
    expect(progressShare(3, 1)).toBe(0.75);
    expect(progressShare(5, 0)).toBe(1);
    expect(progressShare(2, null)).toBe(0);
  });
});
