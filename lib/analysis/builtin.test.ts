import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../scenario/load";
import type { Scenario } from "../scenario/model";
import { scoreRun } from "../scoring/report";
import { DIMENSIONS } from "../scoring/rules";
import { analyzeScenario } from "./analyze";
import { explorePositions } from "./positions";
import { Searcher, type SearchState } from "./search";

function builtin(name: string): Scenario {
  const result = loadScenario(readFileSync(new URL(`../../scenarios/${name}.yaml`, import.meta.url)), `${name}.yaml`);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  expect(result.warnings).toEqual([]);
  return result.scenario;
}

/** The tags of every choice some call can take, from the call positions the analysis enumerates. */
function reachableTags(scenario: Scenario): Set<string> {
  const graph = explorePositions(scenario);
  expect(graph.truncated).toBe(false);
  const tags = new Set<string>();
  for (const position of graph.positions) for (const c of scenario.nodes[position.node]!.choices) c.tags.forEach((t) => tags.add(t));
  return tags;
}

describe.each(["billing-error", "delayed-update", "abusive-caller"])("built-in scenario %s", (name) => {
  const scenario = builtin(name);
  const analysis = analyzeScenario(scenario);

  it("has at least 15 customer nodes and 3 kinds of ending, all reachable", () => {
    const customerNodes = scenario.nodeIds.filter((id) => !scenario.nodes[id]!.ending);
    expect(customerNodes.length).toBeGreaterThanOrEqual(15);
    expect(new Set(analysis.endings.filter((e) => e.reached).map((e) => e.kind)).size).toBeGreaterThanOrEqual(3);
    expect(analysis.endings.every((e) => e.reached)).toBe(true);
  });

  it("offers 3-5 choices at most decision points, each with coach feedback", () => {
    const decisionNodes = scenario.nodeIds.map((id) => scenario.nodes[id]!).filter((n) => !n.ending);
    const wellSized = decisionNodes.filter((n) => n.choices.length >= 3 && n.choices.length <= 5);
    expect(wellSized.length / decisionNodes.length).toBeGreaterThan(0.75);
    for (const node of decisionNodes) for (const c of node.choices) expect(c.feedback, `${c.id} has feedback`).toBeTruthy();
  });

  it("has a best path of at least 90 that passes, and a worst path of at most 40", () => {
    expect(analysis.best!.overall).toBeGreaterThanOrEqual(90);
    expect(analysis.best!.passed).toBe(true);
    expect(analysis.worst!.overall).toBeLessThanOrEqual(40);
    expect(scoreRun(scenario, analysis.bestPath).score.overall).toBe(analysis.best!.overall);
    expect(analysis.warnings).toEqual([]);
    expect(analysis.truncated).toBe(false);
  });

  it.each([
    ["hostile", "hostility"],
    ["overpromise", "overpromise"],
  ])("fails the first run that takes a `%s` choice, naming it", (tag, rule) => {
    const choices = shortestRunTo(scenario, tag);
    const report = scoreRun(scenario, choices);
    expect(report.passed).toBe(false);
    expect(report.criticalErrors).toContainEqual({ rule, label: expect.any(String), turn: choices.length });
  });

  it("sets a trap for every scoring dimension", () => {
    const tags = reachableTags(scenario);
    expect(tags.has("overpromise")).toBe(true); // promises
    expect(tags.has("hostile")).toBe(true); // professionalism
    expect(tags.has("interrupt") || tags.has("respond")).toBe(true); // LAER: solving too soon / interrupting
    const wrongParaphrase = scenario.nodeIds.some((id) => scenario.nodes[id]!.choices.some((c) => c.wrongFacts.length > 0));
    expect(wrongParaphrase).toBe(true); // reflective listening
    for (const d of DIMENSIONS) expect(analysis.dimensionRanges[d].min, d).toBeLessThan(60);
  });
});

describe("abusive caller", () => {
  const scenario = builtin("abusive-caller");

  it("passes a call the agent ends after a respectful boundary", () => {
    const searcher = new Searcher(scenario);
    // Depth-first search for a passing path that ends with `agent-ended` after a boundary.
    const seen = new Set<string>();
    const find = (state: SearchState, path: string[], boundary: boolean): string[] | null => {
      const key = `${searcher.key(state)}|${boundary}`;
      if (seen.has(key) || path.length > 30) return null;
      seen.add(key);
      const node = scenario.nodes[state.node]!;
      if (node.ending) return node.ending.kind === "agent-ended" && boundary ? path : null;
      for (const c of node.choices) {
        const found = find(searcher.step(state, c.id)!, [...path, c.id], boundary || c.tags.includes("boundary"));
        if (found && scoreRun(scenario, found).passed) return found;
      }
      return null;
    };
    const path = find(searcher.initial(), [], false);
    expect(path).not.toBeNull();
    const report = scoreRun(scenario, path!);
    expect(report.outcome).toBe("agent-ended");
    expect(report.passed).toBe(true);
  });
});

/** The shortest run (mood-aware) that ends by taking a choice with `tag`. */
function shortestRunTo(scenario: Scenario, tag: string): string[] {
  const searcher = new Searcher(scenario);
  const queue: { state: SearchState; path: string[] }[] = [{ state: searcher.initial(), path: [] }];
  const seen = new Set<string>([scenario.start]);
  while (queue.length) {
    const { state, path } = queue.shift()!;
    const node = scenario.nodes[state.node]!;
    const trap = node.choices.find((c) => c.tags.includes(tag as never));
    if (trap) return [...path, trap.id];
    for (const c of node.choices) {
      const next = searcher.step(state, c.id)!;
      if (!seen.has(next.node)) {
        seen.add(next.node);
        queue.push({ state: next, path: [...path, c.id] });
      }
    }
  }
  throw new Error(`no choice tagged ${tag}`);
}
