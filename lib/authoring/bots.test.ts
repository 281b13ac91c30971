import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeScenario } from "../analysis/analyze";
import { loadScenario } from "../scenario/load";
import { scoreRun } from "../scoring/report";
import { chainChoices, chainScenario } from "../testing/build";
import { createBotRunner, playRandomPaths } from "./bots";

function load(text: string) {
  const result = loadScenario(text, "test.yaml");
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.scenario;
}
const tinyText = readFileSync(new URL("../scenario/fixtures/tiny.yaml", import.meta.url), "utf8");
const tiny = load(tinyText);

describe("bot playthroughs", () => {
  it("are deterministic for a seed, and the same whether played at once or in chunks", () => {
    const once = playRandomPaths(tiny, 500, { seed: "abc" });
    expect(playRandomPaths(tiny, 500, { seed: "abc" })).toEqual(once);
    const runner = createBotRunner(tiny, { seed: "abc" });
    for (let i = 0; i < 5; i++) runner.play(100);
    expect(runner.played).toBe(500);
    expect(runner.stats()).toEqual(once);
    expect(playRandomPaths(tiny, 500, { seed: "abd" })).not.toEqual(once);
  });

  it("count every run once, cover the small scenario fully, and stay inside the analysis's score range", () => {
    const stats = playRandomPaths(tiny, 1000, { seed: 7 });
    const analysis = analyzeScenario(tiny);
    expect(stats.runs).toBe(1000);
    expect(Object.values(stats.outcomes).reduce((a, b) => a + b, 0)).toBe(1000);
    expect(stats.nodes).toEqual({ visited: 8, total: 8, unvisited: [] });
    expect(stats.choices.used).toBe(stats.choices.total);
    expect(stats.outcomes.resolved).toBeGreaterThan(0);
    expect(stats.outcomes.escalated).toBeGreaterThan(0);
    expect(stats.outcomes["hung-up"]).toBeGreaterThan(0);
    expect(stats.distinctPaths).toBeGreaterThan(10);
    expect(stats.distinctPaths).toBeLessThanOrEqual(1000);
    const s = stats.scores!;
    expect(s.min).toBeGreaterThanOrEqual(analysis.scoreRange.min);
    expect(s.max).toBeLessThanOrEqual(analysis.scoreRange.max);
    expect(s.min).toBeLessThanOrEqual(s.median);
    expect(s.median).toBeLessThanOrEqual(s.max);
    expect(s.histogram.reduce((a, b) => a + b, 0)).toBe(1000 - stats.outcomes.unfinished);
    expect(s.passRate).toBeGreaterThanOrEqual(0);
    expect(s.passRate).toBeLessThanOrEqual(1);
  });

  it("score a run exactly as the scorer does", () => {
    const chain = chainScenario([{ tags: ["listen"] }, { tags: ["acknowledge"] }, { tags: ["explore"] }, { tags: ["respond", "commit"] }]);
    const expected = scoreRun(chain, chainChoices(chain));
    const stats = playRandomPaths(chain, 20, { seed: 1 });
    expect(stats.distinctPaths).toBe(1);
    expect(stats.scores).toMatchObject({
      min: expected.score.overall,
      median: expected.score.overall,
      max: expected.score.overall,
      passRate: expected.passed ? 1 : 0,
    });
    expect(stats.outcomes.resolved).toBe(20);
  });

  it("report runs that run out of turns as unfinished, and score only the finished ones", () => {
    // Two turns reach an ending only through `refund-now` or `why-didnt` at the first node.
    const stats = playRandomPaths(tiny, 300, { seed: 3, maxTurns: 2 });
    expect(stats.outcomes.unfinished).toBeGreaterThan(0);
    expect(stats.outcomes.resolved).toBeGreaterThan(0);
    expect(stats.scores!.histogram.reduce((a, b) => a + b, 0)).toBe(300 - stats.outcomes.unfinished);
    expect(stats.nodes.unvisited).toEqual(expect.arrayContaining(["explored", "summarised", "close-meh"]));
  });
});
