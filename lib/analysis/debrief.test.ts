import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { replay } from "../customer/replay";
import { mulberry32 } from "../random/seeded";
import { recoveryLoopsYaml } from "../bench/generate";
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

describe("the debrief from stored best scores", () => {
  describe.each(["billing-error", "delayed-update", "abusive-caller", "broadband-outage"])("built-in %s", (name) => {
    it("gives exactly debriefReport's better options on every sampled call, with no search on the request", () => {
      const scenario = builtin(name);
      const stored = debriefSearch(scenario);
      expect(stored.truncated).toBe(false);
      const known = new Map(stored.bestScores());

      // The reference: today's debriefReport on its own copy of the scenario (its shared searcher).
      const reference = builtin(name);
      const analysis = analyzeScenario(reference);
      const paths = [analysis.bestPath, analysis.worstPath, ...samplePaths(scenario, 60, name.length)];
      let betterOptions = 0;
      for (const path of paths) {
        const searcher = new Searcher(scenario, { known, bestOnly: true });
        const fromStored = debriefReport(scenario, path, searcher);
        expect(fromStored).toEqual(debriefReport(reference, path));
        // The stored search settled every state a call can reach: nothing is searched again.
        expect(searcher.statesVisited).toBe(known.size);
        betterOptions += fromStored.turns.filter((t) => t.betterOption).length;
      }
      expect(betterOptions).toBeGreaterThan(0); // the comparison covers real better options
    }, 120_000);
  });

  it.each([
    ["tiny.yaml (a loop)", () => load(new URL("../scenario/fixtures/tiny.yaml", import.meta.url), "tiny.yaml"), 40],
    ["the recovery-loops scenario", () => loops(), 2_000],
  ] as const)(
    "on %s, gives what a fresh search gives, whether the stored search settled everything or not",
    (_, make, cap) => {
      const scenario = make();
      for (const maxStates of [undefined, cap]) {
        const stored = debriefSearch(scenario, { maxStates });
        const known = new Map(stored.bestScores());
        for (const path of samplePaths(scenario, 40, 7)) {
          const fresh = debriefReport(scenario, path, new Searcher(scenario));
          expect(debriefReport(scenario, path, new Searcher(scenario, { known, bestOnly: true }))).toEqual(fresh);
        }
      }
    },
    120_000,
  );

  it("when there are too many states to settle one by one, settles the start's choices exactly, keeping what it had settled", () => {
    const scenario = loops();
    const stored = debriefSearch(scenario, { maxStates: 2_000 });
    expect(stored.truncated).toBe(false); // the bounded search that follows finishes
    const known = new Map(stored.bestScores());
    expect(known.size).toBeGreaterThan(1_000); // what the exhaustive part settled before it stopped is kept
    const fresh = new Searcher(scenario);
    const start = stored.initial();
    for (const choice of scenario.nodes[scenario.start]!.choices)
      expect(known.get(stored.key(stored.step(start, choice.id)!))).toBe(fresh.bestAfter(start, choice.id));
  });
});

function loops(): Scenario {
  const result = loadScenario(recoveryLoopsYaml(), "recovery-loops.yaml");
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.scenario;
}
