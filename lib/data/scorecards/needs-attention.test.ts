import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.server";
import { createTestUser, freshDatabase, PROVIDERS } from "../../testing/db";
import { syncBuiltinScenarios } from "../scenarios/sync-builtin-scenarios.server";
import { attentionReasons, describeReason, findNeedsAttention } from "./find-needs-attention.server";
import { findTeamScorecard } from "./find-team-scorecard.server";

interface Call {
  overall: number;
  critical?: string;
  passed?: boolean;
}

describe.each(PROVIDERS)("needs attention on %s", (provider) => {
  let db: Db;
  let version: string;
  let manager: { id: string };

  /** Finished calls a day apart, oldest first, ending on 2026-10-28. */
  async function addCalls(userId: string, calls: Call[]) {
    for (const [i, c] of calls.entries()) {
      const at = new Date(Date.UTC(2026, 9, 28 - (calls.length - 1 - i), 10));
      await db.run.create({
        data: {
          userId,
          scenarioVersionId: version,
          status: "completed",
          turnCount: 5,
          outcome: "resolved",
          overall: c.overall,
          laer: c.overall,
          reflectiveListening: c.overall,
          promises: c.overall,
          professionalism: c.overall,
          passed: c.passed ?? (c.overall >= 70 && !c.critical),
          criticalErrors: c.critical ?? "",
          angerStart: 80,
          angerEnd: 40,
          trustStart: 20,
          trustEnd: 60,
          startedAt: new Date(at.getTime() - 60_000),
          completedAt: at,
        },
      });
    }
  }

  async function attentionFor(teamId: string, now: Date) {
    const rows = await findTeamScorecard(db, teamId, {}, now);
    return findNeedsAttention(db, teamId, rows);
  }

  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    await syncBuiltinScenarios(db);
    version = (await db.scenarioVersion.findFirstOrThrow({ where: { scenarioId: "billing-error" } })).id;
    manager = await createTestUser(db, "manager");
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("lists each trainee who needs help with the reasons, looking at the last five calls only", async () => {
    const team = (await db.team.create({ data: { name: "Attention" } })).id;
    const steady = await createTestUser(db, "trainee", team);
    const recovered = await createTestUser(db, "trainee", team);
    const struggling = await createTestUser(db, "trainee", team);
    const zeroPasses = await createTestUser(db, "trainee", team);
    const repeats = await createTestUser(db, "trainee", team);
    const overdue = await createTestUser(db, "trainee", team);
    const newcomer = await createTestUser(db, "trainee", team);
    await createTestUser(db, "trainee"); // no team: never listed

    await addCalls(steady.id, [{ overall: 80 }, { overall: 85 }, { overall: 72 }, { overall: 90 }, { overall: 75 }]);
    // Five bad calls long ago, then five good ones: the old ones are not in the last five.
    await addCalls(recovered.id, [
      ...Array.from({ length: 5 }, () => ({ overall: 20, critical: "overpromise" })),
      ...Array.from({ length: 5 }, () => ({ overall: 88 })),
    ]);
    // Averages 60 over the last five (the 95 before them is not counted); two of them passed.
    await addCalls(struggling.id, [{ overall: 95 }, { overall: 40 }, { overall: 55 }, { overall: 60 }, { overall: 75 }, { overall: 70 }]);
    // Scores that look fine, but every call failed on a critical error (different ones): 0% pass rate.
    await addCalls(zeroPasses.id, [
      { overall: 78, critical: "hostility" },
      { overall: 80, critical: "overpromise" },
      { overall: 76, critical: "blame-customer" },
    ]);
    // Passes, then the same critical error in two of the last five calls (one call with it twice counts once).
    await addCalls(repeats.id, [
      { overall: 90, critical: "overpromise,overpromise", passed: false },
      { overall: 85 },
      { overall: 88 },
      { overall: 82, critical: "overpromise", passed: false },
      { overall: 91 },
    ]);
    await addCalls(overdue.id, [{ overall: 90 }]);
    const now = new Date("2026-11-10T12:00:00Z");
    await db.assignment.create({
      data: { teamId: team, userId: overdue.id, scenarioId: "delayed-update", dueAt: new Date("2026-11-01T23:59:59Z"), passMark: 70, createdById: manager.id, createdAt: new Date("2026-10-20T10:00:00Z") },
    });
    // Not overdue yet: no reason.
    await db.assignment.create({
      data: { teamId: team, userId: steady.id, scenarioId: "delayed-update", dueAt: new Date("2026-11-20T23:59:59Z"), passMark: 70, createdById: manager.id },
    });

    const list = await attentionFor(team, now);
    const byId = new Map(list.map((r) => [r.userId, r]));
    expect([...byId.keys()].sort()).toEqual([struggling.id, zeroPasses.id, repeats.id, overdue.id].sort());
    expect(byId.has(steady.id) || byId.has(recovered.id) || byId.has(newcomer.id)).toBe(false);

    expect(byId.get(struggling.id)!.reasons).toEqual([{ kind: "low-scores", calls: 5, passes: 2, average: 60, passMark: 70 }]);
    expect(byId.get(zeroPasses.id)!.reasons).toEqual([{ kind: "low-scores", calls: 3, passes: 0, average: 78, passMark: 70 }]);
    expect(describeReason(byId.get(zeroPasses.id)!.reasons[0]!)).toBe("Passed none of the last 3 calls (average 78, pass mark 70)");
    expect(byId.get(repeats.id)!.reasons).toEqual([{ kind: "repeated-critical", ruleId: "overpromise", label: expect.any(String), times: 2, calls: 5 }]);
    expect(describeReason(byId.get(repeats.id)!.reasons[0]!)).toMatch(/\(a critical error\) in 2 of the last 5 calls$/);
    expect(byId.get(overdue.id)!.reasons).toEqual([{ kind: "overdue", count: 1 }]);
    expect(byId.get(overdue.id)!.lastRunAt?.toISOString()).toBe("2026-10-28T10:00:00.000Z");

    // Once the overdue assignment is passed, that trainee drops off the list.
    await db.run.create({
      data: {
        userId: overdue.id,
        scenarioVersionId: (await db.scenarioVersion.findFirstOrThrow({ where: { scenarioId: "delayed-update" } })).id,
        status: "completed",
        overall: 85,
        passed: true,
        angerStart: 80,
        angerEnd: 40,
        trustStart: 20,
        trustEnd: 60,
        completedAt: new Date("2026-11-09T10:00:00Z"),
      },
    });
    expect((await attentionFor(team, now)).map((r) => r.userId)).not.toContain(overdue.id);
  });

  it("puts the trainees with the most reasons first, then the lowest scores", async () => {
    const team = (await db.team.create({ data: { name: "Order" } })).id;
    const low = await createTestUser(db, "trainee", team);
    const lower = await createTestUser(db, "trainee", team);
    const both = await createTestUser(db, "trainee", team);
    await addCalls(low.id, [{ overall: 65 }, { overall: 60 }]);
    await addCalls(lower.id, [{ overall: 30 }, { overall: 40 }]);
    await addCalls(both.id, [{ overall: 65, critical: "hostility" }, { overall: 68, critical: "hostility" }]);
    const list = await attentionFor(team, new Date("2026-11-10T12:00:00Z"));
    expect(list.map((r) => r.userId)).toEqual([both.id, lower.id, low.id]);
    expect(list[0]!.reasons.map((r) => r.kind)).toEqual(["low-scores", "repeated-critical"]);
  });
});

describe("attentionReasons", () => {
  const run = (overall: number, passed: boolean, criticalErrors = "") => ({ overall, passed, criticalErrors, completedAt: null });

  it("sees a trainee just under the pass mark, and not one at it", () => {
    // 69.5 shows as 70: at the pass mark, so not under it.
    expect(attentionReasons([run(69, false), run(70, true)], 0)).toEqual([]);
    expect(attentionReasons([run(68, false), run(70, true)], 0)).toEqual([{ kind: "low-scores", calls: 2, passes: 1, average: 69, passMark: 70 }]);
  });

  it("counts only the newest five calls and a critical error once per call", () => {
    const runs = [run(90, true), run(90, true), run(90, true), run(90, true), run(60, false, "hostility"), run(10, false, "hostility")];
    expect(attentionReasons(runs, 0)).toEqual([]);
    expect(attentionReasons([run(80, false, "hostility,hostility"), run(90, true)], 0)).toEqual([]);
  });

  it("names the most repeated critical error and counts overdue assignments", () => {
    const runs = [run(80, false, "a,b"), run(80, false, "b"), run(80, false, "a,b"), run(90, true)];
    const reasons = attentionReasons(runs, 2);
    expect(reasons).toEqual([
      { kind: "repeated-critical", ruleId: "b", label: "b", times: 3, calls: 4 },
      { kind: "overdue", count: 2 },
    ]);
    expect(describeReason(reasons[1]!)).toBe("2 assigned scenarios overdue");
  });

  it("has nothing to say about a trainee with no calls and nothing overdue", () => {
    expect(attentionReasons([], 0)).toEqual([]);
  });
});
