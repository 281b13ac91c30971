import type { Mood } from "../scenario/condition";
import type { Choice, Scenario } from "../scenario/model";
import type { EndingKind } from "../scenario/schema";
import { applyEffect, customerLine, nextNodeId } from "./mood";

export interface PlayedTurn {
  index: number;
  node: string;
  /** What the customer said at this node, before the trainee chose. */
  customer: string;
  choice: Choice;
  before: Mood;
  after: Mood;
  to: string;
  /** The customer's next line (at `to`, in the mood after the choice). */
  reply: string;
}

export interface NotOffered {
  turn: number;
  node: string;
  choiceId: string;
  offered: string[];
  reason: "not-offered" | "call-ended";
}

export interface Replay {
  turns: PlayedTurn[];
  /** The node the call is at now (an ending node when the call is over). */
  node: string;
  mood: Mood;
  factsHeard: string[];
  ending: EndingKind | null;
  /** Set when a choice could not be played; `turns` holds everything before it. */
  error?: NotOffered;
}

/**
 * Plays choice ids turn by turn. Pure and deterministic. It applies exactly the rules the
 * XState machine's guards and actions apply (`applyEffect`, `nextNodeId`), in a plain loop:
 * the interpreter costs ~40 µs a transition, too slow for server replays and benchmarks.
 * `replayWithMachine` drives the real machine; the property tests hold the two equal.
 */
export function replay(scenario: Scenario, choiceIds: readonly string[]): Replay {
  let nodeId = scenario.start;
  let mood: Mood = { anger: scenario.mood.anger, trust: scenario.mood.trust };
  const factsHeard: string[] = [];
  const turns: PlayedTurn[] = [];
  let error: NotOffered | undefined;

  for (let i = 0; i < choiceIds.length; i++) {
    const node = scenario.nodes[nodeId]!;
    const choiceId = choiceIds[i]!;
    const choice = node.choices.find((c) => c.id === choiceId);
    if (!choice) {
      error = { turn: i + 1, node: nodeId, choiceId, offered: node.choices.map((c) => c.id), reason: node.ending ? "call-ended" : "not-offered" };
      break;
    }
    const before = mood;
    const after = applyEffect(before, choice.effect);
    const to = nextNodeId(choice, after);
    if (choice.tags.includes("paraphrase")) for (const f of choice.facts) if (!factsHeard.includes(f)) factsHeard.push(f);
    turns.push({ index: i, node: nodeId, customer: customerLine(node, before), choice, before, after, to, reply: customerLine(scenario.nodes[to]!, after) });
    nodeId = to;
    mood = after;
  }

  return { turns, node: nodeId, mood, factsHeard, ending: scenario.nodes[nodeId]!.ending?.kind ?? null, ...(error ? { error } : {}) };
}
