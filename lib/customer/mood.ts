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
 * Which branch a choice takes: the first (scenario-wide rules first) whose condition holds on the
 * mood and flags after the choice.
 */
export function branchIndex(choice: Choice, moodAfter: Mood, flagsAfter = 0): number {
  for (let i = 0; i < choice.branches.length; i++) if (holds(choice.branches[i]!.when, moodAfter, flagsAfter)) return i;
  // The loader requires an unconditional last branch; this is only reached for hand-built scenarios.
  return choice.branches.length - 1;
}

/** The node a choice leads to (see `branchIndex`). */
export function nextNodeId(choice: Choice, moodAfter: Mood, flagsAfter = 0): string {
  return choice.branches[branchIndex(choice, moodAfter, flagsAfter)]!.to;
}

/** Which of a node's lines the customer says: the first whose condition holds on the current mood and flags. */
export function lineIndex(node: ScenarioNode, mood: Mood, flags = 0): number {
  for (let i = 0; i < node.lines.length; i++) if (holds(node.lines[i]!.when, mood, flags)) return i;
  return node.lines.length - 1;
}

/** What the customer says at a node, given the current mood and flags (see `lineIndex`). */
export function customerLine(node: ScenarioNode, mood: Mood, flags = 0): string {
  return node.lines[lineIndex(node, mood, flags)]!.text;
}

/** Whether a choice is offered in this mood with these flags (format 2 choices may have a `when`). */
export function isOffered(choice: Choice, mood: Mood, flags = 0): boolean {
  return choice.when === undefined || holds(choice.when, mood, flags);
}
