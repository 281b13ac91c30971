import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TAG_NAMES } from "../scenario/tags";
import { chainChoices, chainScenario, type TurnSpec } from "../testing/build";
import { scoreRun, type ScoreReport } from "./report";
import { BASE, CALM_REPLY_CAP, RULES, type Dimension, type RuleId } from "./rules";

function run(turns: TurnSpec[], options?: Parameters<typeof chainScenario>[1]): ScoreReport {
  const scenario = chainScenario(turns, options);
  return scoreRun(scenario, chainChoices(scenario));
}

function fired(report: ScoreReport) {
  return report.turns.flatMap((t) => t.annotations.map((a) => ({ turn: t.index, rule: a.rule, points: a.points })));
}

interface RuleCase {
  turns: TurnSpec[];
  /** How the call ends (default: resolved). */
  ending?: string;
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
const t = (...tags: string[]) => ({ tags });
/** A rule's points: expectations follow the rubric's values, so retuning points never breaks the rules' logic tests. */
const P = (rule: RuleId) => RULES[rule].points;
const PRO = BASE.professionalism;
const CALM = P("calm-reply");

/** One case per rule; the Record type makes a rule without a test a type error. */
const CASES: Record<RuleId, RuleCase> = {
  "listened-first": { turns: [L], at: 0, dimension: P("listened-first"), without: [R, L] },
  "acknowledged-feelings": { turns: [A], at: 0, dimension: P("acknowledged-feelings"), without: [R, A] },
  "explored-problem": { turns: [E], at: 0, dimension: P("explored-problem"), without: [R, E] },
  // After a premature fix LAER is at 0 (it never goes below), and the recovery earns its points.
  "listened-after-fix": { turns: [R, L], at: 1, dimension: P("listened-after-fix"), without: [L, R] },
  "acknowledged-after-fix": { turns: [R, A], at: 1, dimension: P("acknowledged-after-fix"), without: [A, R] },
  "explored-after-fix": { turns: [R, E], at: 1, dimension: P("explored-after-fix"), without: [E, R] },
  "owned-next-step": {
    turns: [A, E, R],
    at: 2,
    dimension: P("acknowledged-feelings") + P("explored-problem") + P("owned-next-step"),
    without: [A, E, t("vague-promise")],
  },
  "laer-in-order": {
    turns: [L, A, E, R],
    at: 3,
    dimension: P("listened-first") + P("acknowledged-feelings") + P("explored-problem") + P("owned-next-step") + P("laer-in-order"),
    without: [A, L, E, R],
  },
  "offered-options": {
    turns: [A, E, t("options")],
    at: 2,
    dimension: P("acknowledged-feelings") + P("explored-problem") + P("owned-next-step") + P("offered-options"),
    without: [A, E, R],
  },
  "solving-too-soon": { turns: [A, R], at: 1, dimension: P("acknowledged-feelings") + P("solving-too-soon"), without: [A, E, R] },
  interrupting: {
    turns: [L, t("interrupt"), t("interrupt")],
    at: 1,
    times: 2,
    dimension: P("listened-first") + 2 * P("interrupting"),
    without: [L, L],
  },
  "shut-the-customer-down": {
    turns: [L, t("blame")],
    at: 1,
    dimension: P("listened-first") + P("shut-the-customer-down"),
    without: [L, t("jargon")],
  },
  "undercut-the-next-step": {
    turns: [A, E, R, t("vague-promise")],
    at: 3,
    dimension: P("acknowledged-feelings") + P("explored-problem") + P("owned-next-step") + P("undercut-the-next-step"),
    without: [A, E, t("vague-promise"), R],
  },
  "customer-hung-up": { turns: [L], ending: "hung-up", at: 0, dimension: P("listened-first") + P("customer-hung-up"), without: [L] },
  "call-escalated": { turns: [L], ending: "escalated", at: 0, dimension: P("listened-first") + P("call-escalated"), without: [L] },
  "acknowledge-loop": { turns: [A, A, t("corporate-apology"), A], at: 2, times: 2, dimension: 0, without: [A, A, E, A] },
  "paraphrase-before-solution": {
    turns: [t("paraphrase")],
    at: 0,
    dimension: P("paraphrase-before-solution"),
    without: [A, E, R, t("paraphrase")],
  },
  "paraphrase-after-solution": {
    turns: [A, E, R, t("paraphrase")],
    at: 3,
    dimension: P("paraphrase-after-solution"),
    without: [t("paraphrase"), R],
  },
  "fact-covered": {
    turns: [
      { tags: ["paraphrase"], facts: ["f1"] },
      { tags: ["paraphrase"], facts: ["f1", "f2"] },
    ],
    at: 0,
    times: 2,
    points: 20,
    dimension: P("paraphrase-before-solution") + 40 + P("summary-corrected"),
    without: [t("paraphrase"), { tags: ["explore"], facts: ["f1", "f2"] }],
  },
  "summary-confirmed": {
    turns: [t("paraphrase"), t("confirm")],
    at: 1,
    dimension: P("paraphrase-before-solution") + P("summary-confirmed"),
    without: [t("confirm"), t("paraphrase")],
  },
  "summary-corrected": {
    turns: [
      { tags: ["paraphrase"], facts: ["f1"] },
      { tags: ["paraphrase", "confirm"], facts: ["f1", "f2"] },
    ],
    at: 1,
    dimension: P("paraphrase-before-solution") + 40 + P("summary-corrected") + P("summary-confirmed"),
    // A partial summary the customer confirmed was not corrected.
    without: [
      { tags: ["paraphrase", "confirm"], facts: ["f1"] },
      { tags: ["paraphrase"], facts: ["f1", "f2"] },
    ],
  },
  "wrong-fact": {
    turns: [{ tags: ["paraphrase"], facts: ["f1"], wrongFacts: ["f2"] }],
    at: 0,
    dimension: Math.max(0, P("paraphrase-before-solution") + 20 + P("wrong-fact")),
    without: [{ tags: ["paraphrase"], facts: ["f1"] }],
  },
  "next-step-without-time": { turns: [R], at: 0, dimension: P("next-step-without-time"), without: [t("commit")] },
  "realistic-commitment": { turns: [t("commit")], at: 0, dimension: P("realistic-commitment"), without: [R] },
  "commitment-after-overpromise": {
    turns: [t("overpromise"), t("commit")],
    at: 1,
    dimension: P("commitment-after-overpromise"),
    without: [t("commit"), t("overpromise")],
  },
  "walked-back-overpromise": {
    turns: [t("overpromise"), t("commit", "walk-back")],
    at: 1,
    dimension: P("commitment-after-overpromise") + P("walked-back-overpromise"),
    without: [t("commit", "walk-back")],
  },
  "vague-promise": {
    turns: [R, t("vague-promise"), t("vague-promise")],
    at: 1,
    times: 2,
    dimension: P("next-step-without-time") + 2 * P("vague-promise"),
    without: [R, R],
  },
  overpromise: {
    turns: [R, t("commit"), t("overpromise")],
    at: 2,
    dimension: P("next-step-without-time") + P("realistic-commitment") + P("overpromise"),
    without: [R, t("commit")],
  },
  "calm-reply": {
    turns: [L, A, E, t("neutral")],
    at: 0,
    times: CALM_REPLY_CAP / CALM,
    dimension: PRO + CALM_REPLY_CAP,
    without: [t("blame")],
  },
  ownership: { turns: [t("own"), t("own")], at: 0, dimension: PRO + 2 * CALM + P("ownership"), without: [t("neutral")] },
  "respectful-boundary": { turns: [t("boundary")], at: 0, dimension: PRO + CALM + P("respectful-boundary"), without: [t("neutral")] },
  blame: { turns: [t("blame")], at: 0, dimension: PRO + P("blame"), without: [E] },
  defensiveness: { turns: [t("defensive")], at: 0, dimension: PRO + P("defensiveness"), without: [A] },
  "policy-deflection": { turns: [t("deflect")], at: 0, dimension: PRO + P("policy-deflection"), without: [R] },
  "told-to-calm-down": { turns: [t("calm-down")], at: 0, dimension: Math.max(0, PRO + P("told-to-calm-down")), without: [A] },
  jargon: { turns: [t("jargon")], at: 0, dimension: PRO + P("jargon"), without: [E] },
  "corporate-apology": { turns: [t("corporate-apology")], at: 0, dimension: PRO + P("corporate-apology"), without: [A] },
  "repeated-stock-sympathy": {
    turns: [t("corporate-apology"), t("corporate-apology"), t("corporate-apology")],
    at: 1,
    times: 2,
    dimension: PRO + P("corporate-apology") + 2 * P("repeated-stock-sympathy"),
    without: [t("corporate-apology"), A],
  },
  "sales-pitch": { turns: [t("sales-pitch")], at: 0, dimension: PRO + P("sales-pitch"), without: [R] },
  hostility: { turns: [L, A, t("hostile")], at: 2, dimension: PRO + 2 * CALM + P("hostility"), without: [L, A, t("boundary")] },
  "false-reassurance": { turns: [t("overpromise")], at: 0, dimension: PRO + CALM + P("false-reassurance"), without: [t("commit")] },
  "lost-the-customer": { turns: [L], ending: "hung-up", at: 0, dimension: PRO + CALM + P("lost-the-customer"), without: [L] },
  "ended-without-warning": {
    turns: [{ tags: ["neutral"], abusive: true }, t("end-call")],
    at: 1,
    dimension: PRO + CALM + P("ended-without-warning"),
    without: [{ tags: ["boundary"], abusive: true }, t("end-call")],
  },
  "ended-on-customer": {
    turns: [t("end-call")],
    at: 0,
    dimension: Math.max(0, PRO + P("ended-on-customer")),
    without: [{ tags: ["neutral"], abusive: true }, t("end-call")],
  },
};

describe("every scoring rule", () => {
  for (const [rule, c] of Object.entries(CASES) as [RuleId, RuleCase][]) {
    it(`${rule}: fires where the rubric says, with its points, and only then`, () => {
      const dimension: Dimension = RULES[rule].dimension;
      const report = run(c.turns, c.ending ? { ending: c.ending } : {});
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
  const model = [L, A, E, { tags: ["paraphrase", "confirm"], facts: ["f1", "f2"] }, { tags: ["respond", "options", "commit", "own"] }];

  it("starts each dimension at its base: points are earned, only professionalism has a floor to earn up from", () => {
    const report = run([{ tags: ["blame"] }]);
    expect(report.score.dimensions).toEqual({
      laer: 0,
      reflectiveListening: 0,
      promises: 0,
      professionalism: BASE.professionalism + P("blame"),
    });
    expect(BASE).toMatchObject({ laer: 0, reflectiveListening: 0, promises: 0 });
  });

  it("a model call scores at least 90 on every dimension and passes", () => {
    const report = run(model);
    for (const d of Object.values(report.score.dimensions)) expect(d).toBeGreaterThanOrEqual(90);
    expect(report.score.overall).toBeGreaterThanOrEqual(90);
    expect(report.passed).toBe(true);
    expect(report.findings).toEqual([]);
  });

  it("never goes below 0, so a slip is not a debt the recovery must repay first", () => {
    const low = run(Array.from({ length: 8 }, () => ({ tags: ["interrupt"] })));
    expect(low.score.dimensions.laer).toBe(0);
    const slipThenRecover = run([R, L, A, E, R]);
    const clean = run([L, A, E, R]);
    // The premature fix costs only the in-order bonus and what the floor could not absorb.
    expect(slipThenRecover.score.dimensions.laer).toBeGreaterThanOrEqual(
      clean.score.dimensions.laer - P("laer-in-order") + P("listened-after-fix") - P("listened-first"),
    );
    expect(slipThenRecover.turns[0]!.annotations.find((a) => a.rule === "solving-too-soon")).toMatchObject({ points: 0 });
  });

  it("keeps every dimension within 0-100 for any sequence of tags", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            tags: fc.uniqueArray(fc.constantFrom(...TAG_NAMES), { minLength: 1, maxLength: 3 }),
            facts: fc.subarray(["f1", "f2"]),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        fc.constantFrom("resolved", "hung-up", "escalated", "agent-ended"),
        (turns, ending) => {
          const report = run(turns, { ending });
          for (const d of Object.values(report.score.dimensions)) {
            expect(d).toBeGreaterThanOrEqual(0);
            expect(d).toBeLessThanOrEqual(100);
          }
          // The annotated points add up to each dimension (from its base): every point is explained.
          for (const dim of Object.keys(report.score.dimensions) as Dimension[]) {
            const sum = report.turns
              .flatMap((t) => t.annotations)
              .filter((a) => a.dimension === dim)
              .reduce((n, a) => n + a.points, BASE[dim]);
            expect(Math.round(sum)).toBe(report.score.dimensions[dim]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("weights the overall score 30/25/25/20 by default", () => {
    const report = run([L]);
    const d = report.score.dimensions;
    expect(report.score.overall).toBe(
      Math.round((d.laer * 30 + d.reflectiveListening * 25 + d.promises * 25 + d.professionalism * 20) / 100),
    );
  });

  it("uses a scenario's own weights and pass mark", () => {
    const turns = [L, A, E, { tags: ["paraphrase", "confirm"], facts: ["f1", "f2"] }, { tags: ["respond", "commit"] }];
    const normal = run(turns);
    const custom = run(turns, {
      scoring: { weights: { laer: 10, reflectiveListening: 10, promises: 10, professionalism: 70 }, passMark: 95 },
    });
    expect(normal.score.dimensions).toEqual(custom.score.dimensions);
    const d = custom.score.dimensions;
    expect(custom.score.overall).toBe(
      Math.round((d.laer * 10 + d.reflectiveListening * 10 + d.promises * 10 + d.professionalism * 70) / 100),
    );
    expect(normal.passed).toBe(true);
    expect(custom.passed).toBe(false);
    expect(custom.passMark).toBe(95);
  });

  it("a short call that ends badly does not outscore a long call that ends the same way", () => {
    const short = run([L], { ending: "hung-up" });
    const long = run([L, A, E, t("paraphrase"), R, t("deflect")], { ending: "hung-up" });
    expect(short.score.overall).toBeLessThan(long.score.overall);
  });
});

describe("pass/fail and critical errors", () => {
  const model = [L, A, E, { tags: ["paraphrase", "confirm"], facts: ["f1", "f2"] }, { tags: ["respond", "options", "commit", "own"] }];

  it("fails an otherwise excellent run with an overpromise, naming it", () => {
    const report = run([...model, { tags: ["overpromise"] }]);
    expect(report.score.overall).toBeGreaterThanOrEqual(60);
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
    const report = run(
      [
        { tags: ["listen"], mood: { anger: -30, trust: 20 } },
        { tags: ["blame"], mood: { anger: 100 } },
      ],
      {
        mood: { anger: 60, trust: 40 },
        ending: "hung-up",
      },
    );
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
    expect(report.score.dimensions.laer).toBe(P("listened-first") + P("acknowledged-feelings"));
  });

  it("names the missed opportunities with the points they were worth", () => {
    const report = run([{ tags: ["paraphrase"], facts: ["f1"] }, R]);
    expect(report.findings.map((f) => [f.rule, f.missed])).toEqual([
      ["never-listened", P("listened-first")],
      ["never-acknowledged", P("acknowledged-feelings")],
      ["never-explored", P("explored-problem")],
      ["no-next-step", P("owned-next-step")],
      ["facts-missed", 20],
      ["summary-unconfirmed", 20],
      ["no-commitment", P("realistic-commitment")],
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
