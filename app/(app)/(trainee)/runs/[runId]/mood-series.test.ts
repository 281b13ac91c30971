import { describe, expect, it } from "vitest";
import { moodSeries, moodSummary } from "./mood-series";

describe("moodSeries", () => {
  it("starts with the starting mood and adds one point per turn", () => {
    const points = moodSeries({ anger: 70, trust: 25 }, [{ mood: { anger: 80, trust: 20 } }, { mood: { anger: 40, trust: 50 } }]);
    expect(points).toEqual([
      { turn: 0, label: "Start", anger: 70, trust: 25 },
      { turn: 1, label: "Turn 1", anger: 80, trust: 20 },
      { turn: 2, label: "Turn 2", anger: 40, trust: 50 },
    ]);
    expect(moodSummary(points)).toBe("Anger went from 70 to 40 (peak 80 at turn 1), and trust from 25 to 50, over 2 turns.");
  });

  it("leaves out the peak when it is the start or the end", () => {
    const points = moodSeries({ anger: 70, trust: 25 }, [{ mood: { anger: 60, trust: 30 } }]);
    expect(moodSummary(points)).toBe("Anger went from 70 to 60, and trust from 25 to 30, over 1 turn.");
  });
});
