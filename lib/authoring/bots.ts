import { MAX_TURNS } from "../analysis/search";
import { offeredChoices, startOf, step, type CallPosition, type Step } from "../customer/step";
import type { Scenario } from "../scenario/model";
import type { EndingKind } from "../scenario/schema";
import { fnv1a, mulberry32 } from "../random/seeded";
import { finalScores, initialScoreState, passed, scoreTurn } from "../scoring/score";

/**
 * Bot playthroughs: random trainees who pick any offered response with equal chance (a choice
 * whose `when` does not hold is not offered). Seeded, so
 * the same scenario, seed and number of runs always give the same figures. Runs go through the
 * same pure rules as the player and the server (`step`, `scoreTurn`), in
 * chunks, so the page can show progress and stay responsive.
 */

export type BotOutcome = EndingKind | "unfinished";
export const BOT_OUTCOMES: readonly BotOutcome[] = ["resolved", "escalated", "hung-up", "agent-ended", "unfinished"];

export interface BotStats {
  runs: number;
  /** Different sequences of choices among the runs. */
  distinctPaths: number;
  nodes: { visited: number; total: number; unvisited: string[] };
  choices: { used: number; total: number; unused: string[] };
  /** Runs by ending kind; `unfinished` ran out of turns (a loop) before an ending. */
  outcomes: Record<BotOutcome, number>;
  /** Overall scores of the runs that reached an ending; null when none did. */
  scores: {
    min: number;
    median: number;
    max: number;
    mean: number;
    /** Share of finished runs that passed (0-1). */
    passRate: number;
    /** Finished runs per 10-point band: 0-9, 10-19, ..., 90-100. */
    histogram: number[];
  } | null;
}

export interface BotRunner {
  /** Plays `count` more runs. */
  play(count: number): void;
  readonly played: number;
  stats(): BotStats;
}

export interface BotRun {
  choices: string[];
  /** The node the run stopped at (an ending, unless it ran out of turns). */
  node: string;
  /** Overall score and pass, for a run that reached an ending. */
  overall: number | null;
  passed: boolean;
}

export interface BotOptions {
  /** Called after each run (the property tests hold the bots to `replay` and `scoreRun` with it). */
  onRun?: (run: BotRun) => void;
  seed?: number | string;
  /** A run stops after this many turns without an ending. Default: the analysis's limit (40). */
  maxTurns?: number;
}

export function createBotRunner(scenario: Scenario, options: BotOptions = {}): BotRunner {
  const random = mulberry32(typeof options.seed === "string" ? fnv1a(options.seed) : (options.seed ?? 1) >>> 0);
  const maxTurns = options.maxTurns ?? MAX_TURNS;
  const paths = new Set<string>();
  const nodesVisited = new Set<string>();
  const choicesUsed = new Set<string>();
  const outcomes = Object.fromEntries(BOT_OUTCOMES.map((o) => [o, 0])) as Record<BotOutcome, number>;
  const scores: number[] = [];
  let passes = 0;
  let played = 0;

  const playOne = () => {
    let at: CallPosition = startOf(scenario);
    let score = initialScoreState();
    let key = "";
    nodesVisited.add(at.node);
    for (let turn = 0; turn < maxTurns; turn++) {
      const node = scenario.nodes[at.node]!;
      if (node.ending) break;
      const offered = offeredChoices(node, at);
      if (offered.length === 0) break;
      const choiceId = offered[Math.floor(random() * offered.length)]!.id;
      const played = step(scenario, at, choiceId) as Step; // offered at this node, so never refused
      choicesUsed.add(choiceId);
      key += (key ? "\u0001" : "") + choiceId;
      score = scoreTurn(scenario, score, played.choice, false, played.node).state;
      at = { node: played.node, mood: played.mood, flags: played.flags };
      nodesVisited.add(at.node);
    }
    const nodeId = at.node;
    const report = (overall: number | null, pass: boolean) =>
      options.onRun?.({ choices: key ? key.split("\u0001") : [], node: nodeId, overall, passed: pass });
    paths.add(key);
    const ending = scenario.nodes[nodeId]!.ending;
    if (!ending) {
      outcomes.unfinished++;
      report(null, false);
      return;
    }
    outcomes[ending.kind]++;
    const final = finalScores(scenario, score);
    scores.push(final.overall);
    const pass = passed(scenario, score, final);
    if (pass) passes++;
    report(final.overall, pass);
  };

  return {
    play(count: number) {
      for (let i = 0; i < count; i++) playOne();
      played += Math.max(0, count);
    },
    get played() {
      return played;
    },
    stats(): BotStats {
      const allChoices = scenario.nodeIds.flatMap((id) => scenario.nodes[id]!.choices.map((c) => c.id));
      const sorted = scores.slice().sort((a, b) => a - b);
      const histogram = Array.from({ length: 10 }, () => 0);
      for (const s of sorted) histogram[Math.min(9, Math.floor(s / 10))]!++;
      return {
        runs: played,
        distinctPaths: paths.size,
        nodes: {
          visited: nodesVisited.size,
          total: scenario.nodeIds.length,
          unvisited: scenario.nodeIds.filter((id) => !nodesVisited.has(id)),
        },
        choices: { used: choicesUsed.size, total: allChoices.length, unused: allChoices.filter((id) => !choicesUsed.has(id)) },
        outcomes: { ...outcomes },
        scores: sorted.length
          ? {
              min: sorted[0]!,
              median: median(sorted),
              max: sorted[sorted.length - 1]!,
              mean: Math.round((sorted.reduce((a, b) => a + b, 0) / sorted.length) * 10) / 10,
              passRate: passes / sorted.length,
              histogram,
            }
          : null,
      };
    },
  };
}

/** Plays `runs` random runs at once (tests, the CLI, benchmarks). */
export function playRandomPaths(scenario: Scenario, runs: number, options: BotOptions = {}): BotStats {
  const runner = createBotRunner(scenario, options);
  runner.play(runs);
  return runner.stats();
}

function median(sorted: number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
