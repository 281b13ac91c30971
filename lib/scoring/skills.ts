import type { Scenario } from "../scenario/model";
import type { Tag } from "../scenario/tags";
import { DEFAULT_PASS_MARK } from "../scenario/model";
import { DIMENSION_LABELS, DIMENSIONS, FINDINGS, lowestDimension, type Dimension } from "./rules";

/**
 * A trainee's level in each skill, the next thing to practise, and which scenario trains it
 * (decision record 0072). Pure: the pages pass in scores and compiled scenarios.
 */

/** A skill's level is the average of the trainee's last this-many finished calls (as the manager's team scorecard). */
export const RECENT_CALLS = 5;

export interface Level {
  name: string;
  /** Lowest score (inclusive) in the band. */
  min: number;
  /** What the band means, in one line. */
  meaning: string;
}

/**
 * The one home of the level bands, highest first. The line that matters is the rubric's default
 * pass mark (PRODUCT.md: pass = overall ≥ 70): at or above it a skill is passing. Above it, 85 is
 * halfway to full marks; below it, 50 means under half of the skill's points were earned.
 */
export const LEVELS: readonly Level[] = [
  { name: "Strong", min: 85, meaning: "well above the pass mark" },
  { name: "Passing", min: DEFAULT_PASS_MARK, meaning: `at or above the pass mark of ${DEFAULT_PASS_MARK}` },
  { name: "Developing", min: 50, meaning: `below the pass mark of ${DEFAULT_PASS_MARK}` },
  { name: "Starting out", min: 0, meaning: "under half of the skill's points" },
];

export function levelOf(score: number): Level {
  return LEVELS.find((l) => score >= l.min) ?? LEVELS[LEVELS.length - 1]!;
}

/**
 * One concrete thing to do for each skill, in the rubric's words (PRODUCT.md's scoring table and
 * the debrief's missed-opportunity lines in rules.ts).
 */
export const SKILL_TIPS: Record<Dimension, string> = {
  laer: "Listen, acknowledge and explore before you respond: let the customer tell the whole story, name how they feel, ask one open question, then offer an owned next step.",
  reflectiveListening: FINDINGS["no-paraphrase"].why,
  promises: `${FINDINGS["no-commitment"].why} Never guarantee what you do not control.`,
  professionalism:
    'Stay calm and own the problem in plain language: no blame, no "that\'s our policy", and never tell the customer to calm down.',
};

export interface ScoredCall extends Record<Dimension, number> {
  completedAt: Date;
}

/** A skill's level as it stood after one finished call. */
export interface LevelStep {
  at: Date;
  /** Average of the calls up to and including this one, at most RECENT_CALLS of them, rounded. */
  recent: number;
  level: Level;
}

export interface SkillProgress {
  skill: Dimension;
  /** Scores in each finished call, oldest first. */
  scores: number[];
  /** The level after each finished call, oldest first: the level over time. */
  levels: LevelStep[];
  /** Average of the last RECENT_CALLS calls, rounded. */
  recent: number;
  level: Level;
  /** The call from which the skill has been at its level without a break, and the level before (null: the same since the first call). */
  since: { at: Date; from: Level | null };
  best: number;
}

const average = (values: readonly number[]) => Math.round(values.reduce((a, b) => a + b, 0) / values.length);

/** Each skill's scores and level over the finished calls (oldest first) and its level now; empty with no calls. */
export function skillProgress(calls: readonly ScoredCall[]): SkillProgress[] {
  if (calls.length === 0) return [];
  const ordered = [...calls].sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime());
  return DIMENSIONS.map((skill) => {
    const scores = ordered.map((c) => c[skill]);
    const levels = ordered.map((c, i): LevelStep => {
      const recent = average(scores.slice(Math.max(0, i + 1 - RECENT_CALLS), i + 1));
      return { at: c.completedAt, recent, level: levelOf(recent) };
    });
    const now = levels.at(-1)!;
    let start = levels.length - 1;
    while (start > 0 && levels[start - 1]!.level === now.level) start--;
    return {
      skill,
      scores,
      levels,
      recent: now.recent,
      level: now.level,
      since: { at: levels[start]!.at, from: start > 0 ? levels[start - 1]!.level : null },
      best: Math.max(...scores),
    };
  });
}

/** Whether a level is above another (LEVELS is highest first). */
export function isHigherLevel(a: Level, b: Level): boolean {
  return LEVELS.indexOf(a) < LEVELS.indexOf(b);
}

export interface NextPractice {
  skill: Dimension;
  score: number;
  level: Level;
  tip: string;
}

/** The weakest skill by its recent average (ties to the skill listed first in the rubric), with its tip. */
export function nextToPractise(progress: readonly SkillProgress[]): NextPractice | null {
  if (progress.length === 0) return null;
  const recent = Object.fromEntries(DIMENSIONS.map((d) => [d, progress.find((p) => p.skill === d)?.recent ?? null])) as Record<
    Dimension,
    number | null
  >;
  const skill = lowestDimension(recent);
  if (!skill) return null;
  const score = recent[skill]!;
  return { skill, score, level: levelOf(score), tip: SKILL_TIPS[skill] };
}

/**
 * The skill each tag is scored on (its own rule in rules.ts: `paraphrase` → "Summarised before
 * solving", `commit` → "Realistic commitment", `blame` → "Blaming the customer"). A tag whose rule
 * also touches a second skill (blame also costs LAER flow) is listed under the skill it is about.
 * A Record over every tag: a new tag does not compile until it is placed.
 */
export const TAG_SKILL: Record<Tag, Dimension | null> = {
  listen: "laer",
  acknowledge: "laer",
  explore: "laer",
  respond: "laer",
  options: "laer",
  interrupt: "laer",
  paraphrase: "reflectiveListening",
  confirm: "reflectiveListening",
  commit: "promises",
  "vague-promise": "promises",
  overpromise: "promises",
  "walk-back": "promises",
  own: "professionalism",
  boundary: "professionalism",
  "end-call": "professionalism",
  blame: "professionalism",
  defensive: "professionalism",
  deflect: "professionalism",
  "calm-down": "professionalism",
  jargon: "professionalism",
  "corporate-apology": "professionalism",
  "sales-pitch": "professionalism",
  hostile: "professionalism",
  neutral: null,
};

export interface SkillFocus {
  /** Customer turns where the trainee chooses (nodes that are not endings and offer choices). */
  decisions: number;
  /** Per skill: decisions where at least one response offered is scored on it (right or wrong). */
  moments: Record<Dimension, number>;
}

/** How much of a scenario tests each skill, from the tags on the responses it offers. */
export function skillFocus(scenario: Scenario): SkillFocus {
  const moments = Object.fromEntries(DIMENSIONS.map((d) => [d, 0])) as Record<Dimension, number>;
  let decisions = 0;
  for (const id of scenario.nodeIds) {
    const node = scenario.nodes[id]!;
    if (node.ending || node.choices.length === 0) continue;
    decisions++;
    const skills = new Set<Dimension>();
    for (const c of node.choices)
      for (const t of c.tags) {
        const s = TAG_SKILL[t];
        if (s) skills.add(s);
      }
    for (const s of skills) moments[s]++;
  }
  return { decisions, moments };
}

/** Share of a scenario's decisions that test the skill, scaled by the weight the scenario gives it. */
export function trainingScore(focus: SkillFocus, weights: Record<Dimension, number>, skill: Dimension): number {
  if (focus.decisions === 0) return 0;
  return (focus.moments[skill] / focus.decisions) * weights[skill];
}

/** A skill's name inside a sentence: "reflective listening", but "LAER flow". */
export function skillInSentence(skill: Dimension): string {
  const label = DIMENSION_LABELS[skill];
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

const DIFFICULTY_ORDER: Record<string, number> = { easy: 0, medium: 1, hard: 2 };

export interface Candidate {
  scenarioId: string;
  title: string;
  difficulty: string;
  attempts: number;
  passed: boolean;
  focus: SkillFocus;
  weights: Record<Dimension, number>;
}

export type Recommendation =
  | { kind: "starter"; scenarioId: string; reason: string }
  | { kind: "weakest-skill"; scenarioId: string; skill: Dimension; score: number; reason: string; tip: string };

const byDifficulty = (a: Candidate, b: Candidate) =>
  (DIFFICULTY_ORDER[a.difficulty] ?? 3) - (DIFFICULTY_ORDER[b.difficulty] ?? 3) ||
  a.focus.decisions - b.focus.decisions ||
  a.title.localeCompare(b.title);

/**
 * The scenario to play next. With no finished call: the easiest (then shortest) scenario. Otherwise
 * the one that trains the weakest skill most (`trainingScore`, compared in steps of 5 points so a
 * sliver of difference does not beat an easier call), then a call not passed yet, then the easier.
 */
export function recommendScenario(candidates: readonly Candidate[], next: NextPractice | null): Recommendation | null {
  if (candidates.length === 0) return null;
  if (!next) {
    const pick = [...candidates].sort(byDifficulty)[0]!;
    return {
      kind: "starter",
      scenarioId: pick.scenarioId,
      reason: `You have no finished calls yet. Start here: it is rated ${pick.difficulty}, the easiest level in the library, and its debrief shows your level in each skill.`,
    };
  }
  const skill = next.skill;
  const scored = candidates
    .map((c) => ({ c, score: trainingScore(c.focus, c.weights, skill) }))
    .filter((x) => x.c.focus.moments[skill] > 0);
  if (scored.length === 0) return null;
  const step = (n: number) => Math.floor(n / 5);
  scored.sort((a, b) => step(b.score) - step(a.score) || Number(a.c.passed) - Number(b.c.passed) || byDifficulty(a.c, b.c));
  const pick = scored[0]!.c;
  return {
    kind: "weakest-skill",
    scenarioId: pick.scenarioId,
    skill,
    score: next.score,
    tip: next.tip,
    reason: `Your weakest skill is ${skillInSentence(skill)} (${next.score}). This call practises it: ${pick.focus.moments[skill]} of its ${pick.focus.decisions} turns test it.`,
  };
}
