import { holds, type Mood } from "../scenario/condition";
import type { Choice, ScenarioNode } from "../scenario/model";

export type { Mood };

export function clampMood(value: number): number {
  return value < 0 ? 0 : value > 100 ? 100 : value;
}

export function applyEffect(mood: Mood, effect: Choice["effect"]): Mood {
  return { anger: clampMood(mood.anger + effect.anger), trust: clampMood(mood.trust + effect.trust) };
}

/** Which branch a choice takes: the first whose condition holds on the mood after the choice. */
export function branchIndex(choice: Choice, moodAfter: Mood): number {
  for (let i = 0; i < choice.branches.length; i++) if (holds(choice.branches[i]!.when, moodAfter)) return i;
  // The loader requires an unconditional last branch; this is only reached for hand-built scenarios.
  return choice.branches.length - 1;
}

/** The node a choice leads to (see `branchIndex`). */
export function nextNodeId(choice: Choice, moodAfter: Mood): string {
  return choice.branches[branchIndex(choice, moodAfter)]!.to;
}

/** Which of a node's lines the customer says: the first whose condition holds on the current mood. */
export function lineIndex(node: ScenarioNode, mood: Mood): number {
  for (let i = 0; i < node.lines.length; i++) if (holds(node.lines[i]!.when, mood)) return i;
  return node.lines.length - 1;
}

/** What the customer says at a node, given the current mood (see `lineIndex`). */
export function customerLine(node: ScenarioNode, mood: Mood): string {
  return node.lines[lineIndex(node, mood)]!.text;
}
