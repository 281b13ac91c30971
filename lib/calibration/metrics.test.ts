import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { meanAbsoluteDifference, ranks, spearman } from "./metrics";

describe("calibration metrics", () => {
  it("ranks ties with their mean rank", () => {
    expect(ranks([10, 30, 20, 30])).toEqual([1, 3.5, 2, 3.5]);
  });
  it("Spearman is 1 for any increasing relation and -1 for a decreasing one", () => {
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [8, 4, 2, 1])).toBeCloseTo(-1);
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8);
  });
  it("Spearman stays within [-1, 1] and is symmetric", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })), { minLength: 2, maxLength: 40 }),
        (pairs) => {
          const x = pairs.map((p) => p[0]),
            y = pairs.map((p) => p[1]);
          const r = spearman(x, y);
          expect(r).toBeGreaterThanOrEqual(-1 - 1e-9);
          expect(r).toBeLessThanOrEqual(1 + 1e-9);
          expect(r).toBeCloseTo(spearman(y, x), 9);
        },
      ),
    );
  });
  it("mean absolute difference", () => {
    expect(meanAbsoluteDifference([0, 10, 20], [5, 10, 30])).toBe(5);
  });
});
