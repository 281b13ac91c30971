import { customerLine } from "../customer/mood";
import { step, type Step } from "../customer/step";
import type { Scenario } from "../scenario/model";
import { scoreRun, type BetterOption, type ScoreReport } from "../scoring/report";
import { RUBRIC_VERSION } from "../scoring/rules";
import { MAX_STATES, Searcher, searcherFor, type SearchState } from "./search";

/**
 * What stored best scores (`debriefSearch(…).bestScores()`) were worked out with: the rubric, the
 * search's bounds and SEARCH_REVISION. Scores stored under another value are worked out again.
 * Bump SEARCH_REVISION when a change to the search, the customer's rules or the scorer changes
 * best scores without a new rubric version. (Revision 2: calls of any length, loops included.)
 */
const SEARCH_REVISION = 2;
export const DEBRIEF_SEARCH_VERSION = `rubric-${RUBRIC_VERSION}.states-${MAX_STATES}.rev-${SEARCH_REVISION}`;

/** States the stored search may settle one by one before it settles only what a debrief starts with. */
export const STORED_STATES = 100_000;

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
 * The search every debrief of `scenario` needs, done ahead of time: the best score after each of
 * the start's choices, worked out for every state a call can reach (`exhaustive`), so that its
 * `bestScores()`, stored with the version, answer any debrief with no search
 * (`new Searcher(scenario, { known, bestOnly: true })`). Best scores are exact whatever order the
 * states are visited in, so any server gives the same better options. When a scenario has more
 * states than `maxStates` (STORED_STATES; loops can multiply them), the search goes on bounded
 * (`relax`) to settle the start's choices, keeping what it had settled, and a debrief works out
 * the rest of its call itself (the same bounded search, see Searcher).
 */
export function debriefSearch(scenario: Scenario, options: { maxStates?: number } = {}): Searcher {
  const searcher = new Searcher(scenario, { bestOnly: true, exhaustive: true, maxStates: options.maxStates ?? STORED_STATES });
  const settle = () => {
    const start = searcher.initial();
    for (const choice of scenario.nodes[scenario.start]!.choices) searcher.bestAfter(start, choice.id);
  };
  settle();
  if (searcher.truncated) {
    searcher.relax();
    settle();
  }
  return searcher;
}
