/**
 * A layered ("Sugiyama-style") layout for the conversation graph, top to bottom: the start node
 * on top, each node below every node that leads to it (loops aside), endings at the bottom of
 * their branches. Pure and fast: no dummy nodes for long edges (React Flow draws edges as curves,
 * nothing routes them), so a 300-node scenario lays out in a few milliseconds where dagre and
 * elkjs took 40-75 s (see docs-viz-notes.md).
 *
 * 1. Ranks: a depth-first search from the start marks loop edges; the rest is a DAG, and each
 *    node's rank is its longest distance from the start. Nodes the start cannot reach are laid
 *    out the same way from their own roots, after the reachable part.
 * 2. Order in each rank: barycentre sweeps down and up over edges between adjacent ranks.
 * 3. x: each node is pulled toward the mean of its neighbours in the previous rank, then
 *    overlaps are pushed apart; a few passes down and up.
 */

export interface LayoutNode {
  id: string;
}

export interface LayoutEdge {
  source: string;
  target: string;
}

export interface LayoutOptions {
  nodeWidth?: number;
  nodeHeight?: number;
  /** Vertical space between ranks. */
  rankGap?: number;
  /** Horizontal space between nodes in a rank. */
  nodeGap?: number;
  sweeps?: number;
}

export interface Layout {
  /** Top-left corner of each node. */
  positions: Record<string, { x: number; y: number }>;
  /** Node ids by rank, in left-to-right order. */
  ranks: string[][];
  width: number;
  height: number;
}

export function layoutGraph(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  start: string | null,
  options: LayoutOptions = {},
): Layout {
  const width = options.nodeWidth ?? 240;
  const height = options.nodeHeight ?? 88;
  const rankGap = options.rankGap ?? 80;
  const nodeGap = options.nodeGap ?? 40;
  const sweeps = options.sweeps ?? 4;

  const ids = nodes.map((n) => n.id);
  const known = new Set(ids);
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) {
    if (known.has(e.source) && known.has(e.target) && e.source !== e.target) out.get(e.source)!.push(e.target);
  }

  // 1. Depth-first from each root (start first, then every node not yet seen, in order): an
  //    edge to a node still on the stack closes a loop. Post-order reversed is a topological order.
  const state = new Map<string, 1 | 2>(); // 1 on stack, 2 done
  const loopEdges = new Set<string>();
  const postOrder: string[] = [];
  const roots = start !== null && known.has(start) ? [start, ...ids] : ids;
  for (const root of roots) {
    if (state.has(root)) continue;
    const stack: [string, number][] = [[root, 0]];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const targets = out.get(top[0])!;
      if (top[1] < targets.length) {
        const to = targets[top[1]++]!;
        const s = state.get(to);
        if (s === 1) loopEdges.add(`${top[0]}\u0000${to}`);
        else if (s === undefined) {
          state.set(to, 1);
          stack.push([to, 0]);
        }
      } else {
        state.set(top[0], 2);
        postOrder.push(top[0]);
        stack.pop();
      }
    }
  }
  const topo = postOrder.reverse();
  const rank = new Map<string, number>(ids.map((id) => [id, 0]));
  const forward = new Map<string, string[]>(ids.map((id) => [id, []]));
  const backward = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of topo) {
    for (const to of out.get(id)!) {
      if (loopEdges.has(`${id}\u0000${to}`)) continue;
      forward.get(id)!.push(to);
      backward.get(to)!.push(id);
      if (rank.get(to)! < rank.get(id)! + 1) rank.set(to, rank.get(id)! + 1);
    }
  }

  // Nodes the start cannot reach go in ranks of their own, after the reachable ones.
  if (start !== null && known.has(start)) {
    const reach = new Set([start]);
    const queue = [start];
    while (queue.length) {
      for (const to of out.get(queue.pop()!)!) {
        if (reach.has(to)) continue;
        reach.add(to);
        queue.push(to);
      }
    }
    const lastReachable = Math.max(0, ...[...reach].map((id) => rank.get(id)!));
    for (const id of ids) if (!reach.has(id)) rank.set(id, rank.get(id)! + lastReachable + 1);
  }

  const rankCount = Math.max(0, ...rank.values()) + 1;
  const ranks: string[][] = Array.from({ length: ids.length ? rankCount : 0 }, () => []);
  for (const id of topo) ranks[rank.get(id)!]!.push(id);

  // 2. Order: barycentre of the neighbours in the adjacent rank.
  const order = new Map<string, number>();
  const renumber = (r: string[]) => r.forEach((id, i) => order.set(id, i));
  ranks.forEach(renumber);
  const sortBy = (r: string[], neighbours: Map<string, string[]>, adjacent: number) => {
    const key = new Map<string, number>();
    for (const id of r) {
      let sum = 0;
      let n = 0;
      for (const m of neighbours.get(id)!) {
        if (rank.get(m) === adjacent) {
          sum += order.get(m)!;
          n++;
        }
      }
      key.set(id, n ? sum / n : order.get(id)!);
    }
    r.sort((a, b) => key.get(a)! - key.get(b)! || order.get(a)! - order.get(b)!);
    renumber(r);
  };
  for (let s = 0; s < sweeps; s++) {
    for (let r = 1; r < ranks.length; r++) sortBy(ranks[r]!, backward, r - 1);
    for (let r = ranks.length - 2; r >= 0; r--) sortBy(ranks[r]!, forward, r + 1);
  }

  // 3. x positions (centres): pull toward neighbours in the previous rank, keep the spacing.
  const step = width + nodeGap;
  const x = new Map<string, number>();
  for (const r of ranks) r.forEach((id, i) => x.set(id, i * step));
  const place = (r: string[], neighbours: Map<string, string[]>, adjacent: number) => {
    const wanted = r.map((id) => {
      const xs = neighbours
        .get(id)!
        .filter((m) => rank.get(m) === adjacent)
        .map((m) => x.get(m)!);
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : x.get(id)!;
    });
    // Left-to-right and right-to-left passes that keep `step` apart; take the average.
    const left = wanted.slice();
    for (let i = 1; i < left.length; i++) left[i] = Math.max(left[i]!, left[i - 1]! + step);
    const right = wanted.slice();
    for (let i = right.length - 2; i >= 0; i--) right[i] = Math.min(right[i]!, right[i + 1]! - step);
    const merged = left.map((l, i) => (l + right[i]!) / 2);
    for (let i = 1; i < merged.length; i++) merged[i] = Math.max(merged[i]!, merged[i - 1]! + step);
    r.forEach((id, i) => x.set(id, merged[i]!));
  };
  for (let s = 0; s < 3; s++) {
    for (let r = 1; r < ranks.length; r++) place(ranks[r]!, backward, r - 1);
    for (let r = ranks.length - 2; r >= 0; r--) place(ranks[r]!, forward, r + 1);
  }

  const minX = Math.min(0, ...x.values());
  const positions: Layout["positions"] = {};
  let maxX = 0;
  ranks.forEach((r, i) => {
    for (const id of r) {
      const left = x.get(id)! - minX;
      positions[id] = { x: Math.round(left), y: i * (height + rankGap) };
      maxX = Math.max(maxX, left + width);
    }
  });
  return { positions, ranks, width: Math.round(maxX), height: ranks.length ? ranks.length * (height + rankGap) - rankGap : 0 };
}
