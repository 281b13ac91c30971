import { describe, expect, it } from "vitest";
import { PAUSE_MAX_MS, PAUSE_MIN_MS, remainingPauseMs, typingPauseMs } from "./pacing";

describe("typingPauseMs", () => {
  it("grows with the length of the customer's line", () => {
    const short = typingPauseMs("Fine.");
    const medium = typingPauseMs("I was charged twice this month and nobody has called me back.");
    const long = typingPauseMs("x".repeat(120));
    expect(short).toBeLessThan(medium);
    expect(medium).toBeLessThan(long);
    expect(typingPauseMs("y".repeat(50))).toBe(300 + 50 * 8);
  });

  it("stays between 0.4 and 1.6 seconds", () => {
    expect(typingPauseMs("")).toBe(PAUSE_MIN_MS);
    expect(typingPauseMs("No.")).toBe(PAUSE_MIN_MS);
    expect(typingPauseMs("word ".repeat(500))).toBe(PAUSE_MAX_MS);
    for (let n = 0; n < 400; n += 7) {
      const ms = typingPauseMs("a".repeat(n));
      expect(ms).toBeGreaterThanOrEqual(400);
      expect(ms).toBeLessThanOrEqual(1600);
    }
  });

  it("ignores surrounding white space", () => {
    expect(typingPauseMs("   Fine, go on.   ")).toBe(typingPauseMs("Fine, go on."));
  });
});

describe("remainingPauseMs", () => {
  const line = "x".repeat(100); // a 1,100 ms pause
  const motion = { reducedMotion: false, skipped: false };

  it("counts the time the server took towards the pause", () => {
    expect(remainingPauseMs(line, 0, motion)).toBe(1100);
    expect(remainingPauseMs(line, 300, motion)).toBe(800);
    expect(remainingPauseMs(line, 1100, motion)).toBe(0);
    expect(remainingPauseMs(line, 5000, motion)).toBe(0);
    expect(remainingPauseMs(line, -50, motion)).toBe(1100);
  });

  it("is none under reduced motion or once skipped", () => {
    expect(remainingPauseMs(line, 0, { reducedMotion: true, skipped: false })).toBe(0);
    expect(remainingPauseMs(line, 0, { reducedMotion: false, skipped: true })).toBe(0);
  });
});
