import { replay, type NotOffered } from "../customer/replay";
import type { Mood } from "../scenario/condition";
import type { Scenario } from "../scenario/model";
import type { EndingKind } from "../scenario/schema";
import type { Tag } from "../scenario/tags";
import { RUBRIC_VERSION, RULES, type RuleId } from "./rules";
import {
  criticalRules,
  finalScores,
  findings,
  initialScoreState,
  passed,
  scoreTurn,
  type Annotation,
  type Finding,
  type Scores,
} from "./score";

export interface BetterOption {
  choice: string;
  text: string;
  tags: Tag[];
  /** What the customer would have said next. */
  reply: string;
  /** The best overall score still reachable after that choice, and after the one taken. */
  bestReachable: number;
  bestReachableAfterTaken: number;
}

export interface TurnReport {
  index: number;
  node: string;
  customer: string;
  choice: string;
  text: string;
  tags: Tag[];
  /** Mood after the turn; `moodBefore` is the mood the choice was made in. */
  mood: Mood;
  moodBefore: Mood;
  reply: string;
  feedback?: string;
  annotations: Annotation[];
  betterOption?: BetterOption;
}

export interface ScoreReport {
  scenarioId: string;
  version: number;
  /** The rubric that scored this report (lib/scoring/rules.ts). */
  rubricVersion: number;
  /** Ending kind, or null when the choices stop before an ending. */
  outcome: EndingKind | null;
  endingNode: string | null;
  passed: boolean;
  passMark: number;
  score: Scores;
  criticalErrors: { rule: RuleId; label: string; turn: number }[];
  mood: Mood & { start: Mood; angerChange: number; trustChange: number };
  turns: TurnReport[];
  findings: Finding[];
  /** Set when a choice id was not offered; the report scores the turns before it. */
  error?: NotOffered;
}

/**
 * Replays a run (`replay`, which applies the same `step` as the customer machine) and scores it.
 * Pure: the same scenario and choices always give the same report, which is why the server can
 * trust it. The debrief's better options come from the analysis: `debriefReport` in
 * lib/analysis/debrief.ts.
 */
export function scoreRun(scenario: Scenario, choiceIds: readonly string[]): ScoreReport {
  const played = replay(scenario, choiceIds);
  let state = initialScoreState();
  const criticalErrors: ScoreReport["criticalErrors"] = [];
  const turns: TurnReport[] = [];

  for (const turn of played.turns) {
    const { state: next, annotations } = scoreTurn(scenario, state, turn.choice, true, turn.to);
    for (const a of annotations) {
      if (a.critical) criticalErrors.push({ rule: a.rule, label: RULES[a.rule].label, turn: turn.index + 1 });
    }
    const report: TurnReport = {
      index: turn.index,
      node: turn.node,
      customer: turn.customer,
      choice: turn.choice.id,
      text: turn.choice.text,
      tags: turn.choice.tags,
      mood: turn.after,
      moodBefore: turn.before,
      reply: turn.reply,
      ...(turn.choice.feedback ? { feedback: turn.choice.feedback } : {}),
      annotations,
    };
    turns.push(report);
    state = next;
  }

  const score = finalScores(scenario, state);
  const ending = scenario.nodes[played.node]!.ending;
  return {
    scenarioId: scenario.id,
    version: scenario.version,
    rubricVersion: RUBRIC_VERSION,
    outcome: ending?.kind ?? null,
    endingNode: ending ? played.node : null,
    passed: passed(scenario, state, score),
    passMark: scenario.passMark,
    score,
    criticalErrors,
    mood: {
      ...played.mood,
      start: scenario.mood,
      angerChange: played.mood.anger - scenario.mood.anger,
      trustChange: played.mood.trust - scenario.mood.trust,
    },
    turns,
    findings: findings(scenario, state),
    ...(played.error ? { error: played.error } : {}),
  };
}

export { criticalRules };
