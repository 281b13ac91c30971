import { fnv1a, mulberry32 } from "../random/seeded";

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
