import { holds, type Mood } from "../scenario/condition";
import type { Choice, ScenarioNode } from "../scenario/model";

export type { Mood };

export function clampMood(value: number): number {
  return value < 0 ? 0 : value > 100 ? 100 : value;
}

export function applyEffect(mood: Mood, effect: Choice["effect"]): Mood {
  return { anger: clampMood(mood.anger + effect.anger), trust: clampMood(mood.trust + effect.trust) };
}

/** The node a choice leads to: the first branch whose condition holds on the mood after the choice. */
export function nextNodeId(choice: Choice, moodAfter: Mood): string {
  for (const branch of choice.branches) if (holds(branch.when, moodAfter)) return branch.to;
  // The loader requires an unconditional last branch; this is only reached for hand-built scenarios.
  return choice.branches[choice.branches.length - 1]!.to;
}

/** What the customer says at a node, given the current mood. */
export function customerLine(node: ScenarioNode, mood: Mood): string {
  for (const line of node.lines) if (holds(line.when, mood)) return line.text;
  return node.lines[node.lines.length - 1]!.text;
}
