import type { Mood } from "../scenario/condition";
import type { Choice, Scenario } from "../scenario/model";
import type { EndingKind } from "../scenario/schema";
import { customerLine } from "./mood";
import { hearFacts, isRefusal, startOf, step, type CallPosition } from "./step";

export interface PlayedTurn {
  index: number;
  node: string;
  /** What the customer said at this node, before the trainee chose. */
  customer: string;
  choice: Choice;
  before: Mood;
  after: Mood;
  /** The call's flags before and after the choice (bitmasks over `Scenario.flags`). */
  flagsBefore: number;
  flagsAfter: number;
  to: string;
  /** The customer's next line (at `to`, in the mood and with the flags after the choice). */
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
  /** The flags set now (a bitmask over `Scenario.flags`). */
  flags: number;
  factsHeard: string[];
  ending: EndingKind | null;
  /** Set when a choice could not be played; `turns` holds everything before it. */
  error?: NotOffered;
}

/**
 * Plays choice ids turn by turn through `step`, the one transition rule the XState machine's
 * actions also use, in a plain loop: the interpreter costs ~40 µs a transition, too slow for server
 * replays and benchmarks. `replayWithMachine` drives the real machine; the property tests hold the
 * two (and the search and the bots) equal.
 */
export function replay(scenario: Scenario, choiceIds: readonly string[]): Replay {
  let at: CallPosition = startOf(scenario);
  let factsHeard: readonly string[] = [];
  const turns: PlayedTurn[] = [];
  let error: NotOffered | undefined;

  for (let i = 0; i < choiceIds.length; i++) {
    const choiceId = choiceIds[i]!;
    const played = step(scenario, at, choiceId);
    if (isRefusal(played)) {
      error = { turn: i + 1, node: at.node, choiceId, offered: played.offered, reason: played.refused };
      break;
    }
    factsHeard = hearFacts(factsHeard, played.heard);
    turns.push({
      index: i,
      node: at.node,
      customer: customerLine(scenario.nodes[at.node]!, at.mood, at.flags),
      choice: played.choice,
      before: at.mood,
      after: played.mood,
      flagsBefore: at.flags,
      flagsAfter: played.flags,
      to: played.node,
      reply: customerLine(scenario.nodes[played.node]!, played.mood, played.flags),
    });
    at = { node: played.node, mood: played.mood, flags: played.flags };
  }

  return {
    turns,
    node: at.node,
    mood: at.mood,
    flags: at.flags,
    factsHeard: [...factsHeard],
    ending: scenario.nodes[at.node]!.ending?.kind ?? null,
    ...(error ? { error } : {}),
  };
}
