import { initialTransition, transition } from "xstate";
import type { Mood } from "../scenario/condition";
import type { Choice, Scenario } from "../scenario/model";
import type { EndingKind } from "../scenario/schema";
import { customerMachineFor, type CustomerSnapshot } from "./machine";
import { customerLine } from "./mood";

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

function currentNode(snapshot: CustomerSnapshot): string {
  return snapshot.value as unknown as string;
}

/** Plays choice ids through the customer machine, turn by turn. Pure and deterministic. */
export function replay(scenario: Scenario, choiceIds: readonly string[]): Replay {
  const machine = customerMachineFor(scenario);
  let [snapshot] = initialTransition(machine);
  const turns: PlayedTurn[] = [];
  let error: NotOffered | undefined;

  for (let i = 0; i < choiceIds.length; i++) {
    const nodeId = currentNode(snapshot);
    const node = scenario.nodes[nodeId]!;
    const choiceId = choiceIds[i]!;
    const choice = node.choices.find((c) => c.id === choiceId);
    if (!choice) {
      error = {
        turn: i + 1,
        node: nodeId,
        choiceId,
        offered: node.choices.map((c) => c.id),
        reason: node.ending ? "call-ended" : "not-offered",
      };
      break;
    }
    const before = { anger: snapshot.context.anger, trust: snapshot.context.trust };
    const customer = customerLine(node, before);
    [snapshot] = transition(machine, snapshot, { type: "CHOOSE", choiceId });
    const to = currentNode(snapshot);
    const after = { anger: snapshot.context.anger, trust: snapshot.context.trust };
    turns.push({ index: i, node: nodeId, customer, choice, before, after, to, reply: customerLine(scenario.nodes[to]!, after) });
  }

  const nodeId = currentNode(snapshot);
  return {
    turns,
    node: nodeId,
    mood: { anger: snapshot.context.anger, trust: snapshot.context.trust },
    factsHeard: snapshot.context.factsHeard,
    ending: scenario.nodes[nodeId]!.ending?.kind ?? null,
    ...(error ? { error } : {}),
  };
}
