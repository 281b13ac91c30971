import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { debriefReport } from "./analysis/debrief";
import { Searcher } from "./analysis/search";
import { createBotRunner, type BotRun } from "./authoring/bots";
import { replayWithMachine } from "./customer/machine";
import { replay } from "./customer/replay";
import { loadScenario, type LoadResult } from "./scenario/load";
import type { Scenario } from "./scenario/model";
import { scoreRun } from "./scoring/report";
import { finalScores } from "./scoring/score";

const SOURCES: { name: string; text: string }[] = [
  { name: "tiny.yaml", text: readFileSync(new URL("./scenario/fixtures/tiny.yaml", import.meta.url), "utf8") },
  ...readdirSync(new URL("../scenarios/", import.meta.url))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => ({ name: f, text: readFileSync(new URL(`../scenarios/${f}`, import.meta.url), "utf8") })),
];

const SCENARIOS: Scenario[] = SOURCES.map(({ name, text }) => {
  const result = loadScenario(text, name);
  if (!result.ok) throw new Error(`${name} does not load`);
  return result.scenario;
});

function expectWellFormed(result: LoadResult) {
  expect(typeof result.ok).toBe("boolean");
  if (!result.ok) {
    expect(result.problems.length).toBeGreaterThan(0);
    for (const p of result.problems) {
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.col).toBeGreaterThanOrEqual(1);
      expect(p.message.length).toBeGreaterThan(0);
      expect(p.message).not.toMatch(/\n\s+at /); // no stack traces
    }
  }
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.string({ maxLength: 12 }) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.constantFrom(":", "- ", "  ", "\n", "[", "{", "&a ", "*a", "!!binary ", "'", '"', "#", "|", ">", "\t", "? "),
  }),
  fc.record({ kind: fc.constant("swap-lines" as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate-line" as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, m: Mutation): string {
  switch (m.kind) {
    case "delete": {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case "insert": {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case "swap-lines": {
      const lines = text.split("\n");
      const a = m.at % lines.length;
      const b = m.other % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join("\n");
    }
    case "duplicate-line": {
      const lines = text.split("\n");
      const a = m.at % lines.length;
      lines.splice(a, 0, lines[a]!);
      return lines.join("\n");
    }
  }
}

describe("loader never throws", () => {
  it("on mutated scenarios", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SOURCES), fc.array(mutation, { minLength: 1, maxLength: 6 }), (source, mutations) => {
        const text = mutations.reduce(mutate, source.text);
        expectWellFormed(loadScenario(text, source.name));
      }),
      { numRuns: 400 },
    );
  });

  it("on random text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => expectWellFormed(loadScenario(text, "r.yaml"))),
      { numRuns: 300 },
    );
  });

  it("on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => expectWellFormed(loadScenario(bytes, "r.yaml"))),
      { numRuns: 300 },
    );
  });

  it("on random YAML-shaped values", () => {
    const yamlish = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.string({ maxLength: 8 }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        tie("list"),
        tie("map"),
      ),
      list: fc.array(tie("value"), { maxLength: 4 }),
      map: fc.dictionary(
        fc.constantFrom(
          "id",
          "nodes",
          "choices",
          "tags",
          "next",
          "when",
          "to",
          "mood",
          "anger",
          "facts",
          "ending",
          "kind",
          "customer",
          "text",
        ),
        tie("value"),
        { maxKeys: 5 },
      ),
    }));
    fc.assert(
      fc.property(yamlish.map, (value) => expectWellFormed(loadScenario(JSON.stringify(value), "r.yaml"))),
      { numRuns: 300 },
    );
  });
});

/** Turns a list of numbers into a valid run: each number picks one of the choices on offer. */
function pathFrom(scenario: Scenario, picks: number[]): string[] {
  const choices: string[] = [];
  let node = scenario.nodes[scenario.start]!;
  for (const pick of picks) {
    if (node.ending) break;
    const choice = node.choices[pick % node.choices.length]!;
    choices.push(choice.id);
    node = scenario.nodes[replay(scenario, choices).node]!;
  }
  return choices;
}

describe("random play-throughs", () => {
  const arb = fc.tuple(fc.nat(SCENARIOS.length - 1), fc.array(fc.nat(), { maxLength: 30 }));

  it("reach an ending or stop at a choice, with scores in 0-100", () => {
    fc.assert(
      fc.property(arb, ([i, picks]) => {
        const scenario = SCENARIOS[i]!;
        const choices = pathFrom(scenario, picks);
        const played = replay(scenario, choices);
        expect(played.error).toBeUndefined();
        const node = scenario.nodes[played.node]!;
        expect(node.ending !== undefined || node.choices.length > 0).toBe(true);
        expect(played.ending === null).toBe(node.ending === undefined);
        const report = scoreRun(scenario, choices);
        for (const value of [report.score.overall, ...Object.values(report.score.dimensions)]) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(100);
          expect(Number.isInteger(value)).toBe(true);
        }
        expect(report.mood.anger).toBeGreaterThanOrEqual(0);
        expect(report.mood.anger).toBeLessThanOrEqual(100);
      }),
      { numRuns: 300 },
    );
  });

  it("replaying the same choices gives an identical report", () => {
    fc.assert(
      fc.property(arb, ([i, picks]) => {
        const scenario = SCENARIOS[i]!;
        const choices = pathFrom(scenario, picks);
        expect(scoreRun(scenario, choices)).toEqual(scoreRun(scenario, [...choices]));
      }),
      { numRuns: 200 },
    );
  });

  it("replay applies exactly what the XState machine does", () => {
    fc.assert(
      fc.property(arb, ([i, picks]) => {
        const scenario = SCENARIOS[i]!;
        const choices = pathFrom(scenario, picks);
        const fast = replay(scenario, choices);
        const machine = replayWithMachine(scenario, choices);
        expect(machine.node).toBe(fast.node);
        expect(machine.mood).toEqual(fast.mood);
        expect(machine.factsHeard).toEqual(fast.factsHeard);
        expect(machine.done).toBe(fast.ending !== null);
        expect(machine.log).toEqual(
          fast.turns.map((t) => ({ node: t.node, choice: t.choice.id, tags: t.choice.tags, before: t.before, after: t.after, to: t.to })),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("the replay and the analysis step agree on every turn", () => {
    fc.assert(
      fc.property(arb, ([i, picks]) => {
        const scenario = SCENARIOS[i]!;
        const choices = pathFrom(scenario, picks);
        const searcher = new Searcher(scenario);
        let state = searcher.initial();
        const played = replay(scenario, choices);
        for (const turn of played.turns) {
          expect(state.node).toBe(turn.node);
          expect(state.mood).toEqual(turn.before);
          state = searcher.step(state, turn.choice.id)!;
          expect(state.mood).toEqual(turn.after);
        }
        expect(state.node).toBe(played.node);
        expect(finalScores(scenario, state.score)).toEqual(scoreRun(scenario, choices).score);
      }),
      { numRuns: 200 },
    );
  });

  it("the bots play and score exactly as replay and scoreRun do", () => {
    fc.assert(
      fc.property(fc.nat(SCENARIOS.length - 1), fc.nat(), (i, seed) => {
        const scenario = SCENARIOS[i]!;
        const runs: BotRun[] = [];
        createBotRunner(scenario, { seed, onRun: (r) => runs.push(r) }).play(5);
        expect(runs.length).toBe(5);
        for (const run of runs) {
          const played = replay(scenario, run.choices);
          expect(played.error).toBeUndefined();
          expect(played.node).toBe(run.node);
          if (run.overall === null) continue;
          const report = scoreRun(scenario, run.choices);
          expect(report.score.overall).toBe(run.overall);
          expect(report.passed).toBe(run.passed);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("a better option's reply is what replay gives for that choice", () => {
    fc.assert(
      fc.property(arb, ([i, picks]) => {
        const scenario = SCENARIOS[i]!;
        const choices = pathFrom(scenario, picks).slice(0, 8);
        const report = debriefReport(scenario, choices);
        for (const turn of report.turns) {
          if (!turn.betterOption) continue;
          const alternative = replay(scenario, [...choices.slice(0, turn.index), turn.betterOption.choice]);
          expect(alternative.error).toBeUndefined();
          expect(alternative.turns.at(-1)!.reply).toBe(turn.betterOption.reply);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("no run scores above the analysis maximum or below its minimum", () => {
    const ranges = SCENARIOS.map((s) => new Searcher(s)).map((searcher) => searcher.summarize(searcher.initial())!);
    fc.assert(
      fc.property(arb, ([i, picks]) => {
        const scenario = SCENARIOS[i]!;
        const choices = pathFrom(scenario, picks);
        const report = scoreRun(scenario, choices);
        if (report.outcome === null) return;
        expect(report.score.overall).toBeLessThanOrEqual(ranges[i]!.max);
        expect(report.score.overall).toBeGreaterThanOrEqual(ranges[i]!.min);
      }),
      { numRuns: 200 },
    );
  });
});
