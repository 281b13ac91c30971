import type { Scenario } from "../scenario/model";

/**
 * How far a call may still have to go, for the player's progress line, from the scenario graph
 * alone: for each node, the fewest turns to a resolved ending along any branch, whatever the
 * mood (so a lower bound: "at least n more turns"). A node with no resolved ending ahead counts
 * the fewest turns to any ending instead, so the figure never says that a call can no longer be
 * resolved. It is worked out for the node the call is at, before a response is chosen, and it
 * says nothing about the responses on offer: no answer key. Linear in the edges (breadth first,
 * backwards from the endings); cached per scenario.
 */
export function turnsLeftByNode(scenario: Scenario): ReadonlyMap<string, number> {
  const cached = cache.get(scenario);
  if (cached) return cached;
  const callers = new Map<string, Set<string>>();
  for (const id of scenario.nodeIds) {
    for (const choice of scenario.nodes[id]!.choices) {
      for (const branch of choice.branches) {
        const set = callers.get(branch.to) ?? new Set<string>();
        set.add(id);
        callers.set(branch.to, set);
      }
    }
  }
  const endings = scenario.nodeIds.filter((id) => scenario.nodes[id]!.ending);
  const toResolved = distancesTo(
    endings.filter((id) => scenario.nodes[id]!.ending!.kind === "resolved"),
    callers,
  );
  const toAny = distancesTo(endings, callers);
  const left = new Map<string, number>();
  for (const id of scenario.nodeIds) {
    const n = toResolved.get(id) ?? toAny.get(id);
    if (n !== undefined) left.set(id, n);
  }
  cache.set(scenario, left);
  return left;
}

const cache = new WeakMap<Scenario, Map<string, number>>();

function distancesTo(targets: string[], callers: Map<string, Set<string>>): Map<string, number> {
  const distance = new Map<string, number>(targets.map((id) => [id, 0]));
  const queue = [...targets];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    const d = distance.get(id)!;
    for (const caller of callers.get(id) ?? []) {
      if (distance.has(caller)) continue;
      distance.set(caller, d + 1);
      queue.push(caller);
    }
  }
  return distance;
}

/** The progress bar's share of the call (0–1): the turns played against those played plus the fewest still to come. */
export function progressShare(turns: number, turnsLeft: number | null): number {
  if (turnsLeft === null) return 0;
  if (turnsLeft <= 0) return 1;
  return turns / (turns + turnsLeft);
}
