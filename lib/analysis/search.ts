import { isRefusal, positionAfter, positionKey, startOf, step, type CallPosition } from "../customer/step";
import type { Scenario } from "../scenario/model";
import { DIMENSIONS } from "../scoring/rules";
import { gainCeiling, initialScoreState, lossCeiling, scoreStateKey, scoreTurn, type Ahead, type ScoreState } from "../scoring/score";
import { aheadOfNodes, hasLoop, turnsToAnEnding } from "./ahead";
import { explorePositions, type PositionGraph } from "./positions";

/** Bots stop a call after this many turns (the analysis itself follows calls of any length). */
export const MAX_TURNS = 40;
/** States the search may open before it gives up and reports a partial result. */
export const MAX_STATES = 400_000;

/** What a finished call from a state can come to: every figure is exact over every call from there. */
export interface Summary {
  /** Best and worst overall score over the finished calls from here. */
  max: number;
  min: number;
  /** Per-dimension min and max, in DIMENSIONS order. */
  dimMin: number[];
  dimMax: number[];
  /** Whether some call from here passes / fails. */
  canPass: boolean;
  canFail: boolean;
}

/** Best scores by state key, worked out before (`Searcher.bestScores()`); a Map will do. */
export interface KnownBestScores {
  readonly size: number;
  /** undefined: not known; null: no finished call from that state. */
  get(key: string): number | null | undefined;
}

export interface SearchState extends CallPosition {
  score: ScoreState;
  depth: number;
}

/**
 * One figure the search works out, as a value to maximise over the finished calls from a state
 * (a minimum is the maximum of its negation). `bound` never undershoots that value for any call
 * from the state, so a state whose bound is below what is already known to be reachable is not
 * searched; `guide` orders the choices so that good calls are found first (it never changes a result).
 */
interface Objective {
  leaf(m: Measure): number;
  bound(m: Measure): number;
  guide(m: Measure): number;
}

/** What every figure reads of a state, worked out once per state: its dimensions now, and the most and the least they can end at. */
interface Measure {
  now: number[];
  high: number[];
  low: number[];
  nowOverall: number;
  highOverall: number;
  lowOverall: number;
  critical: number;
  /** A critical error is still within reach (a choice that can make one is still reachable). */
  criticalAhead: boolean;
  /** How near an ending the state's node is (fewest turns, by any branch). */
  distance: number;
}

const NONE = -Infinity;

/**
 * Exact search over everything a trainee can do, including loops, on the state the rest of the
 * call depends on (the call position and the score state): a depth-first search that finds the
 * strongly connected components as it goes (Tarjan), so a loop's states get their value when the
 * whole loop is done (every state of a loop can reach every other, so they share it) and calls of
 * any length count. Each figure (`Objective`) is worked out with a bound: a state that cannot beat
 * what is already reachable is not opened, and its bound is remembered instead of its value
 * ("fail-soft"). Values are memoised per figure, exact ones and bounds apart.
 */
export class Searcher {
  private readonly exact: Map<string, number>[];
  private readonly upper: Map<string, number>[];
  /** For a state with an exact value: the choice the search reached that value through. */
  private readonly witness: Map<string, string>[];
  private readonly objectives: Objective[];
  private readonly weights: number[];
  private readonly ahead: Map<string, Ahead>;
  private readonly distance: Map<string, number>;
  /** Whether some node can be reached again from itself (see `path`). */
  private readonly loops: boolean;
  private readonly known: KnownBestScores;
  private graph: PositionGraph | undefined;
  private maxStates: number;
  private exhaustive: boolean;
  private opened = 0;
  truncated = false;

  /**
   * `known`: best scores already worked out by another searcher (its `bestScores()`, e.g. stored
   * with the scenario version), taken as exact. `bestOnly`: this searcher is only asked for best
   * scores (the debrief): kept for the callers' sake, it changes nothing. `exhaustive`: work out
   * the best score of every state reachable from the ones asked about (no bound prunes), so that
   * `bestScores()` answers any later debrief with no search. `maxStates` is MAX_STATES unless a
   * test needs a smaller cap.
   */
  constructor(
    readonly scenario: Scenario,
    options: { known?: KnownBestScores; maxStates?: number; bestOnly?: boolean; exhaustive?: boolean } = {},
  ) {
    this.known = options.known ?? new Map();
    this.maxStates = options.maxStates ?? MAX_STATES;
    this.exhaustive = options.exhaustive ?? false;
    this.objectives = objectivesFor(scenario);
    const w = scenario.weights;
    this.weights = [w.laer, w.reflectiveListening, w.promises, w.professionalism];
    this.ahead = aheadOfNodes(scenario);
    this.distance = turnsToAnEnding(scenario);
    this.loops = hasLoop(scenario);
    this.exact = this.objectives.map(() => new Map());
    this.upper = this.objectives.map(() => new Map());
    this.witness = this.objectives.map(() => new Map());
  }

  /**
   * After an `exhaustive` search that reached its `maxStates`: go on as a bounded search, up to
   * MAX_STATES, keeping every value it settled (they are exact).
   */
  relax(): void {
    this.exhaustive = false;
    this.truncated = false;
    this.maxStates = Math.max(this.maxStates, MAX_STATES);
  }

  /** States opened so far (over every figure), plus those taken from `known`. */
  get statesVisited(): number {
    return this.opened + this.known.size;
  }

  /** The exact best score of every state this searcher settled itself (null: no finished call from there), in the order settled. */
  bestScores(): [string, number | null][] {
    const out: [string, number | null][] = [];
    for (const [key, value] of this.exact[BEST]!) out.push([key, value === NONE ? null : value]);
    return out;
  }

  initial(): SearchState {
    return { ...startOf(this.scenario), score: initialScoreState(), depth: 0 };
  }

  step(state: SearchState, choiceId: string): SearchState | null {
    const played = step(this.scenario, state, choiceId);
    if (isRefusal(played)) return null;
    return {
      ...positionAfter(played),
      score: scoreTurn(this.scenario, state.score, played.choice, false, played.node).state,
      depth: state.depth + 1,
    };
  }

  key(state: SearchState): string {
    // At an ending the position no longer matters to the score.
    if (this.scenario.nodes[state.node]!.ending) return `${state.node}|${scoreStateKey(state.score)}`;
    return `${positionKey(state)}|${scoreStateKey(state.score)}`;
  }

  /** The choices a trainee can take at `state` (in the order written) and where each leads; one `step` refuses is left out. */
  private moves(state: SearchState): { choice: string; state: SearchState }[] {
    const out: { choice: string; state: SearchState }[] = [];
    for (const c of this.scenario.nodes[state.node]!.choices) {
      const next = this.step(state, c.id);
      if (next) out.push({ choice: c.id, state: next });
    }
    return out;
  }

  /** Every figure of the finished calls from `state`, or null when no call from there can finish. */
  summarize(state: SearchState): Summary | null {
    // Each figure on its own, pruned by its bound; when the bounds prune too little (a figure needs
    // more than SUMMARY_STATES states), every figure in one pass over every state instead.
    let values = OBJECTIVES.map((o) => this.value(o, state, SUMMARY_STATES));
    if (values.some((v) => v === undefined)) {
      this.settleAll(state);
      values = OBJECTIVES.map((o) => this.value(o, state));
    }
    const get = (o: number) => (values[o] === undefined ? null : values[o]!);
    const max = get(BEST);
    if (max === null) return null;
    return {
      max,
      min: -(get(WORST) ?? 0),
      dimMin: DIMENSIONS.map((_, i) => -(get(DIM_MIN + i) ?? 0)),
      dimMax: DIMENSIONS.map((_, i) => get(DIM_MAX + i) ?? 0),
      canPass: get(PASS) === 1,
      canFail: get(FAIL) === 1,
    };
  }

  /** The best overall score of a finished call from `state` (null: none can finish). */
  best(state: SearchState): number | null {
    return this.value(BEST, state) ?? null;
  }

  /** Whether some finished call from `state` passes. */
  canPass(state: SearchState): boolean {
    return this.value(PASS, state) === 1;
  }

  /** The best overall score reachable after taking `choiceId` from `state`. */
  bestAfter(state: SearchState, choiceId: string): number | null {
    const next = this.step(state, choiceId);
    return next ? (this.value(BEST, next) ?? null) : null;
  }

  /**
   * A call from `state` to an ending that scores the best (or worst) overall score. In a scenario
   * with no loop: at each turn, the first choice in the order written that can still reach that
   * score (as long as settling that takes at most PATH_CHECK_STATES states). In a scenario where a
   * call can come back to a node, "the first in the order written" can wander round every loop
   * on the way, so the path is the one the search found the score through: at each turn the choice
   * that looked most promising (the most still within reach, then the nearest ending).
   */
  path(state: SearchState, which: "best" | "worst"): string[] {
    const objective = which === "best" ? BEST : WORST;
    const target = this.value(objective, state);
    if (target === null || target === undefined) return [];
    const witness = this.witness[objective]!;
    const out: string[] = [];
    const visited = new Set<string>();
    let at = state;
    for (;;) {
      const key = this.key(at);
      visited.add(key);
      const node = this.scenario.nodes[at.node]!;
      if (node.ending) return out;
      let next: string | undefined;
      if (!this.loops) {
        for (const { choice, state: child } of this.moves(at)) {
          const reach = this.query(objective, child, this.key(child), target, PATH_CHECK_STATES);
          if (reach.exact && reach.value >= target) {
            next = choice;
            break;
          }
        }
      }
      next ??= witness.get(key);
      if (next === undefined) return out; // a search cut short (MAX_STATES): no way on is known
      const child = this.step(at, next)!;
      if (visited.has(this.key(child))) return out;
      out.push(next);
      at = child;
    }
  }

  /**
   * Which choice to search first: the objective's guide, then the one nearer an ending (so a search
   * that cannot tell them apart finishes a call before it goes round a loop). Only the order of the
   * search depends on it, never a result.
   */
  private rank(o: Objective, m: Measure): number {
    return o.guide(m) * 1024 - Math.min(1023, m.distance);
  }

  private measure(state: SearchState): Measure {
    const ahead = this.ahead.get(state.node)!;
    const s = state.score;
    const more = gainCeiling(this.scenario, s, ahead);
    const less = lossCeiling(s, ahead);
    const now = [dimension(s.points[0]), dimension(s.points[1]), dimension(s.points[2]), dimension(s.points[3])];
    const high = [
      dimension(s.points[0] + more[0]),
      dimension(s.points[1] + more[1]),
      dimension(s.points[2] + more[2]),
      dimension(s.points[3] + more[3]),
    ];
    const low = [
      dimension(s.points[0] - less[0]),
      dimension(s.points[1] - less[1]),
      dimension(s.points[2] - less[2]),
      dimension(s.points[3] - less[3]),
    ];
    const w = this.weights;
    const overall = (d: number[]) => Math.round((d[0]! * w[0]! + d[1]! * w[1]! + d[2]! * w[2]! + d[3]! * w[3]!) / 100);
    return {
      now,
      high,
      low,
      nowOverall: overall(now),
      highOverall: overall(high),
      lowOverall: overall(low),
      critical: s.critical,
      criticalAhead: ahead.tags.has("overpromise") || ahead.tags.has("hostile") || ahead.tags.has("end-call"),
      distance: this.distance.get(state.node)!,
    };
  }

  /**
   * An objective's exact value from `state` (null: no finished call), or the best found when the
   * search was cut (MAX_STATES); undefined when `budget` states were not enough to settle it.
   */
  private value(objective: number, state: SearchState, budget = Infinity): number | null | undefined {
    const key = this.key(state);
    if (!this.canEnd(state)) return null;
    const found = this.exhaustive ? NONE : this.dive(objective, state);
    const result = this.query(objective, state, key, found, budget);
    if (!result.exact && !this.truncated) return undefined;
    const value = result.exact ? result.value : found;
    return value === NONE ? null : value;
  }

  /** False when no call from the state's position can reach an ending (known only where the positions could all be enumerated). */
  private canEnd(state: SearchState): boolean {
    if (this.scenario.nodes[state.node]!.ending) return true;
    this.graph ??= explorePositions(this.scenario, SEARCH_POSITIONS);
    if (this.graph.truncated) return true;
    const at = this.graph.index.get(positionKey(state));
    return at === undefined || this.graph.canEnd[at] === 1;
  }

  /**
   * Every figure of every state reachable from `root`, in one pass with no bound (Tarjan, as
   * `query`): for when the bounds prune too little for the figures to be worth working out one by
   * one. Fills the same memos (and the best and worst ways) as `query`.
   */
  private settleAll(root: SearchState): void {
    const n = this.objectives.length;
    const order = new Map<string, number>();
    const open = new Map<string, AllFrame>();
    const frames: AllFrame[] = [];
    const component: AllFrame[] = [];
    const settled = (key: string): number[] | null => {
      if (!this.exact.every((m) => m.has(key))) return null;
      return this.exact.map((m) => m.get(key)!);
    };
    const absorb = (frame: AllFrame, values: number[], choice: string) => {
      for (let o = 0; o < n; o++) {
        if (values[o]! > frame.best[o]! || (frame.via[o] === null && values[o]! > NONE)) {
          frame.best[o] = values[o]!;
          frame.via[o] = choice;
        }
      }
    };
    const leafOrNull = (state: SearchState, key: string): number[] | null => {
      const known = settled(key);
      if (known) return known;
      if (!this.scenario.nodes[state.node]!.ending) return null;
      const m = this.measure(state);
      const values = this.objectives.map((o) => o.leaf(m));
      values.forEach((v, o) => this.exact[o]!.set(key, v));
      return values;
    };
    const push = (state: SearchState, key: string) => {
      const children = this.moves(state).map(({ choice, state: child }) => ({ choice, state: child, key: this.key(child), guide: 0 }));
      const frame: AllFrame = {
        key,
        index: order.size,
        low: order.size,
        children,
        next: 0,
        best: new Array<number>(n).fill(NONE),
        via: new Array<string | null>(n).fill(null),
        inside: [],
        pending: false,
      };
      order.set(key, frame.index);
      this.opened++;
      frames.push(frame);
      component.push(frame);
      open.set(key, frame);
    };
    if (leafOrNull(root, this.key(root))) return;
    push(root, this.key(root));
    while (frames.length) {
      const frame = frames[frames.length - 1]!;
      if (frame.pending) {
        const child = frame.children[frame.next - 1]!;
        const member = open.get(child.key);
        if (member) {
          frame.low = Math.min(frame.low, member.low);
          frame.inside.push(child);
        } else absorb(frame, settled(child.key)!, child.choice);
        frame.pending = false;
      }
      if (frame.next < frame.children.length) {
        const child = frame.children[frame.next++]!;
        const member = open.get(child.key);
        if (member) {
          frame.low = Math.min(frame.low, member.index);
          frame.inside.push(child);
          continue;
        }
        const values = leafOrNull(child.state, child.key);
        if (values) absorb(frame, values, child.choice);
        else if (this.opened >= this.maxStates) {
          this.truncated = true;
          return;
        } else {
          frame.pending = true;
          push(child.state, child.key);
        }
        continue;
      }
      frames.pop();
      if (frame.low !== frame.index) continue;
      const members: AllFrame[] = [];
      let member: AllFrame;
      do {
        member = component.pop()!;
        open.delete(member.key);
        members.push(member);
      } while (member !== frame);
      for (let o = 0; o < n; o++) {
        let best = NONE;
        for (const m of members) best = Math.max(best, m.best[o]!);
        for (const m of members) this.exact[o]!.set(m.key, best);
        if (best !== NONE) this.routeThrough(o, members, best, (m) => (m.best[o] === best ? m.via[o]! : null));
      }
    }
  }

  /**
   * Records the way to a component's value for each of its members: a member whose own way out
   * reaches it takes that; the others go round the component towards one (breadth first, backwards
   * over its inside edges).
   */
  private routeThrough<F extends { key: string; inside: Child[] }>(
    objective: number,
    members: F[],
    value: number,
    way: (member: F) => string | null,
  ): void {
    const witness = this.witness[objective]!;
    const reached = new Set<string>();
    const queue: string[] = [];
    for (const m of members) {
      const via = way(m);
      if (via !== null) {
        witness.set(m.key, via);
        reached.add(m.key);
        queue.push(m.key);
      }
    }
    if (reached.size === members.length || value === NONE) return;
    const into = new Map<string, { from: string; choice: string }[]>();
    for (const m of members) {
      for (const c of m.inside) {
        const list = into.get(c.key);
        if (list) list.push({ from: m.key, choice: c.choice });
        else into.set(c.key, [{ from: m.key, choice: c.choice }]);
      }
    }
    for (let q = 0; q < queue.length; q++) {
      for (const { from, choice } of into.get(queue[q]!) ?? []) {
        if (reached.has(from)) continue;
        reached.add(from);
        witness.set(from, choice);
        queue.push(from);
      }
    }
  }

  /**
   * A quick look for some finished call from `state`, taking the most promising choice first and
   * backing out of dead ends and states seen before: what it finds is reachable, so the exact
   * search that follows need not open a state that cannot beat it.
   */
  private dive(objective: number, state: SearchState): number {
    const o = this.objectives[objective]!;
    const seen = new Set<string>();
    const trail: SearchState[][] = [[state]];
    let budget = DIVE_STATES;
    while (trail.length && budget-- > 0) {
      const level = trail[trail.length - 1]!;
      const at = level.pop();
      if (!at) {
        trail.pop();
        continue;
      }
      const key = this.key(at);
      if (seen.has(key)) continue;
      seen.add(key);
      const known = this.exact[objective]!.get(key) ?? (objective === BEST ? this.known.get(key) : undefined);
      if (known !== undefined && known !== null && known !== NONE) return known;
      const node = this.scenario.nodes[at.node]!;
      if (node.ending) return o.leaf(this.measure(at));
      const children = this.moves(at).map(({ state: child }) => ({ child, rank: this.rank(o, this.measure(child)) }));
      // Popped from the end: the most promising last.
      children.sort((a, b) => a.rank - b.rank);
      trail.push(children.map((c) => c.child));
    }
    return NONE;
  }

  /**
   * The objective's value from `root` if it is at least `need` (exact: true); otherwise a bound below
   * `need` that the value does not exceed (exact: false). A cut search (MAX_STATES) also answers with
   * a bound, which may then be above `need`.
   */
  private query(objective: number, root: SearchState, rootKey: string, need: number, budget = Infinity): { value: number; exact: boolean } {
    const o = this.objectives[objective]!;
    const stop = Math.min(this.maxStates, this.opened + budget);
    const exact = this.exact[objective]!;
    const upper = this.upper[objective]!;
    const settled = (key: string): { value: number; exact: boolean } => {
      const value = exact.get(key);
      return value !== undefined ? { value, exact: true } : { value: upper.get(key)!, exact: false };
    };
    const lookup = (state: SearchState, key: string, m: Measure): { value: number; exact: boolean } | null => {
      const value = exact.get(key);
      if (value !== undefined) return { value, exact: true };
      if (objective === BEST) {
        const known = this.known.get(key);
        if (known !== undefined) return { value: known ?? NONE, exact: true };
      }
      if (this.scenario.nodes[state.node]!.ending) {
        const leaf = o.leaf(m);
        exact.set(key, leaf);
        return { value: leaf, exact: true };
      }
      const bound = Math.min(upper.get(key) ?? Infinity, o.bound(m));
      if (bound < need) return { value: bound, exact: false };
      if (this.opened >= stop) {
        if (this.opened >= this.maxStates) this.truncated = true;
        return { value: bound, exact: false };
      }
      return null;
    };

    const rootMeasure = this.measure(root);
    const before = lookup(root, rootKey, rootMeasure);
    if (before) return before;

    const order = new Map<string, number>();
    const frames: Frame[] = [];
    const component: Frame[] = [];
    const open = new Map<string, Frame>();
    const push = (state: SearchState, key: string, m: Measure) => {
      const children = this.moves(state).map(({ choice, state: child }) => {
        const m = this.measure(child);
        return { choice, state: child, key: this.key(child), measure: m, guide: this.rank(o, m) };
      });
      children.sort((a, b) => b.guide - a.guide); // stable: ties keep the order written
      const frame: Frame = {
        key,
        index: order.size,
        low: order.size,
        children,
        next: 0,
        best: NONE,
        bound: NONE,
        cap: this.exhaustive ? Infinity : o.bound(m),
        pending: null,
        via: null,
        inside: [],
      };
      order.set(key, frame.index);
      this.opened++;
      frames.push(frame);
      component.push(frame);
      open.set(key, frame);
    };
    const absorb = (frame: Frame, result: { value: number; exact: boolean }, choice: string) => {
      if (!result.exact) frame.bound = Math.max(frame.bound, result.value);
      else if (result.value > frame.best || frame.via === null) {
        frame.best = Math.max(frame.best, result.value);
        if (result.value >= frame.best) frame.via = choice;
      }
    };

    push(root, rootKey, rootMeasure);
    while (frames.length) {
      const frame = frames[frames.length - 1]!;
      if (frame.pending !== null) {
        const child = frame.children[frame.next - 1]!;
        const member = open.get(child.key);
        if (member) {
          frame.low = Math.min(frame.low, member.low);
          frame.inside.push(child);
        } else absorb(frame, settled(child.key), child.choice);
        frame.pending = null;
      }
      if (frame.best < frame.cap && frame.next < frame.children.length) {
        const child = frame.children[frame.next++]!;
        const member = open.get(child.key);
        if (member) {
          frame.low = Math.min(frame.low, member.index);
          frame.inside.push(child);
        } else if (order.has(child.key)) absorb(frame, settled(child.key), child.choice);
        else {
          const result = lookup(child.state, child.key, child.measure!);
          if (result) absorb(frame, result, child.choice);
          else {
            frame.pending = child.key;
            push(child.state, child.key, child.measure!);
          }
        }
        continue;
      }
      frames.pop();
      if (frame.low !== frame.index) continue;
      // `frame` heads a strongly connected component: its states can all reach each other, so they
      // share one value, the best over every way out of the component.
      let best = NONE;
      let bound = NONE;
      const members: Frame[] = [];
      let member: Frame;
      do {
        member = component.pop()!;
        open.delete(member.key);
        members.push(member);
        best = Math.max(best, member.best);
        bound = Math.max(bound, member.bound);
      } while (member !== frame);
      if (best < bound) {
        for (const m of members) upper.set(m.key, bound);
        continue;
      }
      for (const m of members) exact.set(m.key, best);
      this.routeThrough(objective, members, best, (m) => (m.via !== null && m.best === best ? m.via : null));
    }
    return settled(rootKey);
  }
}

interface Frame {
  key: string;
  /** Tarjan's visiting order and low link. */
  index: number;
  low: number;
  children: Child[];
  next: number;
  /** The best exact value over the ways out of this state searched so far, and the best bound over those not searched. */
  best: number;
  bound: number;
  /** The objective's bound at this state: once `best` reaches it, no other choice can do better. */
  cap: number;
  /** The child being searched, read when the search comes back to this frame. */
  pending: string | null;
  /** The choice whose exact value is `best` (the first found). */
  via: string | null;
  /** Choices that lead to a state of this frame's component that was still open. */
  inside: Child[];
}

/** A state of `settleAll`'s search: every figure at once. */
interface AllFrame {
  key: string;
  index: number;
  low: number;
  children: Child[];
  next: number;
  best: number[];
  via: (string | null)[];
  inside: Child[];
  pending: boolean;
}

interface Child {
  choice: string;
  state: SearchState;
  key: string;
  measure?: Measure;
  guide: number;
}

/** How many states `path` may open to check that a choice listed earlier reaches the score as well. */
const PATH_CHECK_STATES = 5_000;

/** States one figure of `summarize` may open before every figure is worked out in one pass instead. */
const SUMMARY_STATES = 20_000;
/** Call positions the searcher enumerates to know where no call can end (beyond: not known, not needed). */
const SEARCH_POSITIONS = 50_000;

/** How many states a dive may look at before the exact search starts without its help. */
const DIVE_STATES = 20_000;

const BEST = 0;
const WORST = 1;
const DIM_MAX = 2;
const DIM_MIN = 6;
const PASS = 10;
const FAIL = 11;
const OBJECTIVES = [
  BEST,
  WORST,
  DIM_MAX,
  DIM_MAX + 1,
  DIM_MAX + 2,
  DIM_MAX + 3,
  DIM_MIN,
  DIM_MIN + 1,
  DIM_MIN + 2,
  DIM_MIN + 3,
  PASS,
  FAIL,
];

/** A dimension's points as a final score shows them. */
function dimension(p: number): number {
  return Math.round(p < 0 ? 0 : p > 100 ? 100 : p);
}

function objectivesFor(scenario: Scenario): Objective[] {
  const passes = (m: Measure) => m.critical === 0 && m.nowOverall >= scenario.passMark;
  const objectives: Objective[] = [
    // BEST
    { leaf: (m) => m.nowOverall, bound: (m) => m.highOverall, guide: (m) => m.highOverall * 1000 + m.nowOverall },
    // WORST
    { leaf: (m) => -m.nowOverall, bound: (m) => -m.lowOverall, guide: (m) => -m.lowOverall * 1000 - m.nowOverall },
  ];
  for (let i = 0; i < 4; i++) {
    objectives[DIM_MAX + i] = { leaf: (m) => m.now[i]!, bound: (m) => m.high[i]!, guide: (m) => m.high[i]! * 1000 + m.now[i]! };
    objectives[DIM_MIN + i] = { leaf: (m) => -m.now[i]!, bound: (m) => -m.low[i]!, guide: (m) => -m.low[i]! * 1000 - m.now[i]! };
  }
  objectives[PASS] = {
    leaf: (m) => (passes(m) ? 1 : 0),
    bound: (m) => (m.critical === 0 && m.highOverall >= scenario.passMark ? 1 : 0),
    guide: (m) => (m.critical === 0 ? m.highOverall : -1),
  };
  objectives[FAIL] = {
    leaf: (m) => (passes(m) ? 0 : 1),
    // A critical error fails the call whatever comes after; otherwise a call may still fail.
    bound: (m) => (m.critical !== 0 || m.lowOverall < scenario.passMark || m.criticalAhead ? 1 : 0),
    guide: (m) => (m.critical !== 0 ? 1000 : -m.lowOverall),
  };
  return objectives;
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
