import { assign, createActor, setup, type SnapshotFrom } from "xstate";
import type { Scenario } from "../scenario/model";
import type { Tag } from "../scenario/tags";
import { holds, type Condition, type Mood } from "../scenario/condition";
import { applyEffect } from "./mood";

export interface TurnRecord {
  node: string;
  choice: string;
  tags: Tag[];
  before: Mood;
  after: Mood;
  to: string;
}

export interface CustomerContext extends Mood {
  /** Facts the trainee has reflected back so far, in the order first heard. */
  factsHeard: string[];
  log: TurnRecord[];
}

export type CustomerEvent = { type: "CHOOSE"; choiceId: string };

/**
 * Builds the simulated customer for one scenario: one state per node, endings as
 * final states, the trainee's choice as a CHOOSE event, mood conditions as guards.
 * Guards look at the mood *after* the choice's effect, so a choice that pushes anger
 * to 90 can itself make the customer hang up.
 */
export function createCustomerMachine(scenario: Scenario) {
  const choiceById = new Map(
    scenario.nodeIds.flatMap((id) => scenario.nodes[id]!.choices.map((c) => [c.id, c] as const)),
  );

  const states: Record<string, object> = {};
  for (const id of scenario.nodeIds) {
    const node = scenario.nodes[id]!;
    if (node.ending) {
      states[id] = { type: "final" };
      continue;
    }
    states[id] = {
      on: {
        CHOOSE: node.choices.flatMap((choice) =>
          choice.branches.map((branch) => ({
            target: branch.to,
            guard: { type: "takesBranch", params: { choiceId: choice.id, when: branch.when } },
            actions: { type: "recordTurn", params: { node: id, choiceId: choice.id, to: branch.to } },
          })),
        ),
      },
    };
  }

  return setup({
    types: {
      context: {} as CustomerContext,
      events: {} as CustomerEvent,
    },
    guards: {
      takesBranch: ({ context, event }, params: { choiceId: string; when?: Condition }) => {
        if (event.choiceId !== params.choiceId) return false;
        const choice = choiceById.get(params.choiceId)!;
        return holds(params.when, applyEffect(context, choice.effect));
      },
    },
    actions: {
      recordTurn: assign(({ context }, params: { node: string; choiceId: string; to: string }) => {
        const choice = choiceById.get(params.choiceId)!;
        const before = { anger: context.anger, trust: context.trust };
        const after = applyEffect(before, choice.effect);
        const newFacts = choice.tags.includes("paraphrase") ? choice.facts.filter((f) => !context.factsHeard.includes(f)) : [];
        return {
          ...after,
          factsHeard: newFacts.length ? [...context.factsHeard, ...newFacts] : context.factsHeard,
          log: [...context.log, { node: params.node, choice: choice.id, tags: choice.tags, before, after, to: params.to }],
        };
      }),
    },
  }).createMachine({
    id: scenario.id,
    initial: scenario.start,
    context: { anger: scenario.mood.anger, trust: scenario.mood.trust, factsHeard: [], log: [] },
    states,
  } as never);
}

export type CustomerMachine = ReturnType<typeof createCustomerMachine>;
export type CustomerSnapshot = SnapshotFrom<CustomerMachine>;

const machines = new WeakMap<Scenario, CustomerMachine>();

/** One machine per compiled scenario object. */
export function customerMachineFor(scenario: Scenario): CustomerMachine {
  let machine = machines.get(scenario);
  if (!machine) {
    machine = createCustomerMachine(scenario);
    machines.set(scenario, machine);
  }
  return machine;
}

/**
 * Runs choices through the real XState actor and returns the turn log, the node and the
 * mood. Used by tests to prove `replay` applies the machine's rules exactly.
 */
export function replayWithMachine(scenario: Scenario, choiceIds: readonly string[]) {
  const actor = createActor(customerMachineFor(scenario)).start();
  for (const choiceId of choiceIds) {
    const snapshot = actor.getSnapshot();
    if (snapshot.status === "done" || !snapshot.can({ type: "CHOOSE", choiceId })) break;
    actor.send({ type: "CHOOSE", choiceId });
  }
  const snapshot = actor.getSnapshot();
  actor.stop();
  return {
    node: snapshot.value as unknown as string,
    mood: { anger: snapshot.context.anger, trust: snapshot.context.trust },
    factsHeard: snapshot.context.factsHeard,
    log: snapshot.context.log,
    done: snapshot.status === "done",
  };
}
