import { isRefusal, positionAfter, positionKey, startOf, step, type CallPosition } from "../customer/step";
import type { Scenario } from "../scenario/model";

/** Distinct call positions (node and mood) the analysis enumerates before it gives up. */
export const MAX_POSITIONS = 200_000;

/**
 * Every call position reachable from the start, each once (keyed by `positionKey`), and where each
 * choice leads from it: the customer's side of the call, without the score. The analysis's
 * reachable endings, dead lines and reply review read it, and the search runs over it.
 */
export interface PositionGraph {
  /** By index, in the order found (breadth first, choices in order): index 0 is the start. */
  positions: CallPosition[];
  index: Map<string, number>;
  /** The successor of position i's c-th choice is `succ[first[i] + c]` (endings have none). */
  first: Int32Array;
  succ: Int32Array;
  /** 1 where an ending can still be reached from the position (an ending itself included). */
  canEnd: Uint8Array;
  /** Stopped at MAX_POSITIONS: positions past the cap are missing, and so is what depends on them. */
  truncated: boolean;
}

export function explorePositions(scenario: Scenario, maxPositions = MAX_POSITIONS): PositionGraph {
  const positions: CallPosition[] = [];
  const index = new Map<string, number>();
  let first = new Int32Array(1024);
  let succ = new Int32Array(4096);
  let edges = 0;
  let truncated = false;
  const add = (position: CallPosition): number => {
    const key = positionKey(position);
    let i = index.get(key);
    if (i === undefined) {
      if (positions.length >= maxPositions) {
        truncated = true;
        return -1;
      }
      i = positions.length;
      index.set(key, i);
      positions.push(position);
    }
    return i;
  };
  add(startOf(scenario));
  for (let i = 0; i < positions.length; i++) {
    const at = positions[i]!;
    const node = scenario.nodes[at.node]!;
    if (i + 1 >= first.length) first = grow(first);
    first[i] = edges;
    if (node.ending) continue;
    for (const choice of node.choices) {
      const played = step(scenario, at, choice.id);
      if (edges >= succ.length) succ = grow(succ);
      succ[edges++] = isRefusal(played) ? -1 : add(positionAfter(played));
    }
  }
  first[positions.length] = edges;
  const graph = { positions, index, first: first.slice(0, positions.length + 1), succ: succ.slice(0, edges), truncated };
  return { ...graph, canEnd: canEndFrom(scenario, graph) };
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Backwards from the ending positions: which positions can still end the call. */
function canEndFrom(scenario: Scenario, g: Pick<PositionGraph, "positions" | "first" | "succ">): Uint8Array {
  const n = g.positions.length;
  // Reverse edges, as a compact adjacency list.
  const count = new Int32Array(n + 1);
  for (let e = 0; e < g.succ.length; e++) if (g.succ[e]! >= 0) count[g.succ[e]! + 1]!++;
  for (let i = 0; i < n; i++) count[i + 1]! += count[i]!;
  const from = new Int32Array(count[n]!);
  const fill = count.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let e = g.first[i]!; e < g.first[i + 1]!; e++) {
      const to = g.succ[e]!;
      if (to >= 0) from[fill[to]!++] = i;
    }
  }
  const canEnd = new Uint8Array(n);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) {
    if (scenario.nodes[g.positions[i]!.node]!.ending) {
      canEnd[i] = 1;
      queue.push(i);
    }
  }
  while (queue.length) {
    const to = queue.pop()!;
    for (let k = count[to]!; k < count[to + 1]!; k++) {
      const f = from[k]!;
      if (!canEnd[f]) {
        canEnd[f] = 1;
        queue.push(f);
      }
    }
  }
  return canEnd;
}

/** The position graph's strongly connected components with a cycle (a position the call can come back to). */
export function positionCycles(g: PositionGraph): number[][] {
  const n = g.positions.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  // Iterative Tarjan (a call can be thousands of positions deep): the work stack holds a position
  // and the next of its edges to follow.
  const workV = new Int32Array(n);
  const workE = new Int32Array(n);
  let depth = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    workV[0] = root;
    workE[0] = g.first[root]!;
    depth = 1;
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (depth > 0) {
      const v = workV[depth - 1]!;
      const e = workE[depth - 1]!;
      if (e < g.first[v + 1]!) {
        workE[depth - 1] = e + 1;
        const w = g.succ[e]!;
        if (w < 0) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          workV[depth] = w;
          workE[depth] = g.first[w]!;
          depth++;
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      depth--;
      if (depth > 0) {
        const parent = workV[depth - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        // (a component of one position without a loop is dropped below)
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        const selfLoop = component.length === 1 && hasEdge(g, v, v);
        if (component.length > 1 || selfLoop) out.push(component.sort((a, b) => a - b));
      }
    }
  }
  return out.sort((a, b) => a[0]! - b[0]!);
}

function hasEdge(g: PositionGraph, from: number, to: number): boolean {
  for (let e = g.first[from]!; e < g.first[from + 1]!; e++) if (g.succ[e] === to) return true;
  return false;
}

/** A shortest way round from `start` back to it, inside `component`, as the choice indexes taken (breadth first). */
export function shortestCycle(g: PositionGraph, component: readonly number[], start: number): { positions: number[]; choices: number[] } {
  const inside = new Set(component);
  const previous = new Map<number, { from: number; choice: number }>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (let e = g.first[v]!; e < g.first[v + 1]!; e++) {
      const w = g.succ[e]!;
      if (w < 0 || !inside.has(w)) continue;
      if (w === start) {
        const positions = [v];
        const choices = [e - g.first[v]!];
        let at = v;
        while (at !== start) {
          const p = previous.get(at)!;
          positions.push(p.from);
          choices.push(p.choice);
          at = p.from;
        }
        return { positions: positions.reverse(), choices: choices.reverse() };
      }
      if (!previous.has(w)) {
        previous.set(w, { from: v, choice: e - g.first[v]! });
        queue.push(w);
      }
    }
  }
  return { positions: [], choices: [] }; // not a component with a cycle through `start`
}
