import type { Mood } from "../scenario/condition";
import type { Choice, Scenario, ScenarioNode } from "../scenario/model";
import { applyEffect, applyFlags, branchIndex, isOffered, lineIndex, nextNodeId } from "./mood";

/**
 * Where a call stands between turns: the node the customer is at, their mood, and the flags the
 * choices so far have set (a bitmask over `Scenario.flags`; 0 for a scenario without flags).
 */
export interface CallPosition {
  node: string;
  mood: Mood;
  flags: number;
}

/**
 * The identity of a call position: two positions with the same key play out the same from there on
 * (the same lines, choices and branches). The analysis keys everything it enumerates on this (the
 * search's states, the reachable moods per node, the reply review). Without flags set it is what it
 * was before flags existed, so the best scores stored per version (D42) stay valid.
 */
export function positionKey(position: CallPosition): string {
  const mood = `${position.node}|${position.mood.anger}|${position.mood.trust}`;
  return position.flags ? `${mood}|f${position.flags}` : mood;
}

/** Where the call stands after a step (see `positionKey`). */
export function positionAfter(played: Step): CallPosition {
  return { node: played.node, mood: played.mood, flags: played.flags };
}

/** Which of its node's lines the customer says at a position (an index into `lines`). */
export function lineAt(scenario: Scenario, position: CallPosition): number {
  return lineIndex(scenario.nodes[position.node]!, position.mood, position.flags);
}

/** Which of the choice's branches a step took (an index into `branches`). */
export function branchTaken(played: Step): number {
  return branchIndex(played.choice, played.mood, played.flags);
}

/** What one choice does to the call. */
export interface Step {
  choice: Choice;
  /** Mood after the choice's effect (the branches are picked on this mood). */
  mood: Mood;
  /** Flags after the choice's `sets` and `clears` (the branches are picked on these too). */
  flags: number;
  /** The node the call moves to. */
  node: string;
  /** Key facts the customer now knows the agent has heard: a paraphrase's facts, else none. */
  heard: readonly string[];
}

export type StepRefusal = { refused: "not-offered" | "call-ended"; offered: string[] };

const NONE: readonly string[] = [];

/** Where every call of `scenario` starts. */
export function startOf(scenario: Scenario): CallPosition {
  return { node: scenario.start, mood: { anger: scenario.mood.anger, trust: scenario.mood.trust }, flags: 0 };
}

/**
 * The one rule for playing a choice: find it among the choices offered at the node (a format 2
 * choice with a `when` is offered only when it holds on the mood and flags before it), apply its
 * mood effect and its flags, take the first branch (scenario-wide rules first) whose condition
 * holds on the new mood and flags, and note the facts a paraphrase reflects. Every driver calls
 * this: the XState machine, `replay`, the analysis search, the bots and the debrief's better
 * option. Pure and allocation-light (the search calls it millions of times).
 */
export function step(scenario: Scenario, at: CallPosition, choiceId: string): Step | StepRefusal {
  const node = scenario.nodes[at.node]!;
  const choice = node.choices.find((c) => c.id === choiceId);
  if (!choice || (choice.when !== undefined && !isOffered(choice, at.mood, at.flags))) {
    return { refused: node.ending ? "call-ended" : "not-offered", offered: offeredChoices(node, at).map((c) => c.id) };
  }
  const mood = applyEffect(at.mood, choice.effect);
  const flags = applyFlags(at.flags, choice);
  return { choice, mood, flags, node: nextNodeId(choice, mood, flags), heard: choice.tags.includes("paraphrase") ? choice.facts : NONE };
}

/** The choices offered at `node` in this mood with these flags, in file order. */
export function offeredChoices(node: ScenarioNode, at: { mood: Mood; flags: number }): Choice[] {
  let all = true;
  for (const c of node.choices) if (c.when !== undefined && !isOffered(c, at.mood, at.flags)) all = false;
  return all ? node.choices : node.choices.filter((c) => isOffered(c, at.mood, at.flags));
}

export function isRefusal(result: Step | StepRefusal): result is StepRefusal {
  return "refused" in result;
}

/** Adds newly heard facts in the order first heard (returns the same array when nothing is new). */
export function hearFacts(factsHeard: readonly string[], heard: readonly string[]): readonly string[] {
  const fresh = heard.filter((f) => !factsHeard.includes(f));
  return fresh.length ? [...factsHeard, ...fresh] : factsHeard;
}
