import type { Choice, Scenario, ScenarioNode } from "../scenario/model";
import type { EndingKind } from "../scenario/schema";
import { SOLUTION_TAGS, type Tag } from "../scenario/tags";
import { BASE, CALM_REPLY_CAP, DIMENSION_LABELS, DIMENSIONS, FINDINGS, RULES, type Dimension, type FindingId, type RuleId } from "./rules";

/**
 * The scorer is a fold over turns: `scoreTurn` moves a small state forward and says
 * which rules fired; `finalScore` turns the state into the four dimensions. Keeping the
 * state small and plain lets the analysis memoise on it (see analysis/search.ts).
 */
export interface ScoreState {
  /** Running points per dimension, in DIMENSIONS order, starting from BASE. */
  points: [number, number, number, number];
  /** Points gained so far per dimension (capped at 100 − BASE). */
  gains: [number, number, number, number];
  flags: number;
  /** Consecutive turns that only acknowledged or offered stock sympathy (capped at 2: that is all the rule needs). */
  ackStreak: number;
  /** Bit i set: key fact i has been covered by a paraphrase. */
  covered: number;
  /** Order in which Listen, Acknowledge, Explore first happened before the next step. */
  stages: string;
  /** Bit 0: overpromise; bit 1: hostility; bit 2: ended the call on a customer who was not abusive. */
  critical: number;
  /** Stock-sympathy lines so far (capped at 2). */
  stock: number;
  /** Points `calm-reply` has added so far (capped at CALM_REPLY_CAP). */
  calm: number;
}

const F = {
  LISTEN: 1,
  ACK: 2,
  EXPLORE: 4,
  /** A real next step: a solution offered after acknowledging and exploring. */
  RESPONDED: 8,
  /** Any solution offered, premature or not. */
  SOLVED: 16,
  OPTIONS: 32,
  PARAPHRASED: 64,
  PARAPHRASED_BEFORE: 128,
  CONFIRMED: 256,
  COMMITTED: 512,
  OWNED: 1024,
  BOUNDARY: 2048,
  /** A solution came before acknowledging and exploring. */
  TOO_SOON: 4096,
  /** Promises: a concrete next step was stated. */
  STEP: 8192,
  /** The latest summary missed a key fact and has not been confirmed. */
  THIN_SUMMARY: 16384,
  CORRECTED: 32768,
  /** The customer has been abusive (a node marked `abusive`). */
  ABUSED: 65536,
  WALKED_BACK: 131072,
} as const;

const CRITICAL_RULES: RuleId[] = ["overpromise", "hostility", "ended-on-customer"];

export interface Annotation {
  rule: RuleId;
  label: string;
  dimension: Dimension;
  /** Points this rule moved on its dimension (before the dimension is clamped to 0-100). */
  points: number;
  critical: boolean;
  why: string;
  /** Specifics, e.g. which fact was covered or got wrong. */
  detail?: string;
}

export interface Finding {
  rule: FindingId;
  label: string;
  dimension: Dimension;
  /** Points left on the table. */
  missed: number;
  why: string;
  detail?: string;
}

export interface Scores {
  overall: number;
  dimensions: Record<Dimension, number>;
}

export function initialScoreState(): ScoreState {
  return {
    points: [BASE.laer, BASE.reflectiveListening, BASE.promises, BASE.professionalism],
    gains: [0, 0, 0, 0],
    flags: 0,
    ackStreak: 0,
    covered: 0,
    stages: "",
    critical: 0,
    stock: 0,
    calm: 0,
  };
}

const DIM_INDEX: Record<Dimension, number> = { laer: 0, reflectiveListening: 1, promises: 2, professionalism: 3 };

/** Tag → professionalism penalty rule, applied on every use. */
const PENALTY_TAGS: [Tag, RuleId][] = [
  ["blame", "blame"],
  ["defensive", "defensiveness"],
  ["deflect", "policy-deflection"],
  ["calm-down", "told-to-calm-down"],
  ["jargon", "jargon"],
  ["sales-pitch", "sales-pitch"],
  ["hostile", "hostility"],
];

/** Replies that shut the customer down: they cost the LAER flow as well as professionalism. */
const SHUTS_DOWN: Tag[] = ["blame", "defensive", "deflect", "calm-down", "hostile"];

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

export function scoreTurn(
  scenario: Scenario,
  prev: ScoreState,
  choice: Choice,
  annotate = true,
  /** The node the choice led to: when it is an ending, the ending's rules apply too. */
  to?: string,
): { state: ScoreState; annotations: Annotation[] } {
  const tags = choice.tags;
  const has = (t: Tag) => tags.includes(t);
  const points = prev.points.slice() as ScoreState["points"];
  const gains = prev.gains.slice() as ScoreState["gains"];
  let flags = prev.flags;
  let covered = prev.covered;
  let stages = prev.stages;
  let critical = prev.critical;
  const annotations: Annotation[] = [];

  const apply = (rule: RuleId, full: number = RULES[rule].points, detail?: string) => {
    const info = RULES[rule];
    const d = DIM_INDEX[info.dimension];
    let amount = full;
    if (amount > 0) {
      amount = Math.min(amount, 100 - BASE[info.dimension] - gains[d]!);
      gains[d]! += amount;
    } else {
      // A dimension never goes below 0, so a slip is never a debt that later recovery must repay first.
      amount = Math.max(amount, -points[d]!) + 0; // + 0: never a negative zero
    }
    points[d]! += amount;
    if (annotate) {
      annotations.push({
        rule,
        label: info.label,
        dimension: info.dimension,
        points: round1(amount),
        critical: "critical" in info,
        why: info.why,
        ...(detail
          ? { detail }
          : amount !== full
            ? {
                detail:
                  full > 0
                    ? `Already at the top of ${DIMENSION_LABELS[info.dimension]}.`
                    : `${DIMENSION_LABELS[info.dimension]} was already at 0.`,
              }
            : {}),
      });
    }
  };

  const isSolution = SOLUTION_TAGS.some(has);
  if (nodeOfChoice(scenario, choice.id)?.abusive) flags |= F.ABUSED;
  // A fix offered before acknowledging and exploring is "too soon"; the stages done after it, before
  // a real next step, count as a recovery. After a real next step, the stages earn nothing more.
  const beforeAnySolution = !(flags & F.SOLVED);
  const recovering = (flags & F.TOO_SOON) !== 0 && !(flags & F.RESPONDED);

  // LAER flow
  if (has("interrupt")) apply("interrupting");
  if (SHUTS_DOWN.some(has)) apply("shut-the-customer-down");
  if ((has("vague-promise") || has("overpromise")) && flags & F.RESPONDED) apply("undercut-the-next-step");
  const stage = (tag: Tag, bit: number, letter: string, first: RuleId, recovered: RuleId) => {
    if (!has(tag) || flags & bit) return;
    if (beforeAnySolution) apply(first);
    else if (recovering) apply(recovered);
    else return;
    flags |= bit;
    stages += letter;
  };
  stage("listen", F.LISTEN, "L", "listened-first", "listened-after-fix");
  const sympathyOnly =
    (has("acknowledge") || has("corporate-apology")) && !has("explore") && !has("paraphrase") && !has("listen") && !isSolution;
  if (sympathyOnly && prev.ackStreak >= 2) apply("acknowledge-loop");
  const ackStreak = sympathyOnly ? Math.min(prev.ackStreak + 1, 2) : 0;
  stage("acknowledge", F.ACK, "A", "acknowledged-feelings", "acknowledged-after-fix");
  stage("explore", F.EXPLORE, "E", "explored-problem", "explored-after-fix");

  // Reflective listening: a summary counts as "before solving" until a real next step (a premature
  // fix the agent then walked back does not make it late). Only a summary the customer can agree
  // with counts in full: a new summary after one that missed a fact means the first needed correcting.
  if (has("paraphrase")) {
    const before = !(flags & F.RESPONDED) && (beforeAnySolution || recovering);
    if (!(flags & F.PARAPHRASED)) {
      flags |= F.PARAPHRASED;
      if (before) flags |= F.PARAPHRASED_BEFORE;
      apply(before ? "paraphrase-before-solution" : "paraphrase-after-solution");
    } else if (flags & F.THIN_SUMMARY && !(flags & F.CORRECTED)) {
      flags |= F.CORRECTED;
      apply("summary-corrected");
    }
    const perFact = (flags & F.PARAPHRASED_BEFORE ? 40 : 20) / scenario.facts.length;
    for (const factId of choice.facts) {
      const i = factIndex(scenario, factId);
      if (i < 0 || covered & (1 << i)) continue;
      covered |= 1 << i;
      apply("fact-covered", perFact, scenario.facts[i]!.text);
    }
    for (const factId of choice.wrongFacts) {
      const i = factIndex(scenario, factId);
      apply("wrong-fact", RULES["wrong-fact"].points, i >= 0 ? scenario.facts[i]!.text : factId);
    }
    const thin = choice.facts.length < scenario.facts.length || choice.wrongFacts.length > 0;
    flags = thin && !has("confirm") ? flags | F.THIN_SUMMARY : flags & ~F.THIN_SUMMARY;
  }
  if (has("confirm") && flags & F.PARAPHRASED && !(flags & F.CONFIRMED)) {
    flags |= F.CONFIRMED;
    flags &= ~F.THIN_SUMMARY;
    apply("summary-confirmed", flags & F.PARAPHRASED_BEFORE ? 20 : 10);
  }

  const nextStep = has("respond") || has("commit") || has("options");
  if (isSolution) {
    const understood = (flags & F.ACK) !== 0 && (flags & F.EXPLORE) !== 0;
    if (!understood && !(flags & F.RESPONDED)) {
      if (!(flags & F.TOO_SOON)) {
        const missing = [!(flags & F.ACK) && "acknowledging", !(flags & F.EXPLORE) && "exploring"].filter(Boolean).join(" or ");
        apply("solving-too-soon", RULES["solving-too-soon"].points, `Solved without ${missing} first.`);
      }
      flags |= F.TOO_SOON;
    } else if (nextStep && !(flags & F.RESPONDED)) {
      flags |= F.RESPONDED;
      apply("owned-next-step");
      if (stages === "LAE") apply("laer-in-order");
    }
    flags |= F.SOLVED;
  }
  if (has("options") && flags & F.RESPONDED && !(flags & F.OPTIONS)) {
    flags |= F.OPTIONS;
    apply("offered-options");
  }

  // Promises: earned by what the customer is left holding.
  if ((has("respond") || has("options")) && !(flags & F.STEP)) {
    flags |= F.STEP;
    apply("next-step-without-time");
  }
  if (has("commit") && !(flags & F.COMMITTED)) {
    flags |= F.COMMITTED | F.STEP;
    // An overpromise earlier in the call: the customer now has two stories and trusts this one less.
    apply(critical & 1 ? "commitment-after-overpromise" : "realistic-commitment");
  }
  if (has("walk-back") && critical & 1 && !(flags & F.WALKED_BACK)) {
    flags |= F.WALKED_BACK;
    apply("walked-back-overpromise");
  }
  if (has("vague-promise")) apply("vague-promise");
  if (has("overpromise")) {
    critical |= 1;
    apply("overpromise");
    apply("false-reassurance");
  }

  // Professionalism: earned reply by reply.
  const unprofessional = PENALTY_TAGS.some(([tag]) => has(tag)) || has("corporate-apology") || has("interrupt");
  if (!unprofessional && !has("end-call") && prev.calm < CALM_REPLY_CAP)
    apply("calm-reply", Math.min(RULES["calm-reply"].points, CALM_REPLY_CAP - prev.calm));
  const calm = !unprofessional && !has("end-call") ? Math.min(prev.calm + RULES["calm-reply"].points, CALM_REPLY_CAP) : prev.calm;
  if (has("own") && !(flags & F.OWNED)) {
    flags |= F.OWNED;
    apply("ownership");
  }
  if (has("end-call")) {
    // Ending a call is only legitimate with an abusive caller, and then after a warning.
    if (!(flags & F.ABUSED)) {
      critical |= 4;
      apply("ended-on-customer");
    } else if (!(prev.flags & F.BOUNDARY)) apply("ended-without-warning");
  }
  if (has("boundary") && !(flags & F.BOUNDARY)) {
    flags |= F.BOUNDARY;
    apply("respectful-boundary");
  }
  let stock = prev.stock;
  if (has("corporate-apology")) {
    apply(stock > 0 ? "repeated-stock-sympathy" : "corporate-apology");
    stock = Math.min(stock + 1, 2);
  }
  for (const [tag, rule] of PENALTY_TAGS) {
    if (has(tag)) {
      if (rule === "hostility") critical |= 2;
      apply(rule);
    }
  }

  const ending = to === undefined ? undefined : scenario.nodes[to]?.ending?.kind;
  if (ending === "hung-up") {
    apply("customer-hung-up");
    apply("lost-the-customer");
  } else if (ending === "escalated") apply("call-escalated");

  return { state: { points, gains, flags, ackStreak, covered, stages, critical, stock, calm }, annotations };
}
const nodeOfChoiceCache = new WeakMap<Scenario, Map<string, ScenarioNode>>();
/** The node a choice is offered at (choice ids are unique in a scenario). */
function nodeOfChoice(scenario: Scenario, choiceId: string): ScenarioNode | undefined {
  let index = nodeOfChoiceCache.get(scenario);
  if (!index) {
    index = new Map();
    for (const id of scenario.nodeIds) for (const c of scenario.nodes[id]!.choices) index.set(c.id, scenario.nodes[id]!);
    nodeOfChoiceCache.set(scenario, index);
  }
  return index.get(choiceId);
}

const factIndexCache = new WeakMap<Scenario, Map<string, number>>();
function factIndex(scenario: Scenario, factId: string): number {
  let index = factIndexCache.get(scenario);
  if (!index) {
    index = new Map(scenario.facts.map((f, i) => [f.id, i]));
    factIndexCache.set(scenario, index);
  }
  return index.get(factId) ?? -1;
}

function clamp100(n: number): number {
  return n < 0 ? 0 : n > 100 ? 100 : n;
}

export function finalScores(scenario: Scenario, state: ScoreState): Scores {
  const d = state.points.map((p) => Math.round(clamp100(p)));
  const dimensions = { laer: d[0]!, reflectiveListening: d[1]!, promises: d[2]!, professionalism: d[3]! };
  const w = scenario.weights;
  const overall = Math.round(
    (dimensions.laer * w.laer +
      dimensions.reflectiveListening * w.reflectiveListening +
      dimensions.promises * w.promises +
      dimensions.professionalism * w.professionalism) /
      100,
  );
  return { overall, dimensions };
}

export function criticalRules(state: ScoreState): RuleId[] {
  return CRITICAL_RULES.filter((_, i) => state.critical & (1 << i));
}

export function passed(scenario: Scenario, state: ScoreState, scores: Scores = finalScores(scenario, state)): boolean {
  return state.critical === 0 && scores.overall >= scenario.passMark;
}

/** Opportunities the run missed, with the points each would have earned. */
export function findings(scenario: Scenario, state: ScoreState): Finding[] {
  const out: Finding[] = [];
  const add = (rule: FindingId, missed: number, detail?: string) => {
    const info = FINDINGS[rule];
    out.push({ rule, label: info.label, dimension: info.dimension, missed: round1(missed), why: info.why, ...(detail ? { detail } : {}) });
  };
  const f = state.flags;
  if (!(f & F.LISTEN)) add("never-listened", RULES["listened-first"].points);
  if (!(f & F.ACK)) add("never-acknowledged", RULES["acknowledged-feelings"].points);
  if (!(f & F.EXPLORE)) add("never-explored", RULES["explored-problem"].points);
  if (!(f & F.RESPONDED)) add("no-next-step", RULES["owned-next-step"].points);
  if (!(f & F.PARAPHRASED)) {
    add("no-paraphrase", 100);
  } else {
    const missing = scenario.facts.filter((_, i) => !(state.covered & (1 << i)));
    if (missing.length) {
      const perFact = (f & F.PARAPHRASED_BEFORE ? 40 : 20) / scenario.facts.length;
      add("facts-missed", perFact * missing.length, missing.map((m) => m.text).join("; "));
    }
    if (!(f & F.CONFIRMED)) add("summary-unconfirmed", f & F.PARAPHRASED_BEFORE ? 20 : 10);
  }
  if (!(f & F.COMMITTED)) add("no-commitment", RULES["realistic-commitment"].points);
  return out;
}

/**
 * The most points each dimension (DIMENSIONS order) can still gain in the rest of a call, whatever
 * is chosen: every reward not yet earned that a later turn could still earn, by the rules above
 * (the LAER stages only before a solution or while recovering from a premature one; the higher
 * summary rewards only before a real next step; calm replies up to CALM_REPLY_CAP; walking back an
 * overpromise only after one, which costs more than it gives back unless the dimension is near 0),
 * capped by what the dimension may still gain. Never below what a call gains from here
 * (property-tested in lib/properties.test.ts): the analysis prunes with it.
 */
export function gainCeiling(scenario: Scenario, s: ScoreState, ahead: Ahead = everything(scenario)): [number, number, number, number] {
  const f = s.flags;
  // A reward is out of reach once earned, and when no choice still reachable carries its tag.
  const offered = ahead.tags;
  const unless = (flag: number, points: number, tag?: Tag) => (f & flag || (tag && !offered.has(tag)) ? 0 : points);
  const solved = (f & F.SOLVED) !== 0;
  const responded = (f & F.RESPONDED) !== 0;
  // A stage earns points before any solution, or while recovering from a premature one (and a
  // first solution that was not premature means the agent had understood: no recovery ever after).
  const stagesOpen = !solved || ((f & F.TOO_SOON) !== 0 && !responded);
  const laer =
    (stagesOpen
      ? unless(F.LISTEN, solved ? RULES["listened-after-fix"].points : RULES["listened-first"].points, "listen") +
        unless(F.ACK, Math.max(RULES["acknowledged-feelings"].points, RULES["acknowledged-after-fix"].points), "acknowledge") +
        unless(F.EXPLORE, Math.max(RULES["explored-problem"].points, RULES["explored-after-fix"].points), "explore")
      : 0) +
    (responded ? 0 : RULES["owned-next-step"].points + ("LAE".startsWith(s.stages) ? RULES["laer-in-order"].points : 0)) +
    unless(F.OPTIONS, RULES["offered-options"].points, "options");

  // A summary counts in full while no real next step has been made (and no solution, bar a premature one).
  const before = f & F.PARAPHRASED ? (f & F.PARAPHRASED_BEFORE) !== 0 : !responded && stagesOpen;
  let uncovered = 0;
  for (let i = 0; i < scenario.facts.length; i++) if (!(s.covered & (1 << i))) uncovered++;
  const reflective =
    unless(F.PARAPHRASED, before ? RULES["paraphrase-before-solution"].points : RULES["paraphrase-after-solution"].points, "paraphrase") +
    // (+ a hair: a run adds the per-fact points one by one, in floating point)
    (uncovered && offered.has("paraphrase") ? ((before ? 40 : 20) * uncovered) / scenario.facts.length + 1e-9 : 0) +
    unless(F.CONFIRMED, before ? 20 : 10, "confirm");

  const step = unless(F.STEP, RULES["next-step-without-time"].points);
  const walkBack = unless(F.WALKED_BACK, RULES["walked-back-overpromise"].points, "walk-back");
  const afterOverpromise = step + unless(F.COMMITTED, RULES["commitment-after-overpromise"].points, "commit") + walkBack;
  // Not overpromised yet: a walk-back needs an overpromise first (RULES.overpromise: -70), so the
  // dimension ends at most where it would without one, or, if that penalty only takes it to 0, at
  // what can be earned after it.
  const promises =
    s.critical & 1
      ? afterOverpromise
      : Math.max(step + unless(F.COMMITTED, RULES["realistic-commitment"].points, "commit"), afterOverpromise - Math.max(0, s.points[2]));

  const professionalism =
    Math.max(0, CALM_REPLY_CAP - s.calm) +
    unless(F.OWNED, RULES.ownership.points, "own") +
    unless(F.BOUNDARY, RULES["respectful-boundary"].points, "boundary");
  const room = (d: number) => 100 - BASE[DIMENSIONS[d]!] - s.gains[d]!;
  return [Math.min(laer, room(0)), Math.min(reflective, room(1)), Math.min(promises, room(2)), Math.min(professionalism, room(3))];
}

/**
 * The most points each dimension can still lose in the rest of a call: Infinity where a penalty
 * that can be repeated is still within reach (a choice still reachable carries its tag), else the
 * one-off penalties still possible. Never below what a call loses from here (property-tested).
 */
export function lossCeiling(s: ScoreState, ahead: Ahead): [number, number, number, number] {
  const f = s.flags;
  const has = (tag: Tag) => ahead.tags.has(tag);
  const solution = SOLUTION_TAGS.some(has);
  const hungUp = ahead.endings.has("hung-up");
  const laer =
    has("interrupt") || SHUTS_DOWN.some(has) || has("acknowledge") || has("corporate-apology") || has("vague-promise") || has("overpromise")
      ? Infinity
      : (solution && !(f & (F.TOO_SOON | F.RESPONDED)) ? -RULES["solving-too-soon"].points : 0) +
        (hungUp ? -RULES["customer-hung-up"].points : ahead.endings.has("escalated") ? -RULES["call-escalated"].points : 0);
  const reflective = ahead.wrongFacts ? Infinity : has("paraphrase") && !(f & F.CORRECTED) ? -RULES["summary-corrected"].points : 0;
  const promises = has("vague-promise") || has("overpromise") ? Infinity : 0;
  const professionalism =
    PENALTY_TAGS.some(([tag]) => has(tag)) || has("corporate-apology") || has("end-call") || has("overpromise")
      ? Infinity
      : hungUp
        ? -RULES["lost-the-customer"].points
        : 0;
  return [laer, reflective, promises, professionalism];
}

/** What the rest of a call can still bring (see `gainCeiling` and `lossCeiling`). */
export interface Ahead {
  /** The tags of every choice still reachable. */
  tags: ReadonlySet<Tag>;
  /** Whether one of those choices gets a fact wrong. */
  wrongFacts: boolean;
  /** The kinds of ending still reachable. */
  endings: ReadonlySet<EndingKind>;
}

const everythingCache = new WeakMap<Scenario, Ahead>();
/** Everything the scenario has: what may be ahead when nothing is known about where the call is. */
function everything(scenario: Scenario): Ahead {
  let ahead = everythingCache.get(scenario);
  if (!ahead) {
    const nodes = scenario.nodeIds.map((id) => scenario.nodes[id]!);
    ahead = {
      tags: new Set(nodes.flatMap((n) => n.choices.flatMap((c) => c.tags))),
      wrongFacts: nodes.some((n) => n.choices.some((c) => c.wrongFacts.length > 0)),
      endings: new Set(nodes.flatMap((n) => (n.ending ? [n.ending.kind] : []))),
    };
    everythingCache.set(scenario, ahead);
  }
  return ahead;
}

/** A compact, exact key of everything later scoring can depend on. */
export function scoreStateKey(s: ScoreState): string {
  return `${s.points[0]},${s.points[1]},${s.points[2]},${s.points[3]},${s.gains[0]},${s.gains[1]},${s.gains[2]},${s.gains[3]},${s.flags},${s.ackStreak},${s.covered},${s.stages},${s.critical},${s.stock},${s.calm}`;
}

export { DIMENSIONS };
export type { EndingKind };
