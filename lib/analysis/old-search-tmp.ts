import { isRefusal, step } from "../customer/step";
import type { Mood } from "../scenario/condition";
import type { Scenario } from "../scenario/model";
import { finalScores, initialScoreState, passed, scoreStateKey, scoreTurn, type ScoreState } from "../scoring/score";

/** Paths longer than this are not followed: a call of 40 turns is a loop, not a conversation. */
export const MAX_TURNS = 40;
/** Distinct states the search may visit before it gives up and reports a partial result. */
export const MAX_STATES = 400_000;

export interface Summary {
  /** Best and worst overall score over the complete paths from here. */
  max: number;
  min: number;
  best: string | null;
  worst: string | null;
  /** Per-dimension min and max, in DIMENSIONS order. */
  dimMin: number[];
  dimMax: number[];
  /** Ending node ids reached from here. */
  endings: Set<string>;
  /** Whether any path from here passes / fails. */
  canPass: boolean;
  canFail: boolean;
  /** Choice ids used on some complete path from here. */
  choicesUsed: Set<string>;
}

/** Best scores by state key, worked out before (`Searcher.bestScores()`); a Map will do. */
export interface KnownBestScores {
  readonly size: number;
  /** undefined: not known; null: no complete path from that state within the bounds. */
  get(key: string): number | null | undefined;
}

export interface SearchState {
  node: string;
  mood: Mood;
  score: ScoreState;
  depth: number;
}

/**
 * Exhaustive search over everything a trainee can do, memoised on the exact state the
 * rest of the call depends on (node, mood, score state), so it stays small even though
 * the number of paths grows exponentially.
 */
export class Searcher {
  private memo = new Map<string, Summary | null>();
  private onStack = new Set<string>();
  private readonly known: KnownBestScores;
  private readonly maxStates: number;
  private readonly bestOnly: boolean;
  truncated = false;
  cyclesCut = 0;

  /**
   * `known`: best scores already worked out by another searcher (its `bestScores()`, e.g. stored
   * with the scenario version), taken as if this searcher had visited those states itself. A
   * state found there gives only its `max`, which is all `bestAfter` (the debrief) reads; a
   * searcher built on `known` is not for `path` or the analysis. `bestOnly`: work out only
   * each state's `max` (the same states, in the same order, with the same results), in a
   * fraction of the memory and time; for the debrief, not for `path` or the analysis either.
   * `maxStates` is MAX_STATES unless a test needs a smaller cap.
   */
  constructor(
    readonly scenario: Scenario,
    options: { known?: KnownBestScores; maxStates?: number; bestOnly?: boolean } = {},
  ) {
    this.known = options.known ?? new Map();
    this.maxStates = options.maxStates ?? MAX_STATES;
    this.bestOnly = options.bestOnly ?? false;
  }

  get statesVisited(): number {
    return this.memo.size + this.known.size;
  }

  /**
   * The best overall score from every state this searcher settled itself (null: no complete path
   * from there within the bounds), in the order it settled them: what a later searcher takes as
   * `known`.
   */
  bestScores(): [string, number | null][] {
    const out: [string, number | null][] = [];
    for (const [key, summary] of this.memo) out.push([key, summary ? summary.max : null]);
    return out;
  }

  initial(): SearchState {
    return { node: this.scenario.start, mood: { ...this.scenario.mood }, score: initialScoreState(), depth: 0 };
  }

  step(state: SearchState, choiceId: string): SearchState | null {
    const played = step(this.scenario, state, choiceId);
    if (isRefusal(played)) return null;
    return {
      node: played.node,
      mood: played.mood,
      score: scoreTurn(this.scenario, state.score, played.choice, false, played.node).state,
      depth: state.depth + 1,
    };
  }

  key(state: SearchState): string {
    // At an ending the mood no longer matters to the score.
    if (this.scenario.nodes[state.node]!.ending) return `${state.node}|${scoreStateKey(state.score)}`;
    return `${state.node}|${state.mood.anger}|${state.mood.trust}|${scoreStateKey(state.score)}`;
  }

  /** Summary of every complete path from `state`, or null when none finishes within bounds. */
  summarize(state: SearchState): Summary | null {
    const key = this.key(state);
    const cached = this.memo.get(key);
    if (cached !== undefined) return cached;
    const known = this.known.get(key);
    if (known !== undefined) return known === null ? null : maxOnly(known);
    const node = this.scenario.nodes[state.node]!;

    if (node.ending) {
      const scores = finalScores(this.scenario, state.score);
      if (this.bestOnly) {
        const leaf = maxOnly(scores.overall);
        this.memo.set(key, leaf);
        return leaf;
      }
      const d = [
        scores.dimensions.laer,
        scores.dimensions.reflectiveListening,
        scores.dimensions.promises,
        scores.dimensions.professionalism,
      ];
      const pass = passed(this.scenario, state.score, scores);
      const leaf: Summary = {
        max: scores.overall,
        min: scores.overall,
        best: null,
        worst: null,
        dimMin: d,
        dimMax: d.slice(),
        endings: new Set([node.id]),
        canPass: pass,
        canFail: !pass,
        choicesUsed: new Set(),
      };
      this.memo.set(key, leaf);
      return leaf;
    }
    if (state.depth >= MAX_TURNS || this.onStack.has(key)) {
      this.cyclesCut++;
      return null;
    }
    if (this.statesVisited >= this.maxStates) {
      this.truncated = true;
      return null;
    }

    this.onStack.add(key);
    let result: Summary | null = null;
    for (const choice of node.choices) {
      const child = this.summarize(this.step(state, choice.id)!);
      if (!child) continue;
      if (this.bestOnly) {
        if (!result) result = maxOnly(child.max);
        else if (child.max > result.max) result.max = child.max;
        continue;
      }
      if (!result) {
        result = {
          max: child.max,
          min: child.min,
          best: choice.id,
          worst: choice.id,
          dimMin: child.dimMin.slice(),
          dimMax: child.dimMax.slice(),
          endings: new Set(child.endings),
          canPass: child.canPass,
          canFail: child.canFail,
          choicesUsed: new Set(child.choicesUsed),
        };
      } else {
        if (child.max > result.max) {
          result.max = child.max;
          result.best = choice.id;
        }
        if (child.min < result.min) {
          result.min = child.min;
          result.worst = choice.id;
        }
        for (let i = 0; i < 4; i++) {
          result.dimMin[i] = Math.min(result.dimMin[i]!, child.dimMin[i]!);
          result.dimMax[i] = Math.max(result.dimMax[i]!, child.dimMax[i]!);
        }
        for (const e of child.endings) result.endings.add(e);
        for (const c of child.choicesUsed) result.choicesUsed.add(c);
        result.canPass ||= child.canPass;
        result.canFail ||= child.canFail;
      }
      result.choicesUsed.add(choice.id);
    }
    this.onStack.delete(key);
    // Memoised even when a loop back to an ancestor was cut: that ancestor explores the
    // loop's other continuations itself, and the analysis is bounded by design.
    this.memo.set(key, result);
    return result;
  }

  /** Follows the best (or worst) choice from `state` to an ending. */
  path(state: SearchState, which: "best" | "worst"): string[] {
    const out: string[] = [];
    let current: SearchState | null = state;
    while (current && out.length <= MAX_TURNS) {
      const summary = this.summarize(current);
      const next = summary?.[which];
      if (!next) break;
      out.push(next);
      current = this.step(current, next);
    }
    return out;
  }

  /** The best overall score reachable after taking `choiceId` from `state`. */
  bestAfter(state: SearchState, choiceId: string): number | null {
    const next = this.step(state, choiceId);
    return next ? (this.summarize(next)?.max ?? null) : null;
  }
}

const NONE: ReadonlySet<string> = new Set();

/**
 * A state's best score and nothing else (from `known`, or in a `bestOnly` search; see the
 * Searcher's constructor). Its sets are one shared empty set: nothing adds to a child's sets.
 */
function maxOnly(max: number): Summary {
  return {
    max,
    min: max,
    best: null,
    worst: null,
    dimMin: [],
    dimMax: [],
    endings: NONE as Set<string>,
    canPass: false,
    canFail: false,
    choicesUsed: NONE as Set<string>,
  };
}

const searchers = new WeakMap<Scenario, Searcher>();

/** A shared searcher per compiled scenario, so its memo serves every later debrief. */
export function searcherFor(scenario: Scenario): Searcher {
  let searcher = searchers.get(scenario);
  if (!searcher) {
    searcher = new Searcher(scenario);
    searchers.set(scenario, searcher);
  }
  return searcher;
}
