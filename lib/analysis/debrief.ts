import { customerLine } from "../customer/mood";
import { step, type Step } from "../customer/step";
import type { Scenario } from "../scenario/model";
import { scoreRun, type BetterOption, type ScoreReport } from "../scoring/report";
import { RUBRIC_VERSION } from "../scoring/rules";
import { MAX_STATES, MAX_TURNS, Searcher, searcherFor, type SearchState } from "./search";

/**
 * What stored best scores (`debriefSearch(…).bestScores()`) were worked out with: the rubric, the
 * search's bounds and SEARCH_REVISION. Scores stored under another value are worked out again.
 * Bump SEARCH_REVISION when a change to the search, the customer's rules or the scorer changes
 * best scores without a new rubric version.
 */
const SEARCH_REVISION = 1;
export const DEBRIEF_SEARCH_VERSION = `rubric-${RUBRIC_VERSION}.turns-${MAX_TURNS}.states-${MAX_STATES}.rev-${SEARCH_REVISION}`;

/**
 * The debrief's report: the scorer's report plus, at each turn where a better choice existed, that
 * choice, what the customer would have said to it, and the best score still reachable after each.
 * The search lives here, in the analysis, so the scorer does not depend on it. `searcher` is the
 * scenario's shared one unless given (the server passes one built on the version's stored
 * `debriefSearch`, so no search runs on a trainee's request).
 */
export function debriefReport(scenario: Scenario, choiceIds: readonly string[], searcher: Searcher = searcherFor(scenario)): ScoreReport {
  const report = scoreRun(scenario, choiceIds);
  let search: SearchState | null = searcher.initial();
  for (const turn of report.turns) {
    if (!search) break;
    const better = betterOption(scenario, searcher, search, turn.choice);
    if (better) turn.betterOption = better;
    search = searcher.step(search, turn.choice);
  }
  return report;
}

function betterOption(scenario: Scenario, searcher: Searcher, state: SearchState, taken: string): BetterOption | undefined {
  const node = scenario.nodes[state.node]!;
  const takenBest = searcher.bestAfter(state, taken);
  let best: { id: string; value: number } | null = null;
  for (const choice of node.choices) {
    const value = searcher.bestAfter(state, choice.id);
    if (value !== null && (best === null || value > best.value)) best = { id: choice.id, value };
  }
  if (!best || best.id === taken || (takenBest !== null && takenBest >= best.value)) return undefined;
  const played = step(scenario, state, best.id) as Step; // one of this node's choices, so never refused
  return {
    choice: played.choice.id,
    text: played.choice.text,
    tags: played.choice.tags,
    reply: customerLine(scenario.nodes[played.node]!, played.mood, played.flags),
    bestReachable: best.value,
    bestReachableAfterTaken: takenBest ?? 0,
  };
}

/**
 * The search every debrief of `scenario` needs, done ahead of time: from the start, the best score
 * after each of its choices, in order, which is the first thing `debriefReport` asks and settles
 * every state a call can reach (up to the search's bounds). Its `bestScores()` are stored with the
 * version; `new Searcher(scenario, { known, bestOnly: true })` then answers any debrief from them. Where the search
 * is cut (a loop, 40 turns, MAX_STATES), what it settles depends on the order it visits states: this
 * fixes that order (the start's choices as listed), so every server gives the same better options.
 */
export function debriefSearch(scenario: Scenario, options: { maxStates?: number } = {}): Searcher {
  const searcher = new Searcher(scenario, { ...options, bestOnly: true });
  const start = searcher.initial();
  for (const choice of scenario.nodes[scenario.start]!.choices) searcher.bestAfter(start, choice.id);
  return searcher;
}
