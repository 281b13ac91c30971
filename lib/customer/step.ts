import type { Mood } from "../scenario/condition";
import type { Choice, Scenario } from "../scenario/model";
import { applyEffect, branchIndex, lineIndex, nextNodeId } from "./mood";

/** Where a call stands between turns: the node the customer is at, and their mood. */
export interface CallPosition {
  node: string;
  mood: Mood;
}

/**
 * The identity of a call position: two positions with the same key play out the same from there on
 * (the same lines, choices and branches). The analysis keys everything it enumerates on this (the
 * search's states, the reachable moods per node, the reply review), so whatever the position gains
 * later (e.g. flags set by earlier choices) belongs here and in `positionAfter`.
 */
export function positionKey(position: CallPosition): string {
  return `${position.node}|${position.mood.anger}|${position.mood.trust}`;
}

/** Where the call stands after a step (see `positionKey`). */
export function positionAfter(played: Step): CallPosition {
  return { node: played.node, mood: played.mood };
}

/** Which of its node's lines the customer says at a position (an index into `lines`). */
export function lineAt(scenario: Scenario, position: CallPosition): number {
  return lineIndex(scenario.nodes[position.node]!, position.mood);
}

/** Which of the choice's branches a step took (an index into `branches`). */
export function branchTaken(played: Step): number {
  return branchIndex(played.choice, played.mood);
}

/** What one choice does to the call. */
export interface Step {
  choice: Choice;
  /** Mood after the choice's effect (the branches are picked on this mood). */
  mood: Mood;
  /** The node the call moves to. */
  node: string;
  /** Key facts the customer now knows the agent has heard: a paraphrase's facts, else none. */
  heard: readonly string[];
}

export type StepRefusal = { refused: "not-offered" | "call-ended"; offered: string[] };

const NONE: readonly string[] = [];

/**
 * The one rule for playing a choice: find it among the node's choices, apply its mood effect,
 * take the first branch whose condition holds on the new mood, and note the facts a paraphrase
 * reflects. Every driver calls this: the XState machine, `replay`, the analysis search, the bots
 * and the debrief's better option. Pure and allocation-light (the search calls it millions of times).
 */
export function step(scenario: Scenario, at: CallPosition, choiceId: string): Step | StepRefusal {
  const node = scenario.nodes[at.node]!;
  const choice = node.choices.find((c) => c.id === choiceId);
  if (!choice) return { refused: node.ending ? "call-ended" : "not-offered", offered: node.choices.map((c) => c.id) };
  const mood = applyEffect(at.mood, choice.effect);
  return { choice, mood, node: nextNodeId(choice, mood), heard: choice.tags.includes("paraphrase") ? choice.facts : NONE };
}

export function isRefusal(result: Step | StepRefusal): result is StepRefusal {
  return "refused" in result;
}

/** Adds newly heard facts in the order first heard (returns the same array when nothing is new). */
export function hearFacts(factsHeard: readonly string[], heard: readonly string[]): readonly string[] {
  const fresh = heard.filter((f) => !factsHeard.includes(f));
  return fresh.length ? [...factsHeard, ...fresh] : factsHeard;
}
