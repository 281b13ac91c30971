import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { choiceOrder } from "./choice-order";

describe("choiceOrder", () => {
  it("is a permutation, the same every time for a run and node", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 0, max: 5 }), (seed, node, count) => {
        const order = choiceOrder(seed, node, count);
        expect([...order].sort()).toEqual(Array.from({ length: count }, (_, i) => i));
        expect(choiceOrder(seed, node, count)).toEqual(order);
      }),
    );
  });

  it("puts the first-listed response in every position across runs", () => {
    const positions = new Map<number, number>();
    for (let run = 0; run < 2000; run++) {
      const at = choiceOrder(`run-${run}`, "opening", 4).indexOf(0);
      positions.set(at, (positions.get(at) ?? 0) + 1);
    }
    expect([...positions.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const count of positions.values()) expect(count).toBeGreaterThan(400); // ~500 each
  });
});
