import type { Scenario } from "../scenario/model";
import type { EndingKind } from "../scenario/schema";
import { DIMENSIONS, DIMENSION_LABELS, type Dimension } from "../scoring/rules";
import { scoreRun } from "../scoring/report";
import { Searcher, MAX_STATES, MAX_TURNS } from "./search";

export interface AnalysisWarning {
  code: string;
  message: string;
}

export interface PathSummary {
  choices: string[];
  overall: number;
  passed: boolean;
  outcome: EndingKind | null;
}

export interface Analysis {
  scenarioId: string;
  version: number;
  nodeCount: number;
  endings: { node: string; kind: EndingKind; reached: boolean }[];
  scoreRange: { min: number; max: number };
  dimensionRanges: Record<Dimension, { min: number; max: number }>;
  bestPath: string[];
  worstPath: string[];
  best: PathSummary | null;
  worst: PathSummary | null;
  warnings: AnalysisWarning[];
  statesVisited: number;
  truncated: boolean;
}

/** Everything a trainer needs to know about a scenario's paths, endings and score spread. */
export function analyzeScenario(scenario: Scenario): Analysis {
  const searcher = new Searcher(scenario);
  const start = searcher.initial();
  const summary = searcher.summarize(start);
  const warnings: AnalysisWarning[] = [];
  const warn = (code: string, message: string) => warnings.push({ code, message });

  const endingNodes = scenario.nodeIds.filter((id) => scenario.nodes[id]!.ending);
  const endings = endingNodes.map((id) => ({
    node: id,
    kind: scenario.nodes[id]!.ending!.kind,
    reached: summary?.endings.has(id) ?? false,
  }));

  const bestPath = summary ? searcher.path(start, "best") : [];
  const worstPath = summary ? searcher.path(start, "worst") : [];
  const describe = (choices: string[]): PathSummary | null => {
    if (!summary) return null;
    const report = scoreRun(scenario, choices);
    return { choices, overall: report.score.overall, passed: report.passed, outcome: report.outcome };
  };
  const best = describe(bestPath);
  const worst = describe(worstPath);

  const dimensionRanges = Object.fromEntries(
    DIMENSIONS.map((d, i) => [d, { min: summary?.dimMin[i] ?? 0, max: summary?.dimMax[i] ?? 0 }]),
  ) as Analysis["dimensionRanges"];

  if (!summary) {
    warn("no-complete-path", `no path reaches an ending within ${MAX_TURNS} turns`);
  } else {
    const used = (tag: string) =>
      scenario.nodeIds.some((id) =>
        scenario.nodes[id]!.choices.some((c) => c.tags.includes(tag as never) && summary.choicesUsed.has(c.id)),
      );
    if (!used("overpromise"))
      warn(
        "no-overpromise-trap",
        "no choice on any path is tagged `overpromise`: add a tempting overpromise so trainees practise resisting it",
      );
    if (!used("paraphrase"))
      warn("no-paraphrase-opportunity", "no choice on any path is tagged `paraphrase`: give trainees a chance to summarise the problem");
    if (summary.max < 90) warn("best-path-under-90", `the best path scores ${summary.max}: a model call should be able to reach 90`);
    if (!summary.canPass) warn("cannot-pass", "no path passes: check the pass mark and the rewards on offer");
    if (!summary.canFail) warn("cannot-fail", "every path passes: add traps");
    for (const e of endings) {
      if (!e.reached) warn("ending-not-reached", `ending \`${e.node}\` is never reached: check the mood conditions that lead to it`);
    }
    const kinds = new Set(endings.filter((e) => e.reached).map((e) => e.kind));
    if (kinds.size < 2) warn("few-ending-kinds", "every path ends the same way: add another kind of ending");
    DIMENSIONS.forEach((d, i) => {
      if (summary.dimMin[i]! >= 60) warn(`no-trap-${d}`, `no path scores under 60 on ${DIMENSION_LABELS[d]}: add a trap for it`);
    });
  }
  if (searcher.truncated) warn("truncated", `the analysis stopped after ${MAX_STATES} states: results cover only part of the scenario`);

  return {
    scenarioId: scenario.id,
    version: scenario.version,
    nodeCount: scenario.nodeIds.length,
    endings,
    scoreRange: { min: summary?.min ?? 0, max: summary?.max ?? 0 },
    dimensionRanges,
    bestPath,
    worstPath,
    best,
    worst,
    warnings,
    statesVisited: searcher.statesVisited,
    truncated: searcher.truncated,
  };
}
