import { searcherFor, type SearchState, type Searcher } from "../analysis/search";
import { RUBRIC_VERSION } from "../scoring/rules";
import type { Scenario } from "../scenario/model";
import type { EndingKind } from "../scenario/schema";
import { scoreRun } from "../scoring/report";

/**
 * Simulated trainees for the demo team and the scorecard benchmark. Pure (no database, no
 * Node modules): given compiled scenarios, a seed and a player profile, it plays real paths
 * through the engine and scores them with the server's own `scoreRun`, so every generated
 * run is exactly what the app would have saved had a person played those choices.
 *
 * How a simulated trainee chooses: at each turn every offered response is valued by the
 * best overall score still reachable after it (the analysis' exhaustive search, memoised
 * per scenario), minus 20 when it makes passing impossible (a critical error such as an
 * overpromise). The trainee picks at random with weights exp(β · (value − best) / (best −
 * worst)), β = 6 · skill: at skill 0 every response is equally likely, at 0.5 the worst is
 * picked e^3 ≈ 20× less often than the best, at 1 e^6 ≈ 400× less often. On the built-ins
 * (measured, 300 runs a point) skill 0.2 averages 38–46 overall and passes 9–17% of calls,
 * 0.5 averages 66–78 and passes 55–76%, 0.9 averages 82–88 and passes 87–95%.
 */

/** A seeded PRNG (mulberry32): `next()` in [0, 1). The same seed always gives the same sequence. */
export interface Rng {
  next(): number;
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

/** Skill 0..1 moves linearly from `start` (first run) to `end` (last run), ± `noise` per run. */
export interface PlayerProfile {
  kind: string;
  start: number;
  end: number;
  noise: number;
}

export const PROFILES = {
  /** Strong from the start, polishing. */
  good: { kind: "good", start: 0.7, end: 0.95, noise: 0.08 },
  /** Starts weak, learns fast. */
  improving: { kind: "improving", start: 0.2, end: 0.85, noise: 0.1 },
  /** Hit and miss, slowly better. */
  mixed: { kind: "mixed", start: 0.4, end: 0.6, noise: 0.2 },
  /** Struggles and barely improves. */
  poor: { kind: "poor", start: 0.1, end: 0.3, noise: 0.1 },
} as const satisfies Record<string, PlayerProfile>;

export type ProfileKind = keyof typeof PROFILES;

/** One completed run, with the fields a Run row stores (the scores are `scoreRun`'s). */
export interface SimulatedRun {
  scenarioId: string;
  scenarioVersion: number;
  /** The skill this run was played at (after noise). */
  skill: number;
  choiceIds: string[];
  outcome: EndingKind;
  overall: number;
  laer: number;
  reflectiveListening: number;
  promises: number;
  professionalism: number;
  passed: boolean;
  /** Rule ids of the critical errors, each once, in the order they happened. */
  criticalErrors: string[];
  angerStart: number;
  angerEnd: number;
  trustStart: number;
  trustEnd: number;
  startedAt: Date;
  completedAt: Date;
  /** When each turn was saved (for Turn.createdAt). */
  turnTimes: Date[];
}

/** A call that has not ended after this many turns takes the best path home (never seen on the built-ins). */
const LOOP_GUARD = 30;
const HARD_LIMIT = 80;

interface Option {
  id: string;
  value: number;
  next: SearchState;
}

/** Plays and scores runs on a fixed set of scenarios; caches the valued options per search state. */
export class TeamSimulator {
  private options = new Map<Scenario, Map<string, Option[]>>();

  constructor(readonly scenarios: readonly Scenario[]) {
    if (scenarios.length === 0) throw new Error("TeamSimulator needs at least one scenario");
  }

  private optionsAt(scenario: Scenario, searcher: Searcher, state: SearchState): Option[] {
    let byState = this.options.get(scenario);
    if (!byState) this.options.set(scenario, (byState = new Map()));
    const key = searcher.key(state);
    let options = byState.get(key);
    if (!options) {
      options = [];
      for (const choice of scenario.nodes[state.node]!.choices) {
        const next = searcher.step(state, choice.id);
        if (!next) continue; // not offered in this mood with these flags
        const best = searcher.best(next);
        if (best === null) continue; // no ending reachable from there
        options.push({ id: choice.id, value: best - (searcher.canPass(next) ? 0 : 20), next });
      }
      byState.set(key, options);
    }
    return options;
  }

  /** The choice ids a player of this skill (0..1) plays from the start to an ending. */
  playPath(scenario: Scenario, skill: number, rng: Rng): string[] {
    const searcher = searcherFor(scenario);
    const beta = 6 * clamp01(skill);
    let state = searcher.initial();
    const path: string[] = [];
    while (!scenario.nodes[state.node]!.ending) {
      if (path.length >= HARD_LIMIT) throw new Error(`simulated call on ${scenario.id} did not end within ${HARD_LIMIT} turns`);
      const options = this.optionsAt(scenario, searcher, state);
      if (options.length === 0) throw new Error(`no way to an ending from ${state.node} in ${scenario.id}`);
      let best = options[0]!;
      for (const o of options) if (o.value > best.value) best = o;
      let chosen = best;
      if (path.length < LOOP_GUARD) {
        let worst = best.value;
        for (const o of options) if (o.value < worst) worst = o.value;
        const range = Math.max(1, best.value - worst);
        const weights = options.map((o) => Math.exp((beta * (o.value - best.value)) / range));
        let r = rng.next() * weights.reduce((a, b) => a + b, 0);
        for (let i = 0; i < options.length; i++) {
          r -= weights[i]!;
          if (r < 0) {
            chosen = options[i]!;
            break;
          }
        }
      }
      path.push(chosen.id);
      state = chosen.next;
    }
    return path;
  }

  /** Plays one run at this skill and scores it with `scoreRun` (the server's replay). */
  playRun(scenario: Scenario, skill: number, rng: Rng, startedAt: Date): SimulatedRun {
    const choiceIds = this.playPath(scenario, skill, rng);
    const report = scoreRun(scenario, choiceIds);
    if (report.error || report.outcome === null) throw new Error(`simulated path on ${scenario.id} does not replay to an ending`);
    // A person reads the line and picks a response in 10-40 s.
    const turnTimes: Date[] = [];
    let t = startedAt.getTime();
    for (let i = 0; i < choiceIds.length; i++) {
      t += rng.int(10_000, 40_000);
      turnTimes.push(new Date(t));
    }
    return {
      scenarioId: scenario.id,
      scenarioVersion: scenario.version,
      skill,
      choiceIds,
      outcome: report.outcome,
      overall: report.score.overall,
      laer: report.score.dimensions.laer,
      reflectiveListening: report.score.dimensions.reflectiveListening,
      promises: report.score.dimensions.promises,
      professionalism: report.score.dimensions.professionalism,
      passed: report.passed,
      criticalErrors: [...new Set(report.criticalErrors.map((c) => c.rule))],
      angerStart: report.mood.start.anger,
      angerEnd: report.mood.anger,
      trustStart: report.mood.start.trust,
      trustEnd: report.mood.trust,
      startedAt,
      completedAt: turnTimes.at(-1)!,
      turnTimes,
    };
  }

  /**
   * A trainee's `runs` completed runs between `from` and `to`, oldest first, with skill
   * moving from the profile's start to its end. A failed scenario is retried next half the
   * time; otherwise the next scenario is any of them. Hard scenarios play 0.1 below the
   * trainee's skill, easy ones 0.1 above.
   */
  simulateTrainee(input: { profile: PlayerProfile; runs: number; from: Date; to: Date; rng: Rng }): SimulatedRun[] {
    const { profile, runs, rng } = input;
    const from = input.from.getTime();
    // Leave room for the last call to finish before `to`.
    const span = Math.max(0, input.to.getTime() - from - 60 * 60_000);
    const starts = Array.from({ length: runs }, () => from + Math.floor(rng.next() * span)).sort((a, b) => a - b);
    const out: SimulatedRun[] = [];
    let previous: SimulatedRun | null = null;
    for (let k = 0; k < runs; k++) {
      const progress = runs === 1 ? 1 : k / (runs - 1);
      const skill = clamp01(profile.start + (profile.end - profile.start) * progress + profile.noise * (2 * rng.next() - 1));
      const scenario: Scenario =
        previous && !previous.passed && rng.next() < 0.5
          ? this.scenarios.find((s) => s.id === previous!.scenarioId)!
          : rng.pick(this.scenarios);
      const adjust = scenario.difficulty === "hard" ? -0.1 : scenario.difficulty === "easy" ? 0.1 : 0;
      // Calls never overlap: a start falls after the previous call ended.
      const startedAt = new Date(Math.max(starts[k]!, previous ? previous.completedAt.getTime() + 60_000 : 0));
      const run = this.playRun(scenario, clamp01(skill + adjust), rng, startedAt);
      run.skill = skill;
      out.push(run);
      previous = run;
    }
    return out;
  }
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** The Run row for a simulated run (status completed), as `lib/data/runs/submit-turn.server.ts` saves one. */
export function runRowData(run: SimulatedRun, ids: { id: string; userId: string; scenarioVersionId: string }) {
  return {
    id: ids.id,
    userId: ids.userId,
    scenarioVersionId: ids.scenarioVersionId,
    status: "completed",
    turnCount: run.choiceIds.length,
    outcome: run.outcome,
    overall: run.overall,
    laer: run.laer,
    reflectiveListening: run.reflectiveListening,
    promises: run.promises,
    professionalism: run.professionalism,
    passed: run.passed,
    criticalErrors: run.criticalErrors.join(","),
    rubricVersion: RUBRIC_VERSION,
    angerStart: run.angerStart,
    angerEnd: run.angerEnd,
    trustStart: run.trustStart,
    trustEnd: run.trustEnd,
    startedAt: run.startedAt,
    updatedAt: run.completedAt,
    completedAt: run.completedAt,
  };
}

/** The Turn rows of a simulated run. */
export function turnRowsData(run: SimulatedRun, runId: string, newId: () => string) {
  return run.choiceIds.map((choiceId, index) => ({ id: newId(), runId, index, choiceId, createdAt: run.turnTimes[index]! }));
}
