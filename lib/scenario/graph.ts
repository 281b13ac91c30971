/**
 * The one home of "can the call still end from here": every node with a path to an ending,
 * found backwards from the endings (linear in the edges). The loader reports the nodes outside
 * it; the trainer's graph marks them.
 */
export function nodesThatCanEnd(endings: Iterable<string>, edges: Iterable<readonly [from: string, to: string]>): Set<string> {
  const callers = new Map<string, string[]>();
  for (const [from, to] of edges) {
    const list = callers.get(to);
    if (list) list.push(from);
    else callers.set(to, [from]);
  }
  const canEnd = new Set<string>(endings);
  const back = [...canEnd];
  while (back.length) {
    for (const caller of callers.get(back.pop()!) ?? []) {
      if (!canEnd.has(caller)) {
        canEnd.add(caller);
        back.push(caller);
      }
    }
  }
  return canEnd;
}
