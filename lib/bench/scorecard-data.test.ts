import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiledScenario } from "../data/scenarios/compiled-scenario.server";
import { findTeamScorecard } from "../data/scorecards/find-team-scorecard.server";
import { syncBuiltinScenarios } from "../data/scenarios/sync-builtin-scenarios.server";
import type { Db } from "../db/client.server";
import { scoreRun } from "../scoring/report";
import { freshDatabase, PROVIDERS } from "../testing/db";
import { createRng } from "../simulation/simulated-team";
import { populateScorecardBench, unevenCounts } from "./scorecard-data";

describe("unevenCounts", () => {
  it("spreads runs unevenly, within 20%-180% of the mean, adding up exactly", () => {
    const counts = unevenCounts(createRng(1), 1000, 50_000);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(50_000);
    expect(Math.min(...counts)).toBe(10);
    expect(Math.max(...counts)).toBe(90);
    expect(new Set(counts).size).toBeGreaterThan(60);
    expect(() => unevenCounts(createRng(1), 10, 1)).toThrow(/cannot spread/);
  });
});

describe.each(PROVIDERS)("populateScorecardBench on %s", (provider) => {
  let db: Db;
  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    await syncBuiltinScenarios(db);
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("writes the team's trainees and completed runs, which replay to their scores and fill the scorecard", async () => {
    const data = await populateScorecardBench(db, { teamId: "team-big", trainees: 20, runs: 1000, turns: true });
    expect(data).toMatchObject({ teamId: "team-big", trainees: 20, runs: 1000 });
    expect(data.passed).toBeGreaterThan(200);
    expect(data.passed).toBeLessThan(900);
    expect(await db.user.count({ where: { teamId: "team-big", roles: { some: { role: "trainee" } } } })).toBe(20);
    expect(await db.run.count({ where: { status: "completed", user: { teamId: "team-big" } } })).toBe(1000);
    expect(await db.turn.count()).toBe(data.turns);
    expect(await db.assignment.count({ where: { teamId: "team-big" } })).toBe(3);

    const sample = await db.run.findMany({ take: 100, include: { turns: { orderBy: { index: "asc" } }, scenarioVersion: true } });
    for (const run of sample) {
      const report = scoreRun(
        compiledScenario(run.scenarioVersion),
        run.turns.map((t) => t.choiceId),
      );
      expect([run.outcome, run.overall, run.passed, run.turnCount, run.promises]).toEqual([
        report.outcome,
        report.score.overall,
        report.passed,
        report.turns.length,
        report.score.dimensions.promises,
      ]);
    }

    const rows = await findTeamScorecard(db, "team-big", {});
    expect(rows).toHaveLength(20);
    expect(rows.reduce((n, r) => n + r.runs, 0)).toBe(1000);
  }, 120_000);
});
