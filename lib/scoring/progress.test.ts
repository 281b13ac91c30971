import { describe, expect, it } from "vitest";
import { progressOf, type RunScores } from "./progress";

const run = (id: string, day: number, scores: Partial<RunScores> = {}): RunScores => ({
  id,
  status: "completed",
  startedAt: new Date(2026, 10, day, 9),
  completedAt: new Date(2026, 10, day, 10),
  overall: 60,
  laer: 60,
  reflectiveListening: 60,
  promises: 60,
  professionalism: 60,
  passed: false,
  title: "Charged twice",
  ...scores,
});

describe("progressOf", () => {
  it("orders completed runs oldest first and skips runs in progress", () => {
    const p = progressOf([
      run("c", 3, { overall: 90, laer: 100, passed: true }),
      run("open", 4, { status: "in_progress", completedAt: null }),
      run("a", 1, { overall: 40, laer: 20 }),
      run("b", 2, { overall: 70, laer: 80, reflectiveListening: 30 }),
    ]);
    expect(p.points.map((x) => x.runId)).toEqual(["a", "b", "c"]);
    expect(p.points.map((x) => x.attempt)).toEqual([1, 2, 3]);
    const laer = p.summary.find((s) => s.measure === "laer")!;
    expect(laer).toEqual({ measure: "laer", first: 20, latest: 100, best: 100, change: 80 });
    const reflective = p.summary.find((s) => s.measure === "reflectiveListening")!;
    expect(reflective.best).toBe(60);
    expect(reflective.latest).toBe(60);
    expect(p.passes).toBe(1);
  });

  it("names the weakest dimension of the latest run", () => {
    const p = progressOf([run("a", 1, { promises: 10 }), run("b", 2, { professionalism: 35, promises: 90 })]);
    expect(p.weakestInLatestCall).toBe("professionalism");
  });

  it("is empty with no completed runs", () => {
    const p = progressOf([run("open", 1, { status: "in_progress", completedAt: null })]);
    expect(p.points).toEqual([]);
    expect(p.summary).toEqual([]);
    expect(p.weakestInLatestCall).toBeNull();
  });
});
