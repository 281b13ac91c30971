import { holds, type Mood } from "../scenario/condition";
import type { Choice, ScenarioNode } from "../scenario/model";

export type { Mood };

export function clampMood(value: number): number {
  return value < 0 ? 0 : value > 100 ? 100 : value;
}

export function applyEffect(mood: Mood, effect: Choice["effect"]): Mood {
  return { anger: clampMood(mood.anger + effect.anger), trust: clampMood(mood.trust + effect.trust) };
}

/** The flags after a choice: its `sets` added, its `clears` removed (the same flags when it has neither). */
export function applyFlags(flags: number, choice: Choice): number {
  const effect = choice.flagEffect;
  return effect ? (flags | effect.set) & ~effect.clear : flags;
}

/**
 * The node a choice leads to: the first branch (scenario-wide rules first) whose condition holds on
 * the mood and flags after the choice.
 */
export function nextNodeId(choice: Choice, moodAfter: Mood, flagsAfter = 0): string {
  for (const branch of choice.branches) if (holds(branch.when, moodAfter, flagsAfter)) return branch.to;
  // The loader requires an unconditional last branch; this is only reached for hand-built scenarios.
  return choice.branches[choice.branches.length - 1]!.to;
}

/** What the customer says at a node, given the current mood and flags. */
export function customerLine(node: ScenarioNode, mood: Mood, flags = 0): string {
  for (const line of node.lines) if (holds(line.when, mood, flags)) return line.text;
  return node.lines[node.lines.length - 1]!.text;
}

/** Whether a choice is offered in this mood with these flags (format 2 choices may have a `when`). */
export function isOffered(choice: Choice, mood: Mood, flags = 0): boolean {
  return choice.when === undefined || holds(choice.when, mood, flags);
}
