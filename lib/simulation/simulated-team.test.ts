import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { replay } from "../customer/replay";
import { loadScenario } from "../scenario/load";
import type { Scenario } from "../scenario/model";
import { scoreRun } from "../scoring/report";
import { createRng, PROFILES, runRowData, TeamSimulator, turnRowsData, type SimulatedRun } from "./simulated-team";

const SCENARIOS: Scenario[] = readdirSync("scenarios")
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => {
    const r = loadScenario(readFileSync(`scenarios/${f}`), f);
    if (!r.ok) throw new Error(`${f} does not load`);
    return r.scenario;
  });
const byId = new Map(SCENARIOS.map((s) => [s.id, s]));
const sim = new TeamSimulator(SCENARIOS);
const TO = new Date("2026-11-26T12:00:00Z");
const FROM = new Date(TO.getTime() - 56 * 86_400_000);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function team(seed: number, kind: keyof typeof PROFILES, trainees: number, runs: number): SimulatedRun[][] {
  const rng = createRng(seed);
  return Array.from({ length: trainees }, () => sim.simulateTrainee({ profile: PROFILES[kind], runs, from: FROM, to: TO, rng }));
}

describe("createRng", () => {
  it("gives the same sequence for the same seed, another for another seed, in [0, 1)", () => {
    const a = createRng(7),
      b = createRng(7),
      c = createRng(8);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c.next())).not.toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    // Roughly uniform: each tenth holds 5-15% of 1,000 draws.
    for (let d = 0; d < 10; d++) {
      const n = xs.filter((x) => x >= d / 10 && x < (d + 1) / 10).length;
      expect(n).toBeGreaterThan(50);
      expect(n).toBeLessThan(150);
    }
    const r = createRng(1);
    const ints = Array.from({ length: 500 }, () => r.int(3, 15));
    expect(Math.min(...ints)).toBe(3);
    expect(Math.max(...ints)).toBe(15);
  });
});

describe("TeamSimulator", () => {
  it("is deterministic for a seed, and a different seed plays differently", () => {
    const a = team(123, "mixed", 3, 10);
    const b = team(123, "mixed", 3, 10);
    const c = team(124, "mixed", 3, 10);
    expect(b).toEqual(a);
    expect(c.flat().map((r) => r.choiceIds)).not.toEqual(a.flat().map((r) => r.choiceIds));
    // A fresh simulator (empty caches) plays the same runs from the same seed.
    const fresh = new TeamSimulator(SCENARIOS);
    const rng = createRng(123);
    expect(Array.from({ length: 3 }, () => fresh.simulateTrainee({ profile: PROFILES.mixed, runs: 10, from: FROM, to: TO, rng }))).toEqual(
      a,
    );
  });

  it("every generated run replays to exactly its stored outcome, scores, pass, critical errors and mood", () => {
    const runs = (["good", "improving", "mixed", "poor"] as const).flatMap((kind, i) => team(1000 + i, kind, 10, 15).flat());
    expect(runs).toHaveLength(600);
    for (const run of runs) {
      const scenario = byId.get(run.scenarioId)!;
      const report = scoreRun(scenario, run.choiceIds);
      expect(report.error).toBeUndefined();
      expect(report.outcome).not.toBeNull();
      expect({
        scenarioVersion: run.scenarioVersion,
        outcome: run.outcome,
        overall: run.overall,
        dimensions: {
          laer: run.laer,
          reflectiveListening: run.reflectiveListening,
          promises: run.promises,
          professionalism: run.professionalism,
        },
        passed: run.passed,
        criticalErrors: run.criticalErrors,
        mood: [run.angerStart, run.trustStart, run.angerEnd, run.trustEnd],
      }).toEqual({
        scenarioVersion: scenario.version,
        outcome: report.outcome,
        overall: report.score.overall,
        dimensions: report.score.dimensions,
        passed: report.passed,
        criticalErrors: [...new Set(report.criticalErrors.map((c) => c.rule))],
        mood: [scenario.mood.anger, scenario.mood.trust, report.mood.anger, report.mood.trust],
      });
      // The path ends exactly at an ending: nothing after it, nothing missing.
      const played = replay(scenario, run.choiceIds);
      expect(played.ending).toBe(run.outcome);
      expect(played.turns).toHaveLength(run.choiceIds.length);
    }
    // The generated runs cover the range: passes and fails, several outcomes, critical errors.
    expect(runs.some((r) => r.passed)).toBe(true);
    expect(runs.some((r) => !r.passed)).toBe(true);
    expect(runs.some((r) => r.criticalErrors.length > 0)).toBe(true);
    expect(new Set(runs.map((r) => r.outcome)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(runs.map((r) => r.scenarioId))).toEqual(new Set(byId.keys()));
  });

  it("scores rise with skill on every built-in scenario", () => {
    const rng = createRng(99);
    for (const scenario of SCENARIOS) {
      const at = (skill: number) => Array.from({ length: 200 }, () => sim.playRun(scenario, skill, rng, FROM));
      const [poor, mid, good] = [at(0.15), at(0.5), at(0.9)];
      const [p, m, g] = [poor, mid, good].map((runs) => mean(runs.map((r) => r.overall)));
      expect(p).toBeLessThan(m!);
      expect(m).toBeLessThan(g!);
      expect(g! - p!).toBeGreaterThan(25);
      const passRate = (runs: SimulatedRun[]) => runs.filter((r) => r.passed).length / runs.length;
      expect(passRate(poor)).toBeLessThan(0.35);
      // A model call scores about 90 under rubric 2, so a good player passes most, not nearly all, calls.
      expect(passRate(good)).toBeGreaterThan(0.75);
    }
  });

  it("good players outscore mixed, mixed outscore poor; improving players end better than they start", () => {
    const avg = (kind: keyof typeof PROFILES) =>
      mean(
        team(5, kind, 40, 12)
          .flat()
          .map((r) => r.overall),
      );
    const [good, mixed, poor] = [avg("good"), avg("mixed"), avg("poor")];
    expect(good).toBeGreaterThan(mixed);
    expect(mixed).toBeGreaterThan(poor);
    expect(good).toBeGreaterThan(75);
    expect(poor).toBeLessThan(55);

    const improving = team(6, "improving", 60, 12);
    const early = mean(improving.flatMap((runs) => runs.slice(0, 4).map((r) => r.overall)));
    const late = mean(improving.flatMap((runs) => runs.slice(-4).map((r) => r.overall)));
    expect(late - early).toBeGreaterThan(15);
  });

  it("spreads a trainee's runs over the window, oldest first, calls never overlapping", () => {
    for (const runs of team(77, "improving", 20, 15)) {
      expect(runs).toHaveLength(15);
      for (const [i, run] of runs.entries()) {
        expect(run.startedAt.getTime()).toBeGreaterThanOrEqual(FROM.getTime());
        expect(run.completedAt.getTime()).toBeLessThanOrEqual(TO.getTime());
        expect(run.turnTimes).toHaveLength(run.choiceIds.length);
        expect(run.turnTimes[0]!.getTime()).toBeGreaterThan(run.startedAt.getTime());
        for (let t = 1; t < run.turnTimes.length; t++) expect(run.turnTimes[t]!.getTime()).toBeGreaterThan(run.turnTimes[t - 1]!.getTime());
        expect(run.completedAt).toEqual(run.turnTimes.at(-1));
        if (i > 0) expect(run.startedAt.getTime()).toBeGreaterThan(runs[i - 1]!.completedAt.getTime());
      }
      // Over 8 weeks, not bunched on one day.
      expect(runs.at(-1)!.startedAt.getTime() - runs[0]!.startedAt.getTime()).toBeGreaterThan(7 * 86_400_000);
    }
  });

  it("maps a run to the Run and Turn rows the app saves", () => {
    const run = team(3, "poor", 1, 15)[0]!.find((r) => r.criticalErrors.length > 0) ?? team(3, "poor", 1, 15)[0]![0]!;
    const row = runRowData(run, { id: "run-1", userId: "u1", scenarioVersionId: "v1" });
    expect(row).toMatchObject({
      id: "run-1",
      userId: "u1",
      scenarioVersionId: "v1",
      status: "completed",
      turnCount: run.choiceIds.length,
      outcome: run.outcome,
      overall: run.overall,
      passed: run.passed,
      criticalErrors: run.criticalErrors.join(","),
      startedAt: run.startedAt,
      completedAt: run.completedAt,
    });
    let n = 0;
    const turns = turnRowsData(run, "run-1", () => `t${n++}`);
    expect(turns.map((t) => [t.index, t.choiceId])).toEqual(run.choiceIds.map((c, i) => [i, c]));
    expect(new Set(turns.map((t) => t.id)).size).toBe(turns.length);
  });

  it("generates 50,000 runs well within a minute", () => {
    const fresh = new TeamSimulator(SCENARIOS);
    const rng = createRng(2026);
    const kinds = Object.keys(PROFILES) as (keyof typeof PROFILES)[];
    const started = performance.now();
    let count = 0;
    for (let i = 0; i < 1000; i++)
      count += fresh.simulateTrainee({ profile: PROFILES[kinds[i % kinds.length]!], runs: 50, from: FROM, to: TO, rng }).length;
    const ms = performance.now() - started;
    expect(count).toBe(50_000);
    expect(ms).toBeLessThan(30_000);
  }, 60_000);
});
