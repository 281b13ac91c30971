import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { debriefReport } from "./analysis/debrief";
import { Searcher } from "./analysis/search";
import { createBotRunner, type BotRun } from "./authoring/bots";
import { replayWithMachine } from "./customer/machine";
import { replay } from "./customer/replay";
import { offeredChoices } from "./customer/step";
import { loadScenario, type LoadResult } from "./scenario/load";
import type { Scenario } from "./scenario/model";
import { scoreRun } from "./scoring/report";
import { finalScores } from "./scoring/score";

const SOURCES: { name: string; text: string }[] = [
  { name: "tiny.yaml", text: readFileSync(new URL("./scenario/fixtures/tiny.yaml", import.meta.url), "utf8") },
  { name: "format-2.yaml", text: readFileSync(new URL("./scenario/fixtures/format-2.yaml", import.meta.url), "utf8") },
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
  let at = replay(scenario, []);
  for (const pick of picks) {
    const node = scenario.nodes[at.node]!;
    if (node.ending) break;
    const offered = offeredChoices(node, at);
    const choice = offered[pick % offered.length]!;
    choices.push(choice.id);
    at = replay(scenario, choices);
  }
  return choices;
}

// ------------------------------------------------------------ random format 2 scenarios

const TAG_POOL = [
  "listen",
  "acknowledge",
  "explore",
  "respond",
  "commit",
  "overpromise",
  "blame",
  "neutral",
  "walk-back",
  "end-call",
] as const;

/** A condition over the random scenario's flags and mood: `f1 and anger >= 40`, `not f0`. */
const conditionArb = (flags: number) =>
  fc
    .array(
      fc.oneof(
        fc.tuple(fc.boolean(), fc.nat(flags - 1)).map(([not, f]) => `${not ? "not " : ""}f${f}`),
        fc
          .tuple(fc.constantFrom("anger", "trust"), fc.constantFrom(">=", "<", "==", "!="), fc.integer({ min: 0, max: 100 }))
          .map(([field, op, v]) => `${field} ${op} ${v}`),
      ),
      { minLength: 1, maxLength: 2 },
    )
    .map((terms) => terms.join(" and "));

/**
 * Random valid format 2 scenarios with flags: every choice may set, clear and test flags, lines and
 * branches test flags and mood, and a scenario-wide rule hangs up unless a choice turns rules off.
 * Node i's first choice is always offered and leads to node i+1, so every node is reachable and
 * can end; the other choices go anywhere (loops included).
 */
const format2Arb = fc
  .record({ flags: fc.integer({ min: 1, max: 4 }), nodes: fc.integer({ min: 2, max: 6 }) })
  .chain(({ flags, nodes }) => {
    const flagList = fc.uniqueArray(fc.nat(flags - 1), { maxLength: 2 }).map((fs) => fs.map((f) => `f${f}`));
    const target = fc.oneof(
      fc.nat(nodes - 1).map((n) => `n${n}`),
      fc.constantFrom("end-ok", "end-hung"),
    );
    const choice = fc.record({
      when: fc.option(conditionArb(flags), { nil: undefined }),
      tags: fc.constantFrom(...TAG_POOL),
      anger: fc.integer({ min: -25, max: 25 }),
      trust: fc.integer({ min: -25, max: 25 }),
      sets: flagList,
      clears: flagList,
      rulesOff: fc.boolean(),
      branches: fc.array(fc.record({ when: conditionArb(flags), to: target }), { maxLength: 2 }),
      to: target,
    });
    const node = fc.record({
      lines: fc.array(conditionArb(flags), { maxLength: 2 }),
      choices: fc.array(choice, { minLength: 1, maxLength: 4 }),
    });
    return fc.record({
      flags: fc.constant(flags),
      mood: fc.record({ anger: fc.integer({ min: 0, max: 100 }), trust: fc.integer({ min: 0, max: 100 }) }),
      rule: fc.option(fc.integer({ min: 60, max: 100 }), { nil: undefined }),
      nodes: fc.array(node, { minLength: nodes, maxLength: nodes }),
    });
  })
  .map((g) => {
    const nodes = g.nodes.map((n, i) => ({
      id: `n${i}`,
      customer: [...n.lines.map((when, k) => ({ when, text: `line ${k} of n${i}` })), { text: `n${i} otherwise` }],
      choices: n.choices.map((c, k) => ({
        id: `n${i}-c${k}`,
        text: `choice ${k} at n${i}`,
        ...(k > 0 && c.when ? { when: c.when } : {}),
        tags: c.tags === "listen" && k === 0 ? ["paraphrase"] : [c.tags],
        ...(c.tags === "listen" && k === 0 ? { facts: ["the-fact"] } : {}),
        mood: { anger: c.anger, trust: c.trust },
        ...(c.sets.length ? { sets: c.sets } : {}),
        ...(c.clears.filter((f) => !c.sets.includes(f)).length ? { clears: c.clears.filter((f) => !c.sets.includes(f)) } : {}),
        ...(c.rulesOff ? { rules: "off" } : {}),
        next: [
          ...c.branches,
          // The last node can also hang up, so every ending is reachable.
          ...(k === 0 && i === g.nodes.length - 1 ? [{ when: "anger >= 100", to: "end-hung" }] : []),
          { to: k === 0 ? (i + 1 < g.nodes.length ? `n${i + 1}` : "end-ok") : c.to },
        ],
      })),
    }));
    return {
      format: 2,
      id: "random-flags",
      title: "Random",
      version: 1,
      difficulty: "easy",
      brief: "A random scenario.",
      persona: { name: "R", description: "Random." },
      mood: g.mood,
      facts: [{ id: "the-fact", text: "A fact" }],
      flags: Array.from({ length: g.flags }, (_, f) => `f${f}`),
      ...(g.rule !== undefined ? { rules: [{ id: "hang-up", when: `anger >= ${g.rule}`, to: "end-hung" }] } : {}),
      start: "n0",
      nodes: [
        ...nodes,
        { id: "end-ok", customer: "Bye.", ending: { kind: "resolved" } },
        { id: "end-hung", customer: "(click)", ending: { kind: "hung-up" } },
      ],
    };
  })
  .map((doc) => {
    const result = loadScenario(JSON.stringify(doc), "random.yaml");
    if (!result.ok)
      throw new Error(`the generator made a scenario that does not load: ${result.problems.map((p) => p.message).join("; ")}`);
    return result.scenario;
  });

/** A built-in or fixture scenario, or a random format 2 one with flags. */
const anyScenario = fc.oneof(fc.constantFrom(...SCENARIOS), format2Arb);

describe("random play-throughs", () => {
  const arb = fc.tuple(anyScenario, fc.array(fc.nat(), { maxLength: 30 }));

  it("reach an ending or stop at a choice, with scores in 0-100", () => {
    fc.assert(
      fc.property(arb, ([scenario, picks]) => {
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
      fc.property(arb, ([scenario, picks]) => {
        const choices = pathFrom(scenario, picks);
        expect(scoreRun(scenario, choices)).toEqual(scoreRun(scenario, [...choices]));
      }),
      { numRuns: 200 },
    );
  });

  it("replay applies exactly what the XState machine does", () => {
    fc.assert(
      fc.property(arb, ([scenario, picks]) => {
        const choices = pathFrom(scenario, picks);
        const fast = replay(scenario, choices);
        const machine = replayWithMachine(scenario, choices);
        expect(machine.node).toBe(fast.node);
        expect(machine.mood).toEqual(fast.mood);
        expect(machine.flags).toBe(fast.flags);
        expect(machine.factsHeard).toEqual(fast.factsHeard);
        expect(machine.done).toBe(fast.ending !== null);
        expect(machine.log).toEqual(
          fast.turns.map((t) => ({
            node: t.node,
            choice: t.choice.id,
            tags: t.choice.tags,
            before: t.before,
            after: t.after,
            flagsBefore: t.flagsBefore,
            flagsAfter: t.flagsAfter,
            to: t.to,
          })),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("the replay and the analysis step agree on every turn", () => {
    fc.assert(
      fc.property(arb, ([scenario, picks]) => {
        const choices = pathFrom(scenario, picks);
        const searcher = new Searcher(scenario);
        let state = searcher.initial();
        const played = replay(scenario, choices);
        for (const turn of played.turns) {
          expect(state.node).toBe(turn.node);
          expect(state.mood).toEqual(turn.before);
          expect(state.flags).toBe(turn.flagsBefore);
          state = searcher.step(state, turn.choice.id)!;
          expect(state.mood).toEqual(turn.after);
          expect(state.flags).toBe(turn.flagsAfter);
        }
        expect(state.node).toBe(played.node);
        expect(finalScores(scenario, state.score)).toEqual(scoreRun(scenario, choices).score);
      }),
      { numRuns: 200 },
    );
  });

  it("the bots play and score exactly as replay and scoreRun do", () => {
    fc.assert(
      fc.property(anyScenario, fc.nat(), (scenario, seed) => {
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
      fc.property(arb, ([scenario, picks]) => {
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
    // Exact debrief searches over random scenarios with loops and flags: ~8 s on a quiet 2-core machine.
  }, 60_000);

  it("no run scores above the analysis maximum or below its minimum", () => {
    const ranges = SCENARIOS.map((s) => new Searcher(s)).map((searcher) => searcher.summarize(searcher.initial())!);
    fc.assert(
      fc.property(fc.nat(SCENARIOS.length - 1), fc.array(fc.nat(), { maxLength: 30 }), (i, picks) => {
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

  it("a choice is played exactly when it is offered: replay, the machine and the search refuse the same ones", () => {
    fc.assert(
      fc.property(format2Arb, fc.array(fc.nat(), { maxLength: 12 }), fc.nat(), (scenario, picks, extra) => {
        const choices = pathFrom(scenario, picks);
        const at = replay(scenario, choices);
        const node = scenario.nodes[at.node]!;
        if (node.ending) return;
        const offered = new Set(offeredChoices(node, at).map((c) => c.id));
        expect(offered.size).toBeGreaterThan(0);
        const any = node.choices[extra % node.choices.length]!;
        const played = replay(scenario, [...choices, any.id]);
        expect(played.error === undefined).toBe(offered.has(any.id));
        const machine = replayWithMachine(scenario, [...choices, any.id]);
        expect(machine.log.length).toBe(choices.length + (offered.has(any.id) ? 1 : 0));
        const searcher = new Searcher(scenario);
        let state = searcher.initial();
        for (const c of choices) state = searcher.step(state, c)!;
        expect(searcher.step(state, any.id) !== null).toBe(offered.has(any.id));
      }),
      { numRuns: 150 },
    );
  });

  it("random scenarios with flags really use them: some calls set flags and some choices are not offered", () => {
    let flagged = 0;
    let hidden = 0;
    fc.assert(
      fc.property(format2Arb, fc.array(fc.nat(), { maxLength: 12 }), (scenario, picks) => {
        const played = replay(scenario, pathFrom(scenario, picks));
        if (played.flags !== 0) flagged++;
        const node = scenario.nodes[played.node]!;
        if (!node.ending && offeredChoices(node, played).length < node.choices.length) hidden++;
      }),
      { numRuns: 200 },
    );
    expect(flagged).toBeGreaterThan(20);
    expect(hidden).toBeGreaterThan(5);
  });
});
