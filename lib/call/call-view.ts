import { createActor } from "xstate";
import { customerMachineFor, type CustomerSnapshot } from "../customer/machine";
import { isOffered } from "../customer/mood";
import type { Mood } from "../scenario/condition";
import type { Scenario } from "../scenario/model";
import type { EndingKind } from "../scenario/schema";
import { choiceOrder } from "./choice-order";
import { turnsLeftByNode } from "./progress";
import { lineAt, transcriptFromLog } from "./transcript";

/**
 * What a trainee may see of a call: the brief, the customer's lines, the mood, and the texts of
 * the responses on offer, never the scenario behind them (no tags, feedback, mood effects,
 * branches or choice ids: ids such as `scripted-apology` would be an answer key). The server
 * builds it from the customer machine after each turn; the trainer's playtest builds the same
 * view in the browser.
 */

/** The parts of the brief shown during the call. */
export interface CallBrief {
  title: string;
  version: number;
  brief: string;
  persona: { name: string; description: string };
}

export interface CallOption {
  /** 1-based position in the order shown (a per-run shuffle); what the trainee sends back. */
  option: number;
  text: string;
}

export interface CallTurn {
  customer: string;
  said: string;
  before: Mood;
  after: Mood;
}

export interface CallView {
  /** Turns played so far. */
  turns: number;
  /** What the customer says now (an ending's last line included). */
  line: string;
  mood: Mood;
  /** The mood before the last turn, for the meter's change. */
  previousMood: Mood | null;
  /** The responses on offer, in display order; empty once the call has ended. */
  options: CallOption[];
  transcript: CallTurn[];
  ended: { kind: EndingKind; summary: string | null } | null;
  /**
   * The fewest turns still to come, from the scenario graph whatever the mood (progress.ts): a
   * lower bound for the progress line, the same whichever response is chosen next; 0 once ended.
   */
  turnsLeft: number | null;
}

export function callBrief(scenario: Scenario): CallBrief {
  return { title: scenario.title, version: scenario.version, brief: scenario.brief, persona: scenario.persona };
}

/**
 * The choice ids on offer at a node, in the order this run shows them. `at`: the mood and flags
 * of the call there (a format 2 choice with a `when` that does not hold is not shown; the others
 * keep the places the run's shuffle gives them among all the node's choices).
 */
export function offeredInOrder(scenario: Scenario, seed: string, nodeId: string, at: { mood: Mood; flags: number }): string[] {
  const node = scenario.nodes[nodeId];
  if (!node || node.ending) return [];
  const order = choiceOrder(seed, nodeId, node.choices.length).map((i) => node.choices[i]!);
  return order.filter((c) => isOffered(c, at.mood, at.flags)).map((c) => c.id);
}

/** The mood and flags of a call at a customer-machine snapshot. */
export function callStateOf(snapshot: CustomerSnapshot): { mood: Mood; flags: number } {
  return { mood: { anger: snapshot.context.anger, trust: snapshot.context.trust }, flags: snapshot.context.flags };
}

/** The view of a call at a customer-machine snapshot. `seed` (the run id) fixes the order of the responses. */
export function callViewOf(scenario: Scenario, seed: string, snapshot: CustomerSnapshot): CallView {
  const nodeId = snapshot.value as unknown as string;
  const node = scenario.nodes[nodeId]!;
  const { log } = snapshot.context;
  const state = callStateOf(snapshot);
  const mood = state.mood;
  const done = snapshot.status === "done";
  const byId = new Map(node.choices.map((c) => [c.id, c]));
  return {
    turns: log.length,
    line: lineAt(scenario, nodeId, mood, state.flags),
    mood,
    previousMood: log.length ? log[log.length - 1]!.before : null,
    options: done ? [] : offeredInOrder(scenario, seed, nodeId, state).map((id, i) => ({ option: i + 1, text: byId.get(id)!.text })),
    transcript: transcriptFromLog(scenario, log).map((t) => ({ customer: t.customer, said: t.said, before: t.before, after: t.after })),
    ended: done && node.ending ? { kind: node.ending.kind, summary: node.ending.summary ?? null } : null,
    turnsLeft: done ? 0 : (turnsLeftByNode(scenario).get(nodeId) ?? null),
  };
}

/**
 * The customer machine's actor with the saved choices played, started. `played` is how many
 * of them the machine accepted (fewer than given when the saved call no longer fits the scenario).
 */
export function restoreCall(scenario: Scenario, choiceIds: readonly string[]) {
  const actor = createActor(customerMachineFor(scenario)).start();
  let played = 0;
  for (const choiceId of choiceIds) {
    const snapshot = actor.getSnapshot();
    if (snapshot.status !== "active" || !snapshot.can({ type: "CHOOSE", choiceId })) break;
    actor.send({ type: "CHOOSE", choiceId });
    played++;
  }
  return { actor, played };
}

/** The choice id behind a display position at the call's current node, or null when there is none. */
export function choiceAtOption(scenario: Scenario, seed: string, snapshot: CustomerSnapshot, option: number): string | null {
  if (snapshot.status !== "active" || !Number.isInteger(option) || option < 1) return null;
  return offeredInOrder(scenario, seed, snapshot.value as unknown as string, callStateOf(snapshot))[option - 1] ?? null;
}
