import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { replay } from "../customer/replay";
import { mulberry32 } from "../random/seeded";
import { loadScenario } from "../scenario/load";
import type { Scenario } from "../scenario/model";
import { analyzeScenario } from "./analyze";
import { debriefReport, debriefSearch } from "./debrief";
import { Searcher } from "./search";

function load(url: URL, name: string): Scenario {
  const result = loadScenario(readFileSync(url), name);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.scenario;
}

const builtin = (name: string) => load(new URL(`../../scenarios/${name}.yaml`, import.meta.url), `${name}.yaml`);

/** Random complete calls (seeded), plus one starting with each of the first node's choices. */
function samplePaths(scenario: Scenario, count: number, seed: number): string[][] {
  const random = mulberry32(seed);
  const paths: string[][] = [];
  const walk = (prefix: string[]) => {
    const played = [...prefix];
    for (let turn = 0; turn < 40; turn++) {
      const state = replay(scenario, played);
      const offered = scenario.nodes[state.node]!.choices;
      if (offered.length === 0) break;
      played.push(offered[Math.floor(random() * offered.length)]!.id);
    }
    return played;
  };
  for (const choice of scenario.nodes[scenario.start]!.choices) paths.push(walk([choice.id]));
  for (let i = 0; i < count; i++) paths.push(walk([]));
  return paths;
}

/** debriefSearch's first search, by a searcher that works out everything (not only best scores). */
function fullFirstSearch(scenario: Scenario, maxStates?: number): Searcher {
  const searcher = new Searcher(scenario, { maxStates });
  const start = searcher.initial();
  for (const choice of scenario.nodes[scenario.start]!.choices) searcher.bestAfter(start, choice.id);
  return searcher;
}

describe("the debrief from stored best scores", () => {
  describe.each(["billing-error", "delayed-update", "abusive-caller", "broadband-outage"])("built-in %s", (name) => {
    it("gives exactly debriefReport's better options on every sampled call", () => {
      const scenario = builtin(name);
      const stored = debriefSearch(scenario);
      // No loop, 40-turn or state cap cut the search: then the order it visits states cannot matter,
      // and the stored scores give what debriefReport gives however the server got there.
      expect(stored.cyclesCut).toBe(0);
      expect(stored.truncated).toBe(false);
      const known = new Map(stored.bestScores());
      expect(known.size).toBe(stored.statesVisited);

      // The reference: today's debriefReport on its own copy of the scenario (its shared searcher).
      const reference = builtin(name);
      const analysis = analyzeScenario(reference);
      const paths = [analysis.bestPath, analysis.worstPath, ...samplePaths(scenario, 60, name.length)];
      let betterOptions = 0;
      for (const path of paths) {
        const fromStored = debriefReport(scenario, path, new Searcher(scenario, { known, bestOnly: true }));
        expect(fromStored).toEqual(debriefReport(reference, path));
        betterOptions += fromStored.turns.filter((t) => t.betterOption).length;
      }
      expect(betterOptions).toBeGreaterThan(0); // the comparison covers real better options
    }, 120_000);
  });

  it("gives what a fresh search gives where the search is cut (a loop, and a state cap)", () => {
    // tiny.yaml loops ("I'm so sorry" goes back to the same node): the search cuts loops there.
    const tiny = load(new URL("../scenario/fixtures/tiny.yaml", import.meta.url), "tiny.yaml");
    for (const maxStates of [undefined, 40]) {
      const stored = debriefSearch(tiny, { maxStates });
      if (maxStates === undefined) expect(stored.cyclesCut).toBeGreaterThan(0);
      else expect(stored.truncated).toBe(true);
      const known = new Map(stored.bestScores());
      for (const path of samplePaths(tiny, 80, 7)) {
        // Fresh each time: the same first search, then this call's debrief.
        const fresh = debriefReport(tiny, path, debriefSearch(tiny, { maxStates }));
        expect(debriefReport(tiny, path, new Searcher(tiny, { known, maxStates, bestOnly: true }))).toEqual(fresh);
        // A full searcher from the same first search says the same.
        expect(debriefReport(tiny, path, fullFirstSearch(tiny, maxStates))).toEqual(fresh);
      }
    }
  });

  it.each(["billing-error", "delayed-update", "abusive-caller", "broadband-outage"])(
    "%s: the best-only search settles the same states, in the same order, with the same best scores as the full one",
    (name) => {
      const scenario = builtin(name);
      expect(debriefSearch(scenario).bestScores()).toEqual(fullFirstSearch(scenario).bestScores());
    },
    120_000,
  );

  it("a searcher built on stored scores searches nothing it already knows", () => {
    const scenario = builtin("delayed-update");
    const known = new Map(debriefSearch(scenario).bestScores());
    const searcher = new Searcher(scenario, { known, bestOnly: true });
    debriefReport(scenario, analyzeScenario(scenario).worstPath, searcher);
    expect(searcher.statesVisited).toBe(known.size);
  });
});
