/**
 * The order the player shows a node's responses in: shuffled, but the same for a given run
 * and node every time (a reload shows the same order). Without it, authors who list the model
 * answer first would teach trainees that "1 is usually right". Display only: the run, its
 * replay and its score depend on choice ids, never on positions.
 */
export function choiceOrder(seed: string, nodeId: string, count: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  const random = mulberry32(fnv1a(`${seed}:${nodeId}`));
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
