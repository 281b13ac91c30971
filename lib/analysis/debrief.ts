import { customerLine } from "../customer/mood";
import { step, type Step } from "../customer/step";
import type { Scenario } from "../scenario/model";
import { scoreRun, type BetterOption, type ScoreReport } from "../scoring/report";
import { searcherFor, type SearchState } from "./search";

/**
 * The debrief's report: the scorer's report plus, at each turn where a better choice existed, that
 * choice, what the customer would have said to it, and the best score still reachable after each.
 * The search lives here, in the analysis, so the scorer does not depend on it.
 */
export function debriefReport(scenario: Scenario, choiceIds: readonly string[]): ScoreReport {
  const report = scoreRun(scenario, choiceIds);
  const searcher = searcherFor(scenario);
  let search: SearchState | null = searcher.initial();
  for (const turn of report.turns) {
    if (!search) break;
    const better = betterOption(scenario, searcher, search, turn.choice);
    if (better) turn.betterOption = better;
    search = searcher.step(search, turn.choice);
  }
  return report;
}

function betterOption(
  scenario: Scenario,
  searcher: ReturnType<typeof searcherFor>,
  state: SearchState,
  taken: string,
): BetterOption | undefined {
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
    reply: customerLine(scenario.nodes[played.node]!, played.mood),
    bestReachable: best.value,
    bestReachableAfterTaken: takenBest ?? 0,
  };
}
