import type { Scenario } from "../scenario/model";
import { scoreRun, type ScoreReport } from "./report";

/** The saved choices a retry of turn `turn` (1-based) starts from, or why it cannot. */
export type RetryPrefix = { ok: true; choices: string[]; report: ScoreReport } | { ok: false; reason: string };

/**
 * "Try again from this turn": the choices of the turns before `turn`, replayed (the same pure
 * replay as the debrief's score) to check they still lead to a call in progress at that turn.
 * A new run saved with these choices opens the player at `turn`, with the mood, flags and score
 * the earlier answers earned.
 */
export function retryPrefix(scenario: Scenario, played: readonly string[], turn: number): RetryPrefix {
  if (!Number.isInteger(turn) || turn < 1 || turn > played.length) {
    return { ok: false, reason: played.length ? `choose a turn from 1 to ${played.length}` : "this call has no turns to try again from" };
  }
  const choices = played.slice(0, turn - 1);
  const report = scoreRun(scenario, choices);
  if (report.error) {
    return {
      ok: false,
      reason: `turn ${report.error.turn} can no longer be replayed on this version of the scenario; retry the whole scenario instead`,
    };
  }
  if (report.outcome !== null) return { ok: false, reason: `the call had already ended before turn ${turn}; choose an earlier turn` };
  return { ok: true, choices, report };
}
