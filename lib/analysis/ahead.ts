import type { Scenario } from "../scenario/model";
import type { EndingKind } from "../scenario/schema";
import type { Tag } from "../scenario/tags";
import type { Ahead } from "../scoring/score";

/**
 * For each node, what the rest of a call from there can still bring (`Ahead`): the tags of the
 * choices at every node reachable from it by any branch, whatever the mood (so never less than a
 * call can meet), and the endings among them. Worked out once per strongly connected component of
 * the node graph, in reverse topological order (Tarjan), so it stays linear in the edges.
 */
export function aheadOfNodes(scenario: Scenario): Map<string, Ahead> {
  return nodeComponents(scenario).ahead;
}

/** Whether a call can come back to a node it has been to (a cycle in the node graph, whatever the mood). */
export function hasLoop(scenario: Scenario): boolean {
  return nodeComponents(scenario).loop;
}

const components = new WeakMap<Scenario, { ahead: Map<string, Ahead>; loop: boolean }>();

function nodeComponents(scenario: Scenario): { ahead: Map<string, Ahead>; loop: boolean } {
  const cached = components.get(scenario);
  if (cached) return cached;
  const ids = scenario.nodeIds;
  const at = new Map(ids.map((id, i) => [id, i]));
  const next = ids.map((id) => [...new Set(scenario.nodes[id]!.choices.flatMap((c) => c.branches.map((b) => at.get(b.to)!)))]);
  const index = new Int32Array(ids.length).fill(-1);
  const low = new Int32Array(ids.length);
  const onStack = new Uint8Array(ids.length);
  const component = new Int32Array(ids.length).fill(-1);
  const stack: number[] = [];
  const out = new Map<string, Ahead>();
  let loop = false;
  let counter = 0;
  for (let root = 0; root < ids.length; root++) {
    if (index[root] !== -1) continue;
    const work: { v: number; e: number }[] = [{ v: root, e: 0 }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length) {
      const top = work[work.length - 1]!;
      const v = top.v;
      if (top.e < next[v]!.length) {
        const w = next[v]![top.e++]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push({ v: w, e: 0 });
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length) low[work[work.length - 1]!.v] = Math.min(low[work[work.length - 1]!.v]!, low[v]!);
      if (low[v] !== index[v]) continue;
      // A finished component: everything its nodes offer, plus what every component after it offers.
      const members: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = 0;
        component[w] = v;
        members.push(w);
      } while (w !== v);
      const tags = new Set<Tag>();
      const endings = new Set<EndingKind>();
      let wrongFacts = false;
      for (const m of members) {
        const node = scenario.nodes[ids[m]!]!;
        if (node.ending) endings.add(node.ending.kind);
        for (const c of node.choices) {
          for (const t of c.tags) tags.add(t);
          if (c.wrongFacts.length) wrongFacts = true;
        }
        for (const n of next[m]!) {
          if (component[n] === v) continue;
          const later = out.get(ids[n]!)!; // a finished component: Tarjan finishes successors first
          for (const t of later.tags) tags.add(t);
          for (const e of later.endings) endings.add(e);
          wrongFacts ||= later.wrongFacts;
        }
      }
      const ahead: Ahead = { tags, wrongFacts, endings };
      for (const m of members) out.set(ids[m]!, ahead);
      if (members.length > 1 || next[v]!.includes(v)) loop = true;
    }
  }
  const result = { ahead: out, loop };
  components.set(scenario, result);
  return result;
}

/** For each node, the fewest turns to an ending by any branch, whatever the mood (unreachable: 1023). */
export function turnsToAnEnding(scenario: Scenario): Map<string, number> {
  const callers = new Map<string, string[]>();
  for (const id of scenario.nodeIds) {
    for (const c of scenario.nodes[id]!.choices) {
      for (const b of c.branches) {
        const list = callers.get(b.to);
        if (list) list.push(id);
        else callers.set(b.to, [id]);
      }
    }
  }
  const out = new Map<string, number>(scenario.nodeIds.map((id) => [id, 1023]));
  const queue = scenario.nodeIds.filter((id) => scenario.nodes[id]!.ending);
  for (const id of queue) out.set(id, 0);
  for (let q = 0; q < queue.length; q++) {
    const id = queue[q]!;
    for (const caller of callers.get(id) ?? []) {
      if (out.get(caller)! > out.get(id)! + 1) {
        out.set(caller, out.get(id)! + 1);
        queue.push(caller);
      }
    }
  }
  return out;
}
