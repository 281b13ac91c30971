import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { recoveryLoopsYaml } from "../bench/generate";
import { isRefusal, offeredChoices, positionAfter, positionKey, step, type CallPosition } from "../customer/step";
import type { Condition } from "../scenario/condition";
import { loadScenario } from "../scenario/load";
import { DEFAULT_PASS_MARK, DEFAULT_WEIGHTS, type Choice, type Scenario, type ScenarioNode } from "../scenario/model";
import type { EndingKind } from "../scenario/schema";
import type { Tag } from "../scenario/tags";
import { scoreRun } from "../scoring/report";
import {
  finalScores,
  gainCeiling,
  initialScoreState,
  lossCeiling,
  passed,
  scoreStateKey,
  scoreTurn,
  type ScoreState,
} from "../scoring/score";
import { aheadOfNodes } from "./ahead";
import { analyzeScenario } from "./analyze";
import { Searcher, type SearchState, type Summary } from "./search";

// ---------------------------------------------------------------- random small scenarios with loops

const TAGS: Tag[] = [
  "listen",
  "acknowledge",
  "explore",
  "respond",
  "options",
  "commit",
  "own",
  "paraphrase",
  "confirm",
  "interrupt",
  "blame",
  "defensive",
  "calm-down",
  "corporate-apology",
  "vague-promise",
  "overpromise",
  "walk-back",
  "boundary",
  "end-call",
  "hostile",
  "neutral",
];
const ENDINGS: EndingKind[] = ["resolved", "escalated", "hung-up", "agent-ended"];

const condition = fc.option(
  fc.record({
    field: fc.constantFrom("anger" as const, "trust" as const),
    op: fc.constantFrom(">=" as const, "<" as const, "==" as const),
    value: fc.integer({ min: 0, max: 20 }).map((v) => v * 5),
  }),
  { nil: undefined },
);

const choiceShape = fc.record({
  tags: fc.uniqueArray(fc.constantFrom(...TAGS), { minLength: 1, maxLength: 3 }),
  facts: fc.subarray(["f1", "f2"]),
  wrong: fc.boolean(),
  anger: fc.integer({ min: -4, max: 4 }).map((v) => v * 5),
  trust: fc.integer({ min: -4, max: 4 }).map((v) => v * 5),
  branches: fc.array(fc.record({ when: condition, to: fc.nat() }), { minLength: 1, maxLength: 3 }),
});

const scenarioShape = fc.record({
  talking: fc.integer({ min: 2, max: 6 }),
  endings: fc.array(fc.constantFrom(...ENDINGS), { minLength: 1, maxLength: 3 }),
  nodes: fc.array(
    fc.record({
      abusive: fc.boolean(),
      lines: fc.array(condition, { minLength: 1, maxLength: 3 }),
      choices: fc.array(choiceShape, { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 6, maxLength: 6 },
  ),
  anger: fc.integer({ min: 0, max: 20 }).map((v) => v * 5),
  trust: fc.integer({ min: 0, max: 20 }).map((v) => v * 5),
});

/** A compiled scenario straight from the shape (no loader: loops, dead ends and unreachable nodes all allowed). */
function build(shape: typeof scenarioShape extends fc.Arbitrary<infer T> ? T : never): Scenario {
  const ids = [...Array.from({ length: shape.talking }, (_, i) => `n${i}`), ...shape.endings.map((_, i) => `end${i}`)];
  const nodes: Record<string, ScenarioNode> = {};
  let choiceCount = 0;
  ids.forEach((id, i) => {
    if (i >= shape.talking) {
      nodes[id] = { id, lines: [{ text: `${id} says goodbye` }], choices: [], ending: { kind: shape.endings[i - shape.talking]! } };
      return;
    }
    const src = shape.nodes[i]!;
    const lines = src.lines.map((when, l) => ({
      ...(when && l < src.lines.length - 1 ? { when: [when] as Condition } : {}),
      text: `${id}/${l}`,
    }));
    const choices: Choice[] = src.choices.map((c) => {
      const paraphrase = c.tags.includes("paraphrase");
      return {
        id: `c${choiceCount++}`,
        text: "…",
        tags: c.tags,
        facts: c.facts,
        wrongFacts: paraphrase && c.wrong ? ["f1", "f2"].filter((f) => !c.facts.includes(f)) : [],
        effect: { anger: c.anger, trust: c.trust },
        branches: c.branches.map((b, k) => ({
          ...(b.when && k < c.branches.length - 1 ? { when: [b.when] as Condition } : {}),
          to: ids[b.to % ids.length]!,
        })),
      };
    });
    nodes[id] = { id, lines, ...(src.abusive ? { abusive: true as const } : {}), choices };
  });
  return {
    id: "random",
    title: "Random",
    version: 1,
    difficulty: "easy",
    brief: "",
    persona: { name: "P", description: "" },
    mood: { anger: shape.anger, trust: shape.trust },
    facts: [
      { id: "f1", text: "fact one" },
      { id: "f2", text: "fact two" },
    ],
    weights: DEFAULT_WEIGHTS,
    passMark: DEFAULT_PASS_MARK,
    start: "n0",
    nodeIds: ids,
    nodes,
  };
}

// ---------------------------------------------------------------- the brute force the search is checked against

interface Plain extends CallPosition {
  score: ScoreState;
}

/**
 * Every state reachable from `from` (breadth first, no bound but `cap`), and the finished calls
 * among them: no pruning, no memo of values, no loop handling but a set of states already seen.
 */
function bruteForce(scenario: Scenario, from: Plain, cap = 5_000): Summary | null | "too big" {
  const key = (s: Plain) =>
    scenario.nodes[s.node]!.ending ? `${s.node}|${scoreStateKey(s.score)}` : `${positionKey(s)}|${scoreStateKey(s.score)}`;
  const seen = new Set([key(from)]);
  const queue = [from];
  const leaves: ScoreState[] = [];
  for (let q = 0; q < queue.length; q++) {
    if (seen.size > cap) return "too big";
    const at = queue[q]!;
    const node = scenario.nodes[at.node]!;
    if (node.ending) {
      leaves.push(at.score);
      continue;
    }
    for (const c of node.choices) {
      const played = step(scenario, at, c.id);
      if (isRefusal(played)) continue;
      const next = { ...positionAfter(played), score: scoreTurn(scenario, at.score, played.choice, false, played.node).state };
      const k = key(next);
      if (!seen.has(k)) {
        seen.add(k);
        queue.push(next);
      }
    }
  }
  if (leaves.length === 0) return null;
  const scores = leaves.map((s) => finalScores(scenario, s));
  const dims = scores.map((s) => [
    s.dimensions.laer,
    s.dimensions.reflectiveListening,
    s.dimensions.promises,
    s.dimensions.professionalism,
  ]);
  return {
    max: Math.max(...scores.map((s) => s.overall)),
    min: Math.min(...scores.map((s) => s.overall)),
    dimMin: [0, 1, 2, 3].map((i) => Math.min(...dims.map((d) => d[i]!))),
    dimMax: [0, 1, 2, 3].map((i) => Math.max(...dims.map((d) => d[i]!))),
    canPass: leaves.some((s) => passed(scenario, s)),
    canFail: leaves.some((s) => !passed(scenario, s)),
  };
}

/** States along a seeded random walk from the start (at most `turns`). */
function walk(searcher: Searcher, picks: number[]): SearchState[] {
  const states = [searcher.initial()];
  for (const pick of picks) {
    const at = states[states.length - 1]!;
    const choices = offeredChoices(searcher.scenario.nodes[at.node]!, at);
    if (choices.length === 0) break;
    states.push(searcher.step(at, choices[pick % choices.length]!.id)!);
  }
  return states;
}

describe("the analysis search", () => {
  it("is exact on random small scenarios with loops: the same figures as a brute-force search over every state", () => {
    let compared = 0;
    let withLoops = 0;
    fc.assert(
      fc.property(scenarioShape, fc.array(fc.nat(), { maxLength: 12 }), (shape, picks) => {
        const scenario = build(shape);
        const searcher = new Searcher(scenario);
        // From the start, and from states along a random walk (what the debrief asks); scenarios
        // whose states are too many to enumerate one by one are left out.
        const states = walk(searcher, picks).filter((_, i) => i % 3 === 0);
        const references: ReturnType<typeof bruteForce>[] = [];
        for (const state of states) {
          references.push(bruteForce(scenario, state));
          fc.pre(references.at(-1) !== "too big");
        }
        states.forEach((state, i) => expect(searcher.summarize(state)).toEqual(references[i]));
        compared += states.length;
        if (analyzeScenario(scenario).loops.length > 0 || hasCycle(scenario)) withLoops++;
        expect(searcher.truncated).toBe(false);
      }),
      { numRuns: 200 },
    );
    expect(compared).toBeGreaterThan(200);
    expect(withLoops).toBeGreaterThan(40); // the comparison covers loops
  }, 120_000);

  it("gives best and worst paths that play and score exactly the best and worst, loops or not", () => {
    fc.assert(
      fc.property(scenarioShape, (shape) => {
        const scenario = build(shape);
        const searcher = new Searcher(scenario);
        fc.pre(bruteForce(scenario, searcher.initial()) !== "too big");
        const summary = searcher.summarize(searcher.initial());
        if (!summary) return;
        for (const [which, value] of [
          ["best", summary.max],
          ["worst", summary.min],
        ] as const) {
          const path = searcher.path(searcher.initial(), which);
          const report = scoreRun(scenario, path);
          expect(report.error).toBeUndefined();
          expect(report.outcome).not.toBeNull();
          expect(report.score.overall).toBe(value);
        }
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it("never prunes a gain or a loss a call can still make (the bounds it prunes with are never beaten)", () => {
    fc.assert(
      fc.property(scenarioShape, fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), (shape, picks) => {
        const scenario = build(shape);
        const ahead = aheadOfNodes(scenario);
        const searcher = new Searcher(scenario);
        const states = walk(searcher, picks);
        for (let i = 0; i < states.length; i++) {
          const at = states[i]!;
          const more = gainCeiling(scenario, at.score, ahead.get(at.node)!);
          const less = lossCeiling(at.score, ahead.get(at.node)!);
          // Gains only add and losses only take away: the most a dimension can go up from here is its
          // gains, and the most it can go down is its losses.
          for (let j = i + 1; j < states.length; j++) {
            for (let d = 0; d < 4; d++) {
              expect(states[j]!.score.points[d]! - at.score.points[d]!).toBeLessThanOrEqual(more[d]! + 1e-6);
              expect(at.score.points[d]! - states[j]!.score.points[d]!).toBeLessThanOrEqual(less[d]! + 1e-6);
            }
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("the bounds on the built-ins", () => {
  it("no random call on a built-in gains or loses more than the ceilings said it could", () => {
    const scenarios = ["billing-error", "delayed-update", "abusive-caller", "broadband-outage"].map((name) => {
      const result = loadScenario(readFileSync(new URL(`../../scenarios/${name}.yaml`, import.meta.url)), name);
      if (!result.ok) throw new Error(name);
      return result.scenario;
    });
    fc.assert(
      fc.property(fc.nat(scenarios.length - 1), fc.array(fc.nat(), { minLength: 1, maxLength: 25 }), (i, picks) => {
        const scenario = scenarios[i]!;
        const ahead = aheadOfNodes(scenario);
        const states = walk(new Searcher(scenario), picks);
        for (let a = 0; a < states.length; a++) {
          const more = gainCeiling(scenario, states[a]!.score, ahead.get(states[a]!.node)!);
          const less = lossCeiling(states[a]!.score, ahead.get(states[a]!.node)!);
          const last = states[states.length - 1]!.score.points;
          for (let d = 0; d < 4; d++) {
            expect(last[d]! - states[a]!.score.points[d]!).toBeLessThanOrEqual(more[d]! + 1e-6);
            expect(states[a]!.score.points[d]! - last[d]!).toBeLessThanOrEqual(less[d]! + 1e-6);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

function hasCycle(scenario: Scenario): boolean {
  return scenario.nodeIds.some((id) => {
    const seen = new Set<string>();
    const stack = scenario.nodes[id]!.choices.flatMap((c) => c.branches.map((b) => b.to));
    while (stack.length) {
      const next = stack.pop()!;
      if (next === id) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...scenario.nodes[next]!.choices.flatMap((c) => c.branches.map((b) => b.to)));
    }
    return false;
  });
}

describe("the analysis of loops", () => {
  const loops = () => {
    const result = loadScenario(recoveryLoopsYaml(), "recovery-loops.yaml");
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
    return result.scenario;
  };

  it("finishes on the 40-node recovery-loops scenario, exact, and names the loop that leaves the mood as it was", () => {
    const scenario = loops();
    expect(scenario.nodeIds.length).toBe(40);
    const a = analyzeScenario(scenario);
    expect(a.truncated).toBe(false);
    // The best call takes no detour; the worst ends the call on the first defensive reply.
    expect(a.best).toEqual({
      choices: a.bestPath,
      overall: scoreRun(scenario, a.bestPath).score.overall,
      passed: true,
      outcome: "resolved",
    });
    expect(a.worst!.overall).toBe(0);
    const endless = a.loops.filter((l) => l.kind === "mood-unchanged");
    expect(endless.length).toBeGreaterThan(0);
    for (const loop of endless) {
      // A real loop: played from its first node at its mood, it comes back to the same node and mood.
      expect(loop.nodes[0]).toBe(loop.nodes[loop.nodes.length - 1]);
      expect(loop.choices.length).toBe(loop.nodes.length - 1);
    }
    expect(a.warnings.map((w) => w.code)).toContain("endless-loop");
  });

  it("names the loop a worst path goes round, and how many times", () => {
    // fixtures/drain-loop.yaml: only going round "defensive → apology" again and again takes the
    // call down to 0 (the first apology earns LAER points that only more defensive replies take away).
    const result = loadScenario(readFileSync(new URL("./fixtures/drain-loop.yaml", import.meta.url)), "drain-loop.yaml");
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const a = analyzeScenario(result.scenario);
    expect(a.worst).toMatchObject({ overall: 0, choices: ["snap", "sorry", "snap", "sorry", "snap", "sorry", "snap", "bye"] });
    expect(a.loops).toContainEqual({ kind: "worst-path", nodes: ["start", "sorry-node", "start"], choices: ["snap", "sorry"], times: 3 });
    // And it is a loop that leaves the customer as they were: a warning names it.
    expect(a.warnings.find((w) => w.code === "endless-loop")?.message).toMatch(
      /^the loop `start` → `sorry-node` → `start` \(`snap`, `sorry`\)/,
    );
  });

  it("gives exactly what the analysis gave on the built-in scenarios before it followed loops", () => {
    // fixtures/builtin-before-loops.json: every figure and both paths from the search as it was
    // (it cut loops and calls over 40 turns; the built-ins have neither, so nothing may change).
    const before = JSON.parse(readFileSync(new URL("./fixtures/builtin-before-loops.json", import.meta.url), "utf8")) as Record<
      string,
      Summary & { best: string[]; worst: string[] }
    >;
    expect(Object.keys(before).sort()).toEqual(["abusive-caller", "billing-error", "broadband-outage", "delayed-update"]);
    for (const [name, { best, worst, ...summary }] of Object.entries(before)) {
      const result = loadScenario(readFileSync(new URL(`../../scenarios/${name}.yaml`, import.meta.url)), name);
      if (!result.ok) throw new Error(name);
      const searcher = new Searcher(result.scenario);
      expect(searcher.summarize(searcher.initial()), name).toEqual(summary);
      const a = analyzeScenario(result.scenario);
      expect([a.bestPath, a.worstPath], name).toEqual([best, worst]);
      expect(a.truncated).toBe(false);
    }
  });
});

// Keep the initial score state honest for the brute force: it starts where the searcher starts.
it("the brute force starts where the search starts", () => {
  const scenario = build(fc.sample(scenarioShape, { numRuns: 1, seed: 1 })[0]!);
  const searcher = new Searcher(scenario);
  expect(searcher.initial().score).toEqual(initialScoreState());
});
