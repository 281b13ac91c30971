import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../scenario/load";
import { DEFAULT_PASS_MARK, DEFAULT_WEIGHTS, type Choice, type Scenario } from "../scenario/model";
import { TAG_NAMES, type Tag } from "../scenario/tags";
import { DIMENSIONS, FINDINGS, type Dimension } from "./rules";
import { initialScoreState, scoreTurn } from "./score";
import {
  isHigherLevel,
  LEVELS,
  levelOf,
  nextToPractise,
  recommendScenario,
  RECENT_CALLS,
  SKILL_TIPS,
  skillFocus,
  skillInSentence,
  skillProgress,
  TAG_SKILL,
  type Candidate,
  type ScoredCall,
  type SkillFocus,
} from "./skills";

const call = (day: number, scores: Partial<Record<Dimension, number>> = {}): ScoredCall => ({
  completedAt: new Date(2026, 10, day),
  laer: 80,
  reflectiveListening: 80,
  promises: 80,
  professionalism: 80,
  ...scores,
});

describe("level bands", () => {
  it("cover 0–100 without gaps, highest first, with passing starting at the default pass mark", () => {
    expect(LEVELS.map((l) => l.min)).toEqual([...LEVELS.map((l) => l.min)].sort((a, b) => b - a));
    expect(LEVELS.at(-1)!.min).toBe(0);
    expect(LEVELS.find((l) => l.name === "Passing")!.min).toBe(DEFAULT_PASS_MARK);
    for (let s = 0; s <= 100; s++) expect(levelOf(s).min).toBeLessThanOrEqual(s);
  });

  it("put each score in its band at the edges", () => {
    expect(levelOf(0).name).toBe("Starting out");
    expect(levelOf(49).name).toBe("Starting out");
    expect(levelOf(50).name).toBe("Developing");
    expect(levelOf(69).name).toBe("Developing");
    expect(levelOf(70).name).toBe("Passing");
    expect(levelOf(84).name).toBe("Passing");
    expect(levelOf(85).name).toBe("Strong");
    expect(levelOf(100).name).toBe("Strong");
  });
});

describe("skillProgress", () => {
  it("is empty with no finished call", () => {
    expect(skillProgress([])).toEqual([]);
    expect(nextToPractise([])).toBeNull();
  });

  it("lists each skill's scores oldest first and levels it on the average of the recent calls", () => {
    const calls = [call(3, { promises: 60 }), call(1, { promises: 0 }), call(2, { promises: 30 })];
    const promises = skillProgress(calls).find((p) => p.skill === "promises")!;
    expect(promises.scores).toEqual([0, 30, 60]);
    expect(promises.recent).toBe(30);
    expect(promises.level.name).toBe("Starting out");
    expect(promises.best).toBe(60);
  });

  it(`counts only the last ${RECENT_CALLS} calls in the level`, () => {
    const calls = [call(1, { laer: 0 }), ...Array.from({ length: RECENT_CALLS }, (_, i) => call(i + 2, { laer: 90 }))];
    const laer = skillProgress(calls).find((p) => p.skill === "laer")!;
    expect(laer.scores).toHaveLength(RECENT_CALLS + 1);
    expect(laer.recent).toBe(90);
    expect(laer.level.name).toBe("Strong");
  });
});

describe("the level over time", () => {
  it("levels each call on the average of the calls up to it, and says since when the level holds and what it was before", () => {
    // Reflective listening: 40, 60, 80, 90 → running averages 40, 50, 60, 68 (Developing from the 2nd call), then 74 (Passing).
    const calls = [40, 60, 80, 90, 100].map((score, i) => call(i + 1, { reflectiveListening: score }));
    const listening = skillProgress(calls).find((p) => p.skill === "reflectiveListening")!;
    expect(listening.levels.map((l) => l.recent)).toEqual([40, 50, 60, 68, 74]);
    expect(listening.levels.map((l) => l.level.name)).toEqual(["Starting out", "Developing", "Developing", "Developing", "Passing"]);
    expect(listening.levels.map((l) => l.at)).toEqual(calls.map((c) => c.completedAt));
    expect(listening.since).toEqual({ at: calls[4]!.completedAt, from: levelOf(68) });
    // A skill that never changed band has held it since the first call.
    const laer = skillProgress(calls).find((p) => p.skill === "laer")!;
    expect(laer.since).toEqual({ at: calls[0]!.completedAt, from: null });
  });

  it(`windows the running average to the last ${RECENT_CALLS} calls, so a level can fall back`, () => {
    const scores = [90, 90, 90, 90, 90, 40, 40, 40];
    const calls = scores.map((score, i) => call(i + 1, { promises: score }));
    const promises = skillProgress(calls).find((p) => p.skill === "promises")!;
    expect(promises.levels.map((l) => l.recent)).toEqual([90, 90, 90, 90, 90, 80, 70, 60]);
    expect(promises.level.name).toBe("Developing");
    expect(promises.since).toEqual({ at: calls[7]!.completedAt, from: levelOf(70) });
    expect(isHigherLevel(promises.since.from!, promises.level)).toBe(true);
    expect(isHigherLevel(promises.level, promises.since.from!)).toBe(false);
  });

  it("ends, for any scores, on the level and average that the recent calls give", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 20 }), (scores) => {
        const p = skillProgress(scores.map((score, i) => call(i + 1, { laer: score }))).find((x) => x.skill === "laer")!;
        expect(p.levels).toHaveLength(scores.length);
        expect(p.levels.at(-1)!.recent).toBe(p.recent);
        expect(p.levels.at(-1)!.level).toBe(p.level);
        // Every step from `since` on is at the current level, and the one before it (if any) is not.
        const from = p.levels.findIndex((l) => l.at === p.since.at);
        expect(p.levels.slice(from).every((l) => l.level === p.level)).toBe(true);
        expect(from === 0 ? null : p.levels[from - 1]!.level).toBe(p.since.from);
        if (p.since.from) expect(p.since.from).not.toBe(p.level);
      }),
    );
  });
});

describe("nextToPractise", () => {
  it("names the skill with the lowest recent average, with its tip", () => {
    // Latest call's weakest is promises, but over the recent calls reflective listening is lower.
    const next = nextToPractise(skillProgress([call(1, { reflectiveListening: 20 }), call(2, { reflectiveListening: 40, promises: 50 })]))!;
    expect(next.skill).toBe("reflectiveListening");
    expect(next.score).toBe(30);
    expect(next.level.name).toBe("Starting out");
    expect(next.tip).toBe(FINDINGS["no-paraphrase"].why);
  });

  it("breaks a tie with the rubric's order", () => {
    expect(nextToPractise(skillProgress([call(1, { promises: 40, professionalism: 40 })]))!.skill).toBe("promises");
  });

  it("has a tip for every skill, each a sentence", () => {
    for (const d of DIMENSIONS) expect(SKILL_TIPS[d]).toMatch(/^[A-Z].*\.$/);
  });
});

/** A one-node scenario offering one response per tag (ids are the tags), with one key fact. */
function probeScenario(): Scenario {
  const choices: Choice[] = TAG_NAMES.map((t) => ({
    id: t,
    text: t,
    tags: [t],
    facts: t === "paraphrase" ? ["f"] : [],
    wrongFacts: [],
    effect: { anger: 0, trust: 0 },
    branches: [{ to: "start" }],
  }));
  return {
    id: "probe",
    title: "Probe",
    version: 1,
    difficulty: "easy",
    brief: "",
    persona: { name: "P", description: "" },
    mood: { anger: 50, trust: 50 },
    facts: [{ id: "f", text: "the fact" }],
    weights: DEFAULT_WEIGHTS,
    passMark: DEFAULT_PASS_MARK,
    start: "start",
    nodeIds: ["start"],
    nodes: { start: { id: "start", lines: [{ text: "Hello" }], choices } },
  };
}

describe("TAG_SKILL", () => {
  // What must come first for the tag's rule to apply (a penalty needs points to take).
  const PREFIX: Partial<Record<Tag, Tag[]>> = {
    confirm: ["paraphrase"],
    "walk-back": ["overpromise"],
    "vague-promise": ["commit"],
    overpromise: ["commit"],
    interrupt: ["listen"],
    respond: ["listen"],
    options: ["listen"],
  };

  it("places each tag under a skill the scorer really moves when that tag is played", () => {
    const s = probeScenario();
    const byId = new Map(s.nodes.start!.choices.map((c) => [c.id, c]));
    for (const tag of TAG_NAMES) {
      const skill = TAG_SKILL[tag];
      let state = initialScoreState();
      for (const before of PREFIX[tag] ?? []) state = scoreTurn(s, state, byId.get(before)!).state;
      const moved = scoreTurn(s, state, byId.get(tag)!)
        .annotations.filter((a) => a.rule !== "calm-reply" && a.points !== 0)
        .map((a) => a.dimension);
      if (skill === null) expect(moved, tag).toEqual([]);
      else expect(moved, tag).toContain(skill);
    }
  });
});

describe("skillFocus", () => {
  it("counts, per skill, the decisions where a response is scored on it", () => {
    const s = probeScenario();
    s.nodeIds.push("second", "end");
    s.nodes.second = {
      id: "second",
      lines: [{ text: "And?" }],
      choices: [
        { ...s.nodes.start!.choices.find((c) => c.id === "paraphrase")!, id: "p2", tags: ["paraphrase", "confirm"] },
        { ...s.nodes.start!.choices.find((c) => c.id === "neutral")!, id: "n2" },
      ],
    };
    s.nodes.end = { id: "end", lines: [{ text: "Bye" }], choices: [], ending: { kind: "resolved" } };
    const focus = skillFocus(s);
    expect(focus.decisions).toBe(2);
    expect(focus.moments).toEqual({ laer: 1, reflectiveListening: 2, promises: 1, professionalism: 1 });
  });

  it("finds every skill tested in each built-in scenario", () => {
    for (const f of readdirSync("scenarios").filter((x) => x.endsWith(".yaml"))) {
      const r = loadScenario(readFileSync(`scenarios/${f}`), f);
      if (!r.ok) throw new Error(`${f} does not load`);
      const focus = skillFocus(r.scenario);
      expect(focus.decisions, f).toBeGreaterThan(0);
      for (const d of DIMENSIONS) expect(focus.moments[d], `${f} ${d}`).toBeGreaterThan(0);
    }
  });
});

describe("recommendScenario", () => {
  const focus = (decisions: number, moments: Partial<Record<Dimension, number>>): SkillFocus => ({
    decisions,
    moments: { laer: 0, reflectiveListening: 0, promises: 0, professionalism: 0, ...moments },
  });
  const candidate = (id: string, difficulty: string, f: SkillFocus, more: Partial<Candidate> = {}): Candidate => ({
    scenarioId: id,
    title: id,
    difficulty,
    attempts: 0,
    passed: false,
    focus: f,
    weights: DEFAULT_WEIGHTS,
    ...more,
  });
  const weakListening = nextToPractise(skillProgress([call(1, { reflectiveListening: 58 })]));

  it("with no finished call, recommends the easiest, then shortest, scenario and says why", () => {
    const r = recommendScenario(
      [
        candidate("long-easy", "easy", focus(30, {})),
        candidate("hard", "hard", focus(5, {})),
        candidate("short-easy", "easy", focus(10, {})),
      ],
      null,
    )!;
    expect(r.kind).toBe("starter");
    expect(r.scenarioId).toBe("short-easy");
    expect(r.reason).toContain("no finished calls yet");
    expect(r.reason).toContain("rated easy");
  });

  it("recommends the scenario that tests the weakest skill most, with the reason and score", () => {
    const r = recommendScenario(
      [
        candidate("little", "easy", focus(20, { reflectiveListening: 2, laer: 20 })),
        candidate("lots", "medium", focus(20, { reflectiveListening: 10, laer: 5 })),
      ],
      weakListening,
    )!;
    expect(r).toMatchObject({ kind: "weakest-skill", scenarioId: "lots", skill: "reflectiveListening", score: 58 });
    expect(r.reason).toBe("Your weakest skill is reflective listening (58). This call practises it: 10 of its 20 turns test it.");
  });

  it("counts the scenario's weight for the skill", () => {
    const heavy = { ...DEFAULT_WEIGHTS, reflectiveListening: 60, laer: 10, promises: 15, professionalism: 15 };
    const r = recommendScenario(
      [
        candidate("default", "easy", focus(10, { reflectiveListening: 5 })),
        candidate("heavy", "easy", focus(10, { reflectiveListening: 4 }), { weights: heavy }),
      ],
      weakListening,
    )!;
    expect(r.scenarioId).toBe("heavy");
  });

  it("between calls that test the skill about as much, prefers one not passed yet, then the easier", () => {
    const same = focus(20, { reflectiveListening: 8 });
    const close = focus(20, { reflectiveListening: 9 });
    expect(
      recommendScenario(
        [candidate("passed", "easy", close, { passed: true, attempts: 2 }), candidate("open", "hard", same)],
        weakListening,
      )!.scenarioId,
    ).toBe("open");
    expect(recommendScenario([candidate("hard", "hard", close), candidate("easy", "easy", same)], weakListening)!.scenarioId).toBe("easy");
  });

  it("recommends nothing when no scenario tests the skill, or there is none", () => {
    expect(recommendScenario([candidate("x", "easy", focus(5, { laer: 5 }))], weakListening)).toBeNull();
    expect(recommendScenario([], null)).toBeNull();
  });

  it("keeps LAER's capitals inside a sentence", () => {
    expect(skillInSentence("laer")).toBe("LAER flow");
    expect(skillInSentence("promises")).toBe("promises");
  });
});
