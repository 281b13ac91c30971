import { assign, createActor, setup, type SnapshotFrom } from "xstate";
import type { Scenario } from "../scenario/model";
import type { Tag } from "../scenario/tags";
import type { Mood } from "../scenario/condition";
import { hearFacts, isRefusal, step } from "./step";

export interface TurnRecord {
  node: string;
  choice: string;
  tags: Tag[];
  before: Mood;
  after: Mood;
  /** The call's flags before and after the choice (bitmasks over `Scenario.flags`). */
  flagsBefore: number;
  flagsAfter: number;
  to: string;
}

export interface CustomerContext extends Mood {
  /** The flags the choices so far have set (a bitmask over `Scenario.flags`). */
  flags: number;
  /** Facts the trainee has reflected back so far, in the order first heard. */
  factsHeard: string[];
  log: TurnRecord[];
}

export type CustomerEvent = { type: "CHOOSE"; choiceId: string };

/**
 * Builds the simulated customer for one scenario: one state per node, endings as
 * final states, the trainee's choice as a CHOOSE event, mood and flag conditions as guards.
 * Guards look at the mood and flags *after* the choice's effect, so a choice that pushes anger
 * to 90 can itself make the customer hang up. A choice whose `when` does not hold is not offered:
 * its guards refuse it (`step` does).
 */
export function createCustomerMachine(scenario: Scenario) {
  const customer = setup({
    types: {
      context: {} as CustomerContext,
      events: {} as CustomerEvent,
    },
    guards: {
      takesBranch: ({ context, event }, params: { node: string; choiceId: string; to: string }) => {
        if (event.choiceId !== params.choiceId) return false;
        const played = step(scenario, { node: params.node, mood: context, flags: context.flags }, params.choiceId);
        return !isRefusal(played) && played.node === params.to;
      },
    },
    actions: {
      recordTurn: assign(({ context }, params: { node: string; choiceId: string }) => {
        const before = { anger: context.anger, trust: context.trust };
        const played = step(scenario, { node: params.node, mood: before, flags: context.flags }, params.choiceId);
        if (isRefusal(played)) return {};
        return {
          ...played.mood,
          flags: played.flags,
          factsHeard: hearFacts(context.factsHeard, played.heard) as string[],
          log: [
            ...context.log,
            {
              node: params.node,
              choice: played.choice.id,
              tags: played.choice.tags,
              before,
              after: played.mood,
              flagsBefore: context.flags,
              flagsAfter: played.flags,
              to: played.node,
            },
          ],
        };
      }),
    },
  });

  type States = NonNullable<Parameters<typeof customer.createMachine>[0]["states"]>;
  const states: States = {};
  for (const id of scenario.nodeIds) {
    const node = scenario.nodes[id]!;
    if (node.ending) {
      states[id] = { type: "final" };
      continue;
    }
    states[id] = {
      on: {
        CHOOSE: node.choices.flatMap((choice) =>
          // One transition per distinct target; `step` decides which one a choice takes.
          [...new Set(choice.branches.map((b) => b.to))].map((to) => ({
            target: to,
            guard: { type: "takesBranch" as const, params: { node: id, choiceId: choice.id, to } },
            actions: { type: "recordTurn" as const, params: { node: id, choiceId: choice.id } },
          })),
        ),
      },
    };
  }

  return customer.createMachine({
    id: scenario.id,
    initial: scenario.start,
    context: { anger: scenario.mood.anger, trust: scenario.mood.trust, flags: 0, factsHeard: [], log: [] },
    states,
  });
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
    flags: snapshot.context.flags,
    factsHeard: snapshot.context.factsHeard,
    log: snapshot.context.log,
    done: snapshot.status === "done",
  };
}
