import { describe, expect, it } from "vitest";
import { chainChoices, chainScenario, type TurnSpec } from "../testing/build";
import { scoreRun, type ScoreReport } from "./report";
import { BASE, RULES, type Dimension, type RuleId } from "./rules";

function run(turns: TurnSpec[], options?: Parameters<typeof chainScenario>[1]): ScoreReport {
  const scenario = chainScenario(turns, options);
  return scoreRun(scenario, chainChoices(scenario), { betterOptions: false });
}

function fired(report: ScoreReport) {
  return report.turns.flatMap((t) => t.annotations.map((a) => ({ turn: t.index, rule: a.rule, points: a.points })));
}

interface RuleCase {
  turns: TurnSpec[];
  /** Turn index at which the rule must fire, and how many times in the run. */
  at: number;
  times?: number;
  points?: number;
  /** Expected score of the rule's dimension for this run. */
  dimension: number;
  /** A near-identical run in which the rule must NOT fire. */
  without: TurnSpec[];
}

const L = { tags: ["listen"] };
const A = { tags: ["acknowledge"] };
const E = { tags: ["explore"] };
const R = { tags: ["respond"] };

/** One case per rule; the Record type makes a rule without a test a type error. */
const CASES: Record<RuleId, RuleCase> = {
  "listened-first": { turns: [L], at: 0, dimension: 20, without: [R, L] },
  "acknowledged-feelings": { turns: [A], at: 0, dimension: 20, without: [R, A] },
  "explored-problem": { turns: [E], at: 0, dimension: 20, without: [R, E] },
  "owned-next-step": { turns: [A, E, R], at: 2, dimension: 60, without: [A, E, { tags: ["options"] }] },
  "laer-in-order": { turns: [L, A, E, R], at: 3, dimension: 90, without: [A, L, E, R] },
  "offered-options": { turns: [A, E, { tags: ["options"] }], at: 2, dimension: 50, without: [A, E, R] },
  "solving-too-soon": { turns: [A, R], at: 1, dimension: 15, without: [A, E, R] },
  interrupting: { turns: [L, { tags: ["interrupt"] }, { tags: ["interrupt"] }], at: 1, times: 2, dimension: 0, without: [L, L] },
  "acknowledge-loop": { turns: [A, A, A, A], at: 2, times: 2, dimension: 0, without: [A, A, E, A] },
  "paraphrase-before-solution": { turns: [{ tags: ["paraphrase"] }], at: 0, dimension: 40, without: [R, { tags: ["paraphrase"] }] },
  "paraphrase-after-solution": { turns: [R, { tags: ["paraphrase"] }], at: 1, dimension: 20, without: [{ tags: ["paraphrase"] }, R] },
  "fact-covered": {
    turns: [{ tags: ["paraphrase"], facts: ["f1"] }, { tags: ["paraphrase"], facts: ["f1", "f2"] }],
    at: 0, times: 2, points: 20, dimension: 80,
    without: [{ tags: ["paraphrase"] }, { tags: ["explore"], facts: ["f1", "f2"] }],
  },
  "summary-confirmed": { turns: [{ tags: ["paraphrase"] }, { tags: ["confirm"] }], at: 1, dimension: 60, without: [{ tags: ["confirm"] }, { tags: ["paraphrase"] }] },
  "wrong-fact": { turns: [{ tags: ["paraphrase"], facts: ["f1"], wrongFacts: ["f2"] }], at: 0, dimension: 40, without: [{ tags: ["paraphrase"], facts: ["f1"] }] },
  "realistic-commitment": { turns: [{ tags: ["commit"] }], at: 0, dimension: 100, without: [R] },
  "vague-promise": { turns: [{ tags: ["vague-promise"] }, { tags: ["vague-promise"] }], at: 0, times: 2, dimension: 10, without: [R, R] },
  overpromise: { turns: [{ tags: ["overpromise"] }], at: 0, dimension: 0, without: [{ tags: ["commit"] }] },
  ownership: { turns: [{ tags: ["own"] }, { tags: ["own"] }], at: 0, dimension: 100, without: [{ tags: ["neutral"] }] },
  "respectful-boundary": { turns: [{ tags: ["boundary"] }], at: 0, dimension: 100, without: [{ tags: ["neutral"] }] },
  blame: { turns: [{ tags: ["blame"] }], at: 0, dimension: 60, without: [E] },
  defensiveness: { turns: [{ tags: ["defensive"] }], at: 0, dimension: 65, without: [A] },
  "policy-deflection": { turns: [{ tags: ["deflect"] }], at: 0, dimension: 65, without: [R] },
  "told-to-calm-down": { turns: [{ tags: ["calm-down"] }], at: 0, dimension: 65, without: [A] },
  jargon: { turns: [{ tags: ["jargon"] }], at: 0, dimension: 70, without: [E] },
  "corporate-apology": { turns: [{ tags: ["corporate-apology"] }], at: 0, dimension: 70, without: [A] },
  hostility: { turns: [{ tags: ["hostile"] }], at: 0, dimension: 40, without: [{ tags: ["boundary"] }] },
  "ended-without-warning": { turns: [{ tags: ["end-call"] }], at: 0, dimension: 50, without: [{ tags: ["boundary"] }, { tags: ["end-call"] }] },
};

describe("every scoring rule", () => {
  for (const [rule, c] of Object.entries(CASES) as [RuleId, RuleCase][]) {
    it(`${rule}: fires where the rubric says, with its points, and only then`, () => {
      const dimension: Dimension = RULES[rule].dimension;
      const report = run(c.turns);
      const hits = fired(report).filter((f) => f.rule === rule);
      expect(hits.length).toBe(c.times ?? 1);
      expect(hits[0]!.turn).toBe(c.at);
      expect(hits[0]!.points).toBe(c.points ?? RULES[rule].points);
      expect(report.score.dimensions[dimension]).toBe(c.dimension);

      const control = run(c.without);
      expect(fired(control).filter((f) => f.rule === rule)).toEqual([]);
    });
  }
});

describe("dimension totals", () => {
  it("starts each dimension at its base", () => {
    const report = run([{ tags: ["neutral"] }]);
    expect(report.score.dimensions).toEqual({
      laer: BASE.laer, reflectiveListening: BASE.reflectiveListening, promises: BASE.promises, professionalism: BASE.professionalism,
    });
  });

  it("gives 100 on every dimension to a model call", () => {
    const report = run([
      L, A, E,
      { tags: ["paraphrase", "confirm"], facts: ["f1", "f2"] },
      { tags: ["respond", "options", "commit", "own"] },
    ]);
    expect(report.score).toEqual({ overall: 100, dimensions: { laer: 100, reflectiveListening: 100, promises: 100, professionalism: 100 } });
    expect(report.passed).toBe(true);
    expect(report.findings).toEqual([]);
  });

  it("clamps a dimension at 0 and at 100", () => {
    const low = run(Array.from({ length: 8 }, () => ({ tags: ["interrupt"] })));
    expect(low.score.dimensions.laer).toBe(0);
    const high = run([{ tags: ["own", "boundary"] }]);
    expect(high.score.dimensions.professionalism).toBe(100);
  });

  it("caps gains so a reward never hides a penalty", () => {
    const report = run([{ tags: ["own"] }, { tags: ["jargon"] }, { tags: ["boundary"] }]);
    expect(report.score.dimensions.professionalism).toBe(90); // 80 + 20 − 10, and the boundary adds nothing past the cap
    const boundary = report.turns[2]!.annotations[0]!;
    expect(boundary).toMatchObject({ rule: "respectful-boundary", points: 0, detail: "Already at the top of Professionalism." });
  });

  it("weights the overall score 30/25/25/20 by default", () => {
    // LAER 20, reflective 0, promises 50, professionalism 80
    const report = run([L]);
    expect(report.score.overall).toBe(Math.round((20 * 30 + 0 * 25 + 50 * 25 + 80 * 20) / 100));
  });

  it("uses a scenario's own weights and pass mark", () => {
    const turns = [L, A, E, { tags: ["paraphrase", "confirm"], facts: ["f1", "f2"] }, { tags: ["respond", "commit"] }];
    const normal = run(turns);
    const custom = run(turns, { scoring: { weights: { laer: 10, reflectiveListening: 10, promises: 10, professionalism: 70 }, passMark: 95 } });
    expect(normal.score.dimensions).toEqual(custom.score.dimensions);
    expect(custom.score.overall).toBe(Math.round((90 * 10 + 100 * 10 + 100 * 10 + 80 * 70) / 100));
    expect(normal.passed).toBe(true);
    expect(custom.passed).toBe(false);
    expect(custom.passMark).toBe(95);
  });
});

describe("pass/fail and critical errors", () => {
  const model = [L, A, E, { tags: ["paraphrase", "confirm"], facts: ["f1", "f2"] }, { tags: ["respond", "options", "commit", "own"] }];

  it("fails an otherwise excellent run with an overpromise, naming it", () => {
    const report = run([...model, { tags: ["overpromise"] }]);
    expect(report.score.overall).toBeGreaterThanOrEqual(70);
    expect(report.passed).toBe(false);
    expect(report.criticalErrors).toEqual([{ rule: "overpromise", label: "Overpromise", turn: 6 }]);
  });

  it("fails an otherwise excellent run that matched hostility", () => {
    const report = run([...model, { tags: ["hostile"] }]);
    expect(report.passed).toBe(false);
    expect(report.criticalErrors.map((c) => c.rule)).toEqual(["hostility"]);
  });

  it("fails a run under the pass mark with no critical error", () => {
    const report = run([L]);
    expect(report.criticalErrors).toEqual([]);
    expect(report.passed).toBe(false);
  });
});

describe("report", () => {
  it("reports the outcome and the change in mood", () => {
    const report = run([{ tags: ["listen"], mood: { anger: -30, trust: 20 } }, { tags: ["blame"], mood: { anger: 100 } }], {
      mood: { anger: 60, trust: 40 }, ending: "hung-up",
    });
    expect(report.outcome).toBe("hung-up");
    expect(report.mood).toMatchObject({ anger: 100, trust: 60, angerChange: 40, trustChange: 20 });
    expect(report.turns[0]!.moodBefore).toEqual({ anger: 60, trust: 40 });
    expect(report.turns[0]!.mood).toEqual({ anger: 30, trust: 60 });
  });

  it("scores a run that stops before an ending with a null outcome", () => {
    const scenario = chainScenario([L, A, E]);
    const report = scoreRun(scenario, ["c0", "c1"]);
    expect(report.outcome).toBeNull();
    expect(report.turns.length).toBe(2);
    expect(report.score.dimensions.laer).toBe(40);
  });

  it("names the missed opportunities with the points they were worth", () => {
    const report = run([{ tags: ["paraphrase"], facts: ["f1"] }, R]);
    expect(report.findings.map((f) => [f.rule, f.missed])).toEqual([
      ["never-listened", 20],
      ["never-acknowledged", 20],
      ["never-explored", 20],
      ["facts-missed", 20],
      ["summary-unconfirmed", 20],
      ["no-commitment", 50],
    ]);
    expect(report.findings.find((f) => f.rule === "facts-missed")!.detail).toBe("fact f2");
  });

  it("stops at a choice that is not offered and says which were", () => {
    const scenario = chainScenario([L, A]);
    const report = scoreRun(scenario, ["c0", "nope", "c1"]);
    expect(report.turns.length).toBe(1);
    expect(report.error).toEqual({ turn: 2, node: "n1", choiceId: "nope", offered: ["c1"], reason: "not-offered" });
  });
});
