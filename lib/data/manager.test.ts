import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeScenario } from "../analysis/analyze";
import { parseCsv } from "../csv/csv";
import type { Db } from "../db/client.server";
import { AppError } from "../errors";
import { loadScenario } from "../scenario/load";
import { scoreRun } from "../scoring/report";
import { createTestUser, freshDatabase, PROVIDERS } from "../testing/db";
import { startNewRun } from "./runs/start-call.server";
import { submitTurn } from "./runs/submit-turn.server";
import { syncBuiltinScenarios } from "./scenarios/sync-builtin-scenarios.server";
import { getManagedTeam } from "./teams/get-managed-team.server";
import { getManagedTrainee } from "./teams/get-managed-trainee.server";
import { createAssignments } from "./assignments/create-assignments.server";
import { deleteAssignment } from "./assignments/delete-assignment.server";
import { findAssignmentsForTrainee } from "./assignments/find-assignments-for-trainee.server";
import { findTeamAssignments } from "./assignments/find-team-assignments.server";
import { meetsAssignment } from "./assignments/assignment-rule.server";
import { RUNS_CSV_HEADER, traineeRunsCsv } from "./scorecards/export-trainee-runs-csv.server";
import { TEAM_CSV_HEADER, teamScorecardCsv } from "./scorecards/export-team-scorecard-csv.server";
import { findCoachingNote } from "./coaching-notes/find-coaching-note.server";
import { getRunForReview } from "./runs/get-run-for-review.server";
import { saveCoachingNote } from "./coaching-notes/save-coaching-note.server";
import { lowestDimension } from "../scoring/rules";
import { findTeamScorecard } from "./scorecards/find-team-scorecard.server";
import { getTraineeScorecard, weekStart } from "./scorecards/get-trainee-scorecard.server";

const billing = (() => {
  const r = loadScenario(readFileSync("scenarios/billing-error.yaml"), "billing-error.yaml");
  if (!r.ok) throw new Error("billing-error does not load");
  return r.scenario;
})();
const analysis = analyzeScenario(billing);

async function expectAppError(promise: Promise<unknown>, code: AppError["code"]) {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
}

interface Scores {
  overall: number;
  dims?: [number, number, number, number];
  passed?: boolean;
  critical?: string;
  at: string;
  scenarioId?: string;
}

describe.each(PROVIDERS)("manager data on %s", (provider) => {
  let db: Db;
  let versions: Record<string, string>;
  let teamA: string;
  let teamB: string;
  let manager: { id: string };
  let otherManager: { id: string };

  async function addRun(userId: string, s: Scores) {
    const [laer, reflectiveListening, promises, professionalism] = s.dims ?? [s.overall, s.overall, s.overall, s.overall];
    const at = new Date(s.at);
    return db.run.create({
      data: {
        userId,
        scenarioVersionId: versions[s.scenarioId ?? "billing-error"]!,
        status: "completed",
        turnCount: 5,
        outcome: "resolved",
        overall: s.overall,
        laer,
        reflectiveListening,
        promises,
        professionalism,
        passed: s.passed ?? (s.overall >= 70 && !s.critical),
        criticalErrors: s.critical ?? "",
        angerStart: 80,
        angerEnd: 40,
        trustStart: 20,
        trustEnd: 60,
        startedAt: new Date(at.getTime() - 60_000),
        completedAt: at,
      },
    });
  }

  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    await syncBuiltinScenarios(db);
    versions = Object.fromEntries((await db.scenarioVersion.findMany()).map((v) => [v.scenarioId, v.id]));
    teamA = (await db.team.create({ data: { name: "A" } })).id;
    teamB = (await db.team.create({ data: { name: "B" } })).id;
    manager = await createTestUser(db, "manager", teamA);
    otherManager = await createTestUser(db, "manager", teamB);
    await db.teamManager.createMany({ data: [{ teamId: teamA, userId: manager.id }, { teamId: teamB, userId: otherManager.id }] });
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("aggregates one row per trainee: counts, latest, best, last-5 averages, trend", async () => {
    const t1 = await createTestUser(db, "trainee", teamA);
    const t2 = await createTestUser(db, "trainee", teamA);
    await createTestUser(db, "trainee", teamB); // another team: not in A's rows
    // t1: 7 runs, improving; the last 5 have dims (60..80, 40.., ...)
    const t1Scores = [30, 40, 50, 60, 70, 80, 90];
    for (const [i, overall] of t1Scores.entries()) {
      await addRun(t1.id, { overall, dims: [overall, overall - 20, overall + 5, overall], at: `2026-10-0${i + 1}T10:00:00Z`, critical: i === 0 ? "overpromise" : "" });
    }
    // An in-progress run does not count.
    await db.run.create({ data: { userId: t1.id, scenarioVersionId: versions["billing-error"]!, angerStart: 80, angerEnd: 80, trustStart: 20, trustEnd: 20, startedAt: new Date("2026-10-20T10:00:00Z") } });

    const rows = await findTeamScorecard(db, teamA);
    const r1 = rows.find((r) => r.userId === t1.id)!;
    const r2 = rows.find((r) => r.userId === t2.id)!;
    expect(rows.every((r) => [t1.id, t2.id].includes(r.userId) || r.runs >= 0)).toBe(true);
    expect(rows.map((r) => r.userId).sort()).toEqual([t1.id, t2.id].sort());
    expect(r1).toMatchObject({ runs: 7, passes: 3, passRate: 43, latest: 90, best: 90, trend: t1Scores });
    // Last 5 runs: 50..90 → overall avg 70; reflective = overall - 20 → 50; promises +5 → 75.
    expect(r1.recent).toEqual({ laer: 70, reflectiveListening: 50, promises: 75, professionalism: 70 });
    expect(r1.weakestRecent).toBe("reflectiveListening");
    expect(r1.lastRunAt?.toISOString()).toBe("2026-10-07T10:00:00.000Z");
    expect(r2).toMatchObject({ runs: 0, passes: 0, passRate: null, latest: null, best: null, trend: [], weakestRecent: null, lastRunAt: null });

    // Filters: by date range and by scenario.
    const oct3to5 = await findTeamScorecard(db, teamA, { from: new Date("2026-10-03T00:00:00Z"), to: new Date("2026-10-06T00:00:00Z") });
    expect(oct3to5.find((r) => r.userId === t1.id)).toMatchObject({ runs: 3, latest: 70, best: 70, trend: [50, 60, 70] });
    const other = await findTeamScorecard(db, teamA, { scenarioId: "delayed-update" });
    expect(other.find((r) => r.userId === t1.id)!.runs).toBe(0);
  });

  it("keeps only the last 10 scores in the trend, oldest first", async () => {
    const team = (await db.team.create({ data: { name: "Trend" } })).id;
    const t = await createTestUser(db, "trainee", team);
    for (let i = 0; i < 12; i++) await addRun(t.id, { overall: i * 5, at: `2026-09-${String(i + 10)}T10:00:00Z` });
    const [row] = await findTeamScorecard(db, team);
    expect(row!.trend).toEqual([10, 15, 20, 25, 30, 35, 40, 45, 50, 55]);
    expect(row!.runs).toBe(12);
  });

  it("weakest skill ignores missing scores and breaks ties in rubric order", () => {
    expect(lowestDimension({ laer: 50, reflectiveListening: 50, promises: 60, professionalism: null })).toBe("laer");
    expect(lowestDimension({ laer: null, reflectiveListening: null, promises: null, professionalism: null })).toBeNull();
  });

  it("assignments: done needs a clean run at the pass mark after assigning; due and overdue by date", async () => {
    const team = (await db.team.create({ data: { name: "Assign" } })).id;
    await db.teamManager.create({ data: { teamId: team, userId: manager.id } });
    const a = await createTestUser(db, "trainee", team);
    const b = await createTestUser(db, "trainee", team);
    const now = new Date("2026-11-01T12:00:00Z");
    // Whole team: billing-error by Nov 10, pass mark 80; only b: delayed-update by Nov 5.
    expect(await createAssignments(db, manager.id, { teamId: team, scenarioIds: ["billing-error"], traineeIds: [], dueDate: "2026-11-10", passMark: 80 }, now)).toHaveLength(1);
    expect(await createAssignments(db, manager.id, { teamId: team, scenarioIds: ["delayed-update"], traineeIds: [b.id], dueDate: "2026-11-05", passMark: 70 }, now)).toHaveLength(1);
    await db.assignment.updateMany({ where: { teamId: team }, data: { createdAt: now } });

    // a: a run before assigning (does not count), then 75 (under the mark), then 85 with a critical error, then 85 clean.
    await addRun(a.id, { overall: 95, at: "2026-10-30T10:00:00Z" });
    await addRun(a.id, { overall: 75, at: "2026-11-02T10:00:00Z" });
    const later = new Date("2026-11-06T00:00:00Z");
    let rows = await findTeamScorecard(db, team, {}, later);
    expect(rows.find((r) => r.userId === a.id)!.assignments).toEqual({ done: 0, due: 1, overdue: 0 });
    expect(rows.find((r) => r.userId === b.id)!.assignments).toEqual({ done: 0, due: 1, overdue: 1 });
    await addRun(a.id, { overall: 85, at: "2026-11-03T10:00:00Z", critical: "overpromise", passed: false });
    rows = await findTeamScorecard(db, team, {}, later);
    expect(rows.find((r) => r.userId === a.id)!.assignments.done).toBe(0);
    await addRun(a.id, { overall: 85, at: "2026-11-04T10:00:00Z" });
    rows = await findTeamScorecard(db, team, {}, later);
    expect(rows.find((r) => r.userId === a.id)!.assignments).toEqual({ done: 1, due: 0, overdue: 0 });

    // The same scenario assigned again (whole team and then one trainee) counts once per trainee, as the library shows it.
    await createAssignments(db, manager.id, { teamId: team, scenarioIds: ["billing-error"], traineeIds: [b.id], dueDate: "2026-11-20", passMark: 90 }, now);
    const extra = await db.assignment.findFirstOrThrow({ where: { teamId: team, passMark: 90 } });
    await db.assignment.update({ where: { id: extra.id }, data: { createdAt: now } });
    rows = await findTeamScorecard(db, team, {}, later);
    expect(rows.find((r) => r.userId === b.id)!.assignments).toEqual({ done: 0, due: 1, overdue: 1 });
    await db.assignment.delete({ where: { id: extra.id } });

    const list = await findTeamAssignments(db, team);
    expect(list.map((x) => [x.scenarioId, x.trainee?.id ?? null, x.targets, x.done])).toEqual([
      ["delayed-update", b.id, 1, 0],
      ["billing-error", null, 2, 1],
    ]);
    const forA = await findAssignmentsForTrainee(db, a.id, later);
    expect([...forA.values()].map((x) => [x.scenarioId, x.status])).toEqual([["billing-error", "done"]]);
    const forB = await findAssignmentsForTrainee(db, b.id, later);
    expect(Object.fromEntries([...forB.values()].map((x) => [x.scenarioId, x.status]))).toEqual({ "billing-error": "due", "delayed-update": "overdue" });

    // The other team's manager can neither assign to this team nor delete its assignments.
    await expectAppError(createAssignments(db, otherManager.id, { teamId: team, scenarioIds: ["billing-error"], traineeIds: [], dueDate: "2026-11-06", passMark: 70 }, now), "not-found");
    await expectAppError(deleteAssignment(db, otherManager.id, list[0]!.id), "not-found");
    await deleteAssignment(db, manager.id, list[0]!.id);
    expect(await db.assignment.count({ where: { teamId: team } })).toBe(1);
    // Removing it again changes nothing and says so (not-found), instead of claiming a removal.
    await expectAppError(deleteAssignment(db, manager.id, list[0]!.id), "not-found");
    expect(await db.assignment.count({ where: { teamId: team } })).toBe(1);
  });

  it("two removals of one assignment at once (a double submit): exactly one removes it", async () => {
    const now = new Date("2026-11-01T12:00:00Z");
    await createAssignments(db, manager.id, { teamId: teamA, scenarioIds: ["delayed-update"], traineeIds: [], dueDate: "2026-12-01", passMark: 60 }, now);
    const row = await db.assignment.findFirstOrThrow({ where: { teamId: teamA, scenarioId: "delayed-update", passMark: 60 } });
    const outcomes = await Promise.allSettled([deleteAssignment(db, manager.id, row.id), deleteAssignment(db, manager.id, row.id)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "not-found" });
    expect(await db.assignment.count({ where: { id: row.id } })).toBe(0);
  });

  it("does not count assignments of a scenario that is no longer published", async () => {
    const team = (await db.team.create({ data: { name: "Retired" } })).id;
    const t = await createTestUser(db, "trainee", team);
    const v = await db.scenarioVersion.findFirstOrThrow({ where: { scenarioId: "billing-error" } });
    await db.scenario.create({ data: { id: `retired-${provider}` } });
    await db.scenarioVersion.create({ data: { scenarioId: `retired-${provider}`, version: 1, yaml: v.yaml, contentHash: "x", title: "Retired", difficulty: "easy", brief: "b", published: false } });
    await db.assignment.create({ data: { teamId: team, scenarioId: `retired-${provider}`, dueAt: new Date("2020-01-01T00:00:00Z"), passMark: 70, createdById: manager.id } });
    const [row] = await findTeamScorecard(db, team);
    expect(row!.assignments).toEqual({ done: 0, due: 0, overdue: 0 });
    expect((await findAssignmentsForTrainee(db, t.id)).size).toBe(0);
  });

  it("refuses bad assignments with a reason", async () => {
    const now = new Date("2026-11-01T12:00:00Z");
    const base = { teamId: teamA, scenarioIds: ["billing-error"], traineeIds: [] as string[], dueDate: "2026-11-10", passMark: 70 };
    await expectAppError(createAssignments(db, manager.id, { ...base, scenarioIds: [] }, now), "bad-request");
    await expectAppError(createAssignments(db, manager.id, { ...base, scenarioIds: ["no-such"] }, now), "bad-request");
    await expectAppError(createAssignments(db, manager.id, { ...base, passMark: 101 }, now), "bad-request");
    await expectAppError(createAssignments(db, manager.id, { ...base, dueDate: "2026-10-01" }, now), "bad-request");
    // Days that are not on the calendar are refused, not rolled over into the next month.
    for (const dueDate of ["2027-02-30", "2027-02-29", "2026-11-31", "2026-13-01", "2026-00-10", "2026-11-00", "2026-11-1", "tomorrow"]) {
      await expect(createAssignments(db, manager.id, { ...base, dueDate }, now), dueDate).rejects.toMatchObject({ code: "bad-request" });
    }
    await expect(createAssignments(db, manager.id, { ...base, dueDate: "2027-02-30" }, now)).rejects.toThrow("2027-02-30 is not a day on the calendar");
    expect(await db.assignment.count({ where: { teamId: teamA, dueAt: { gte: new Date("2027-01-01T00:00:00Z") } } })).toBe(0);
    // A leap day is a day; the assignment is due at its end, UTC.
    expect(await createAssignments(db, manager.id, { ...base, dueDate: "2028-02-29" }, now)).toHaveLength(1);
    const leap = await db.assignment.findFirstOrThrow({ where: { teamId: teamA, dueAt: { gte: new Date("2028-01-01T00:00:00Z") } } });
    expect(leap.dueAt.toISOString()).toBe("2028-02-29T23:59:59.999Z");
    await db.assignment.delete({ where: { id: leap.id } });
    const outsider = await createTestUser(db, "trainee", teamB);
    await expectAppError(createAssignments(db, manager.id, { ...base, traineeIds: [outsider.id] }, now), "bad-request");
  });

  it("meetsAssignment: the edges of the rule (assignment-rule.test.ts holds the SQL to it)", () => {
    const a = { passMark: 80, createdAt: new Date("2026-11-01T00:00:00Z") };
    const run = { status: "completed", criticalErrors: "", overall: 80, completedAt: new Date("2026-11-01T00:00:00Z") };
    expect(meetsAssignment(run, a)).toBe(true);
    expect(meetsAssignment({ ...run, overall: 79 }, a)).toBe(false);
    expect(meetsAssignment({ ...run, criticalErrors: "hostility" }, a)).toBe(false);
    expect(meetsAssignment({ ...run, completedAt: new Date("2026-10-31T23:59:59Z") }, a)).toBe(false);
    expect(meetsAssignment({ ...run, status: "in_progress" }, a)).toBe(false);
  });

  it("a manager reaches only trainees and runs of their own teams", async () => {
    const mine = await createTestUser(db, "trainee", teamA);
    const theirs = await createTestUser(db, "trainee", teamB);
    const theirRun = await addRun(theirs.id, { overall: 50, at: "2026-10-01T10:00:00Z" });
    expect((await getManagedTrainee(db, manager.id, mine.id)).id).toBe(mine.id);
    await expectAppError(getManagedTrainee(db, manager.id, theirs.id), "not-found");
    await expectAppError(getManagedTrainee(db, manager.id, otherManager.id), "not-found");
    await expectAppError(getManagedTeam(db, manager.id, teamB), "not-found");
    await expectAppError(getRunForReview(db, manager.id, theirRun.id), "not-found");
    await expectAppError(saveCoachingNote(db, manager.id, theirRun.id, "hi"), "not-found");
    expect(await db.coachingNote.count({ where: { runId: theirRun.id } })).toBe(0);
  });

  it("replays real runs: the review equals scoreRun, and lost-point rules are counted per trainee", async () => {
    const t = await createTestUser(db, "trainee", teamA);
    for (const path of [analysis.worstPath, analysis.bestPath, analysis.worstPath]) {
      const { id: runId } = await startNewRun(db, t.id, "billing-error");
      for (const [i, choiceId] of path.entries()) await submitTurn(db, { runId, userId: t.id, index: i, choiceId });
    }
    const card = await getTraineeScorecard(db, t.id);
    expect(card.runs.length).toBe(3);
    expect(card.progress.points.length).toBe(3);
    expect(card.scenarios).toEqual([expect.objectContaining({ scenarioId: "billing-error", attempts: 3, best: analysis.best!.overall, latest: analysis.worst!.overall, passed: true })]);
    // Each rule that cost points on the worst path shows up twice (two worst runs), none from the best path.
    const worst = scoreRun(billing, analysis.worstPath);
    const expected = new Map<string, number>();
    for (const turn of worst.turns) for (const an of turn.annotations) if (an.points < 0 || an.critical) expected.set(an.rule, (expected.get(an.rule) ?? 0) + 2);
    const best = scoreRun(billing, analysis.bestPath);
    for (const turn of best.turns) for (const an of turn.annotations) if (an.points < 0 || an.critical) expected.set(an.rule, (expected.get(an.rule) ?? 0) + 1);
    expect(Object.fromEntries(card.lostPoints.map((l) => [l.rule, l.times]))).toEqual(Object.fromEntries(expected));
    expect(card.lostPoints.length).toBeGreaterThan(0);

    const runId = card.runs[0]!.id;
    const review = await getRunForReview(db, manager.id, runId);
    expect(review.report.score.overall).toBe(card.runs[0]!.overall);
    expect(review.run.user.id).toBe(t.id);
  });

  it("coaching notes: saved, replaced, removed when emptied, refused when too long", async () => {
    const t = await createTestUser(db, "trainee", teamA);
    const run = await addRun(t.id, { overall: 60, at: "2026-10-01T10:00:00Z" });
    await saveCoachingNote(db, manager.id, run.id, "  Slow down before you offer the refund.\r\n");
    expect((await findCoachingNote(db, run.id))!.body).toBe("Slow down before you offer the refund.");
    await saveCoachingNote(db, manager.id, run.id, "Second thought.");
    expect(await db.coachingNote.count({ where: { runId: run.id } })).toBe(1);
    expect((await findCoachingNote(db, run.id))!.body).toBe("Second thought.");
    await expectAppError(saveCoachingNote(db, manager.id, run.id, "x".repeat(4001)), "bad-request");
    expect((await findCoachingNote(db, run.id))!.body).toBe("Second thought.");
    await saveCoachingNote(db, manager.id, run.id, "   ");
    expect(await findCoachingNote(db, run.id)).toBeNull();
  });

  it("exports CSV whose rows match the database", async () => {
    const team = (await db.team.create({ data: { name: "Export" } })).id;
    const t = await db.user.create({ data: { id: `csv-${provider}`, name: '=HYPERLINK("x"), "Sam"', email: `csv-${provider}@test.local`, teamId: team, roles: { create: { role: "trainee" } } } });
    await addRun(t.id, { overall: 72, dims: [70, 71, 72, 75], at: "2026-10-01T10:00:00Z" });
    await addRun(t.id, { overall: 40, at: "2026-10-02T10:00:00Z", critical: "overpromise,hostility", passed: false });
    const team_ = parseCsv((await teamScorecardCsv(db, team)).replace(/^\ufeff/, ""));
    expect(team_[0]).toEqual(TEAM_CSV_HEADER);
    expect(team_[1]!.slice(0, 7)).toEqual(['\'=HYPERLINK("x"), "Sam"', `csv-${provider}@test.local`, "2", "1", "50", "40", "72"]);
    const runs = parseCsv(await traineeRunsCsv(db, t.id));
    expect(runs[0]).toEqual(RUNS_CSV_HEADER);
    expect(runs.length).toBe(3);
    expect(runs[1]!.slice(0, 11)).toEqual(["2026-10-02T10:00:00.000Z", "Charged twice before payroll", "1", "completed", "resolved", "40", "40", "40", "40", "40", "no"]);
    expect(runs[1]![11]).toBe("Overpromise; Matched hostility");
  });

  it("weeks start on Monday (UTC)", () => {
    expect(weekStart(new Date("2026-11-26T15:00:00Z")).toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(weekStart(new Date("2026-11-23T00:00:00Z")).toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(weekStart(new Date("2026-11-22T23:59:59Z")).toISOString()).toBe("2026-11-16T00:00:00.000Z");
  });
});
