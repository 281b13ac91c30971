import fc from "fast-check";
import { isRefusal, positionAfter, positionKey, step, type CallPosition } from "../customer/step";
import type { Condition } from "../scenario/condition";
import { DEFAULT_PASS_MARK, DEFAULT_WEIGHTS, type Choice, type Scenario, type ScenarioNode } from "../scenario/model";
import type { EndingKind } from "../scenario/schema";
import type { Tag } from "../scenario/tags";
import { finalScores, passed, scoreStateKey, scoreTurn, type ScoreState } from "../scoring/score";
import { Searcher, type SearchState, type Summary } from "./search";
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

export const scenarioShape = fc.record({
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
export function build(shape: typeof scenarioShape extends fc.Arbitrary<infer T> ? T : never): Scenario {
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
export function bruteForce(scenario: Scenario, from: Plain, cap = 30_000): Summary | null | "too big" {
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
export function walk(searcher: Searcher, picks: number[]): SearchState[] {
  const states = [searcher.initial()];
  for (const pick of picks) {
    const at = states[states.length - 1]!;
    const choices = searcher.scenario.nodes[at.node]!.choices;
    if (choices.length === 0) break;
    states.push(searcher.step(at, choices[pick % choices.length]!.id)!);
  }
  return states;
}

