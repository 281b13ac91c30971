import { replay } from "../customer/replay";
import type { Scenario } from "../scenario/model";
import type { EndingKind } from "../scenario/schema";
import { DIMENSIONS, DIMENSION_LABELS, type Dimension } from "../scoring/rules";
import { scoreRun } from "../scoring/report";
import { explorePositions, MAX_POSITIONS, positionCycles, shortestCycle, type PositionGraph } from "./positions";
import { describeSpan, emptySpan, unreachableParts, widen, type Unreachable } from "./reach";
import { MAX_STATES, Searcher } from "./search";

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

/** A loop the analysis names: the nodes it goes round (the first again at the end) and the choices taken. */
export interface LoopReport {
  /** "best-path"/"worst-path": that path goes round it `times` times in a row; "mood-unchanged": the customer's mood is what it was when the loop comes back. */
  kind: "best-path" | "worst-path" | "mood-unchanged";
  nodes: string[];
  choices: string[];
  times: number;
  /** For "mood-unchanged": the moods it happens at. */
  moods?: string;
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
  /** Loops on the best and worst paths, and loops that leave the customer's mood as it was. */
  loops: LoopReport[];
  /** Nodes, customer lines and branches no call reaches (each also a warning at its line in `validate` and the editor). */
  unreachable: Unreachable[];
  /** States the score search opened, and call positions (node and mood) enumerated. */
  statesVisited: number;
  positions: number;
  truncated: boolean;
}

/** Loops that leave the mood unchanged named in the analysis, at most. */
const LOOPS_NAMED = 3;

/** Everything a trainer needs to know about a scenario's paths, endings and score spread. */
export function analyzeScenario(scenario: Scenario): Analysis {
  const searcher = new Searcher(scenario);
  const start = searcher.initial();
  const summary = searcher.summarize(start);
  const graph = explorePositions(scenario);
  const warnings: AnalysisWarning[] = [];
  const warn = (code: string, message: string) => warnings.push({ code, message });

  const reachedNodes = new Set(graph.positions.map((p) => p.node));
  const endings = scenario.nodeIds
    .filter((id) => scenario.nodes[id]!.ending)
    .map((id) => ({ node: id, kind: scenario.nodes[id]!.ending!.kind, reached: reachedNodes.has(id) }));

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

  const loops = [
    ...pathLoops(scenario, bestPath, "best-path"),
    ...pathLoops(scenario, worstPath, "worst-path"),
    ...moodLoops(scenario, graph),
  ];
  const { parts: unreachable } = unreachableParts(scenario, graph);

  if (!summary) {
    warn("no-complete-path", "no call reaches an ending: check the mood conditions on the branches");
  } else {
    const used = choicesOnFinishedCalls(scenario, graph);
    const offered = (tag: string) =>
      scenario.nodeIds.some((id) => scenario.nodes[id]!.choices.some((c) => c.tags.includes(tag as never) && used.has(c.id)));
    // With the positions cut short (MAX_POSITIONS), what no position reached may still be reachable.
    const complete = !graph.truncated;
    if (complete && !offered("overpromise"))
      warn(
        "no-overpromise-trap",
        "no choice on any path is tagged `overpromise`: add a tempting overpromise so trainees practise resisting it",
      );
    if (complete && !offered("paraphrase"))
      warn("no-paraphrase-opportunity", "no choice on any path is tagged `paraphrase`: give trainees a chance to summarise the problem");
    if (summary.max < 90) warn("best-path-under-90", `the best path scores ${summary.max}: a model call should be able to reach 90`);
    if (!summary.canPass) warn("cannot-pass", "no path passes: check the pass mark and the rewards on offer");
    if (!summary.canFail) warn("cannot-fail", "every path passes: add traps");
    for (const e of endings) {
      if (complete && !e.reached)
        warn("ending-not-reached", `ending \`${e.node}\` is never reached: check the mood conditions that lead to it`);
    }
    const kinds = new Set(endings.filter((e) => e.reached).map((e) => e.kind));
    if (complete && kinds.size < 2) warn("few-ending-kinds", "every path ends the same way: add another kind of ending");
    DIMENSIONS.forEach((d, i) => {
      if (summary.dimMin[i]! >= 60) warn(`no-trap-${d}`, `no path scores under 60 on ${DIMENSION_LABELS[d]}: add a trap for it`);
    });
  }
  for (const loop of loops) {
    if (loop.kind !== "mood-unchanged") continue; // shown with its path
    warn(
      "endless-loop",
      `${loopWords(loop)} leaves the customer exactly as they were (${loop.moods}): a trainee can go round it for ever; let the customer react to being taken round it again (e.g. more anger each time, or a branch out after a while)`,
    );
  }
  for (const part of unreachable)
    warn(`unreachable-${part.kind}`, part.kind === "node" ? part.message : `at \`${part.node}\`: ${part.message}`);
  if (searcher.truncated)
    warn("truncated", `the analysis stopped after ${MAX_STATES.toLocaleString("en")} states: results cover only part of the scenario`);
  if (graph.truncated)
    warn(
      "too-many-positions",
      `the customer can be at more than ${MAX_POSITIONS.toLocaleString("en")} moods across the nodes: endings, loops and lines that can never happen cover only part of the scenario`,
    );

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
    loops,
    unreachable,
    statesVisited: searcher.statesVisited,
    positions: graph.positions.length,
    truncated: searcher.truncated || graph.truncated,
  };
}

/** "the loop `a` → `b` → `a` (choices x, y)". */
export function loopWords(loop: LoopReport): string {
  return `the loop ${loop.nodes.map((n) => `\`${n}\``).join(" → ")} (${loop.choices.map((c) => `\`${c}\``).join(", ")})`;
}

/** Choices on some call that reaches an ending: from a position any call can be at, to one from which an ending can still be reached. */
function choicesOnFinishedCalls(scenario: Scenario, graph: PositionGraph): Set<string> {
  const used = new Set<string>();
  graph.positions.forEach((position, i) => {
    const node = scenario.nodes[position.node]!;
    if (node.ending || !graph.canEnd[i]) return;
    node.choices.forEach((choice, c) => {
      const to = graph.succ[graph.first[i]! + c]!;
      if (to >= 0 && graph.canEnd[to]) used.add(choice.id);
    });
  });
  return used;
}

/**
 * The loops a path goes round: wherever it comes back to a node, the stretch since it was last
 * there, and how many times in a row the path repeats that stretch. The longest run of each loop.
 */
export function pathLoops(scenario: Scenario, choices: readonly string[], kind: "best-path" | "worst-path"): LoopReport[] {
  const nodes = replay(scenario, choices).turns.map((t) => t.node);
  const found = new Map<string, LoopReport>();
  const last = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) {
    const before = last.get(nodes[i]!);
    last.set(nodes[i]!, i);
    if (before === undefined) continue;
    const stretch = choices.slice(before, i);
    let times = 1;
    while (i + times * stretch.length <= choices.length && stretch.every((c, k) => choices[i + (times - 1) * stretch.length + k] === c))
      times++;
    const key = stretch.join(",");
    if ((found.get(key)?.times ?? 0) < times)
      found.set(key, { kind, nodes: [...nodes.slice(before, i), nodes[i]!], choices: stretch, times });
  }
  // A loop inside a longer one is counted where it repeats most; a rotation of a loop is the same loop.
  const loops: LoopReport[] = [];
  for (const loop of [...found.values()].sort((a, b) => b.times - a.times || a.choices.length - b.choices.length)) {
    const doubled = [...loop.choices, ...loop.choices].join(",");
    if (loops.some((l) => l.choices.length === loop.choices.length && doubled.includes(l.choices.join(",")))) continue;
    loops.push(loop);
  }
  return loops;
}

/**
 * Loops that bring the customer back to a position (node and mood) they were at: one short way
 * round each group of positions that can all reach each other, named by its nodes and choices.
 */
function moodLoops(scenario: Scenario, graph: PositionGraph): LoopReport[] {
  const found: LoopReport[] = [];
  const seen = new Set<string>();
  for (const component of positionCycles(graph)) {
    // A big component (a call can wander all over) holds many loops: look for the shortest through
    // each node no loop found so far goes through, a few times at most; name the shortest found.
    const covered = new Set<string>();
    let tries = 0;
    for (const start of component) {
      if (tries >= 12) break;
      if (covered.has(graph.positions[start]!.node)) continue;
      tries++;
      const cycle = shortestCycle(graph, component, start);
      if (cycle.positions.length === 0) continue;
      const nodes = cycle.positions.map((p) => graph.positions[p]!.node);
      const choices = cycle.positions.map((p, k) => scenario.nodes[graph.positions[p]!.node]!.choices[cycle.choices[k]!]!.id);
      for (const node of nodes) covered.add(node);
      const key = [...choices].sort().join(",");
      if (seen.has(key)) continue;
      seen.add(key);
      const span = emptySpan();
      for (const p of cycle.positions) widen(span, graph.positions[p]!);
      found.push({ kind: "mood-unchanged", nodes: [...nodes, nodes[0]!], choices, times: 1, moods: describeSpan(span, scenario.flags) });
    }
    if (found.length >= 4 * LOOPS_NAMED) break;
  }
  return found.sort((a, b) => a.choices.length - b.choices.length).slice(0, LOOPS_NAMED);
}
