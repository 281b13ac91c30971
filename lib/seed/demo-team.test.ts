import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth } from "../auth/auth.server";
import { compiledScenario } from "../data/scenarios/compiled-scenario.server";
import { syncBuiltinScenarios } from "../data/scenarios/sync-builtin-scenarios.server";
import { scoreRun } from "../scoring/report";
import { freshDatabase, PROVIDERS } from "../testing/db";
import { createDb, type Db } from "../db/client.server";
import { migrate } from "../db/migrate.server";
import {
  DEMO_TEAM_PASSWORD,
  DEMO_TEAM_TRAINEES,
  DEMO_TEAM_WEEKS,
  NORTH_MANAGER,
  NORTH_TEAM,
  NORTH_TRAINEES,
  seedDemoTeam,
} from "./demo-team.server";
import { DEMO_ACCOUNTS, DEMO_TEAM, seedDemoAccounts } from "./seed.server";

// Better Auth (password hashing, sign-in, seedDemoAccounts) works on the app's database, read
// once from the environment: a SQLite file of this test's own, and a fixed secret.
const APP_DB_URL = `file:${path.join(mkdtempSync(path.join(tmpdir(), "steady-demo-team-")), "app.db")}`;
process.env.DATABASE_URL = APP_DB_URL;
process.env.BETTER_AUTH_SECRET ??= "demo-team-test-secret-0123456789abcdef";

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const ALL_TRAINEES = [...DEMO_TEAM_TRAINEES, ...NORTH_TRAINEES];
const DEMO_RUNS = DEMO_TEAM_TRAINEES.reduce((n, t) => n + t.runs, 0);
const NORTH_RUNS = NORTH_TRAINEES.reduce((n, t) => n + t.runs, 0);

describe.each(PROVIDERS)("demo team seed on %s", (provider) => {
  let db: Db;
  let url: string;
  const now = new Date();
  const logs: string[] = [];

  beforeAll(async () => {
    ({ db, url } = await freshDatabase(provider));
    await syncBuiltinScenarios(db);
    // The rows seedDemoAccounts makes (it writes through Better Auth, hence through the app's
    // own database; that path is tested on its own below).
    await db.team.create({ data: DEMO_TEAM });
    for (const [i, a] of DEMO_ACCOUNTS.entries()) {
      await db.user.create({
        data: { id: `demo-${i}`, email: a.email, name: a.name, teamId: DEMO_TEAM.id, roles: { create: a.roles.map((role) => ({ role })) } },
      });
      if (a.roles.includes("manager")) await db.teamManager.create({ data: { teamId: DEMO_TEAM.id, userId: `demo-${i}` } });
    }
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("seeds each team once when two servers start at the same moment", async () => {
    const other = createDb(url);
    try {
      const [a, b] = await Promise.all([seedDemoTeam(db, (l) => logs.push(l), { now }), seedDemoTeam(other, (l) => logs.push(l), { now })]);
      const seeded = [...a, ...b].sort((x, y) => x.teamId.localeCompare(y.teamId));
      expect(seeded.map((s) => [s.teamId, s.trainees, s.runs])).toEqual([
        [DEMO_TEAM.id, 12, DEMO_RUNS],
        [NORTH_TEAM.id, 2, NORTH_RUNS],
      ]);
    } finally {
      await other.$disconnect();
    }
    expect(await db.user.count({ where: { email: { in: ALL_TRAINEES.map((t) => t.email) } } })).toBe(14);
    expect(await db.run.count({ where: { user: { email: { in: ALL_TRAINEES.map((t) => t.email) } } } })).toBe(DEMO_RUNS + NORTH_RUNS);
  }, 60_000);

  it("sets the demo manager's assignments: the billing call for the whole team, an overdue one for three trainees", async () => {
    const rows = await db.assignment.findMany({ where: { teamId: DEMO_TEAM.id }, orderBy: { dueAt: "asc" } });
    expect(rows.map((a) => [a.scenarioId, a.userId === null, a.passMark])).toEqual([
      ["delayed-update", false, 70],
      ["delayed-update", false, 70],
      ["delayed-update", false, 70],
      ["billing-error", true, 75],
    ]);
    expect(rows.every((a) => a.createdById === "demo-3")).toBe(true);
    expect(rows[0]!.dueAt.getTime()).toBeLessThan(now.getTime());
    expect(rows[3]!.dueAt.getTime()).toBeGreaterThan(now.getTime());
    expect(await db.assignment.count({ where: { teamId: NORTH_TEAM.id } })).toBe(0);
  });

  it("adds 12 trainees with 3-15 completed runs each over the last 8 weeks, on the latest built-in versions", async () => {
    const latest = await db.scenarioVersion.findMany({ where: { published: true }, select: { id: true } });
    const trainees = await db.user.findMany({
      where: { email: { in: DEMO_TEAM_TRAINEES.map((t) => t.email) } },
      include: { runs: true, accounts: true, roles: true },
    });
    expect(trainees).toHaveLength(12);
    expect(DEMO_TEAM_TRAINEES.map((t) => t.email.split("@")[1])).toEqual(Array(12).fill("demo.test"));
    for (const spec of DEMO_TEAM_TRAINEES) {
      const user = trainees.find((u) => u.email === spec.email)!;
      expect(user).toMatchObject({ name: spec.name, teamId: DEMO_TEAM.id });
      expect(user.roles.map((r) => r.role)).toEqual(["trainee"]);
      expect(user.accounts.map((a) => [a.providerId, a.accountId])).toEqual([["credential", user.id]]);
      expect(user.runs).toHaveLength(spec.runs);
      expect(spec.runs).toBeGreaterThanOrEqual(3);
      expect(spec.runs).toBeLessThanOrEqual(15);
      for (const run of user.runs) {
        expect(run.status).toBe("completed");
        expect(latest.map((v) => v.id)).toContain(run.scenarioVersionId);
        expect(run.startedAt.getTime()).toBeGreaterThanOrEqual(now.getTime() - DEMO_TEAM_WEEKS * 7 * 86_400_000);
        expect(run.completedAt!.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(run.completedAt!.getTime()).toBeGreaterThan(run.startedAt.getTime());
      }
    }
    expect(logs.join("\n")).toContain(`team ${DEMO_TEAM.name}: 12 trainees, ${DEMO_RUNS} simulated runs`);
    expect(logs.join("\n")).toContain(
      `team ${NORTH_TEAM.name}: 2 trainees and manager ${NORTH_MANAGER.email}, ${NORTH_RUNS} simulated runs`,
    );
  });

  it("every seeded run replays, turn by turn, to exactly the scores saved on it", async () => {
    const runs = await db.run.findMany({
      where: { user: { email: { in: ALL_TRAINEES.map((t) => t.email) } } },
      include: { turns: { orderBy: { index: "asc" } }, scenarioVersion: true },
    });
    expect(runs).toHaveLength(DEMO_RUNS + NORTH_RUNS);
    for (const run of runs) {
      expect(run.turns.map((t) => t.index)).toEqual(run.turns.map((_, i) => i));
      const report = scoreRun(
        compiledScenario(run.scenarioVersion),
        run.turns.map((t) => t.choiceId),
      );
      expect(report.error).toBeUndefined();
      expect({
        status: run.status,
        turnCount: run.turnCount,
        outcome: run.outcome,
        overall: run.overall,
        laer: run.laer,
        reflectiveListening: run.reflectiveListening,
        promises: run.promises,
        professionalism: run.professionalism,
        passed: run.passed,
        criticalErrors: run.criticalErrors,
        mood: [run.angerStart, run.trustStart, run.angerEnd, run.trustEnd],
      }).toEqual({
        status: "completed",
        turnCount: run.turns.length,
        outcome: report.outcome,
        overall: report.score.overall,
        ...report.score.dimensions,
        passed: report.passed,
        criticalErrors: [...new Set(report.criticalErrors.map((c) => c.rule))].join(","),
        mood: [report.mood.start.anger, report.mood.start.trust, report.mood.anger, report.mood.trust],
      });
      expect(run.turns.at(-1)!.createdAt).toEqual(run.completedAt);
    }
  });

  it("the charts have something true to show: passes and fails, good above poor, improvers improving", async () => {
    const runs = await db.run.findMany({
      where: { user: { teamId: DEMO_TEAM.id, email: { in: DEMO_TEAM_TRAINEES.map((t) => t.email) } } },
      select: { overall: true, passed: true, criticalErrors: true, outcome: true, completedAt: true, user: { select: { email: true } } },
      orderBy: { completedAt: "asc" },
    });
    const passes = runs.filter((r) => r.passed).length;
    expect(passes).toBeGreaterThan(runs.length * 0.3);
    expect(passes).toBeLessThan(runs.length * 0.9);
    expect(runs.some((r) => r.criticalErrors !== "")).toBe(true);
    expect(new Set(runs.map((r) => r.outcome)).size).toBeGreaterThanOrEqual(3);
    const scoresOf = (profile: string) =>
      DEMO_TEAM_TRAINEES.filter((t) => t.profile === profile).flatMap((t) =>
        runs.filter((r) => r.user.email === t.email).map((r) => r.overall!),
      );
    expect(mean(scoresOf("good"))).toBeGreaterThan(mean(scoresOf("mixed")));
    expect(mean(scoresOf("mixed"))).toBeGreaterThan(mean(scoresOf("poor")));
    const improvers = DEMO_TEAM_TRAINEES.filter((t) => t.profile === "improving").map((t) =>
      runs.filter((r) => r.user.email === t.email).map((r) => r.overall!),
    );
    expect(mean(improvers.flatMap((s) => s.slice(-3)))).toBeGreaterThan(mean(improvers.flatMap((s) => s.slice(0, 3))) + 10);
  });

  it("gives the sign-in page's demo trainees nothing, and the second team its own manager", async () => {
    for (const email of ["trainee@demo.test", "trainee2@demo.test"]) {
      expect(await db.run.count({ where: { user: { email } } })).toBe(0);
    }
    const north = await db.user.findMany({ where: { teamId: NORTH_TEAM.id }, orderBy: { email: "asc" }, include: { roles: true } });
    expect(north.map((u) => [u.email, u.roles.map((r) => r.role).join()])).toEqual([
      ["ellis.grant@demo.test", "trainee"],
      [NORTH_MANAGER.email, "manager"],
      ["nadia.petrova@demo.test", "trainee"],
    ]);
    expect(await db.team.findUnique({ where: { id: NORTH_TEAM.id } })).toMatchObject(NORTH_TEAM);
    const managed = await db.teamManager.findMany({ include: { user: { select: { email: true } } }, orderBy: { teamId: "asc" } });
    expect(managed.map((m) => [m.user.email, m.teamId])).toEqual([
      ["manager@demo.test", DEMO_TEAM.id],
      [NORTH_MANAGER.email, NORTH_TEAM.id],
    ]);
  });

  it("does nothing when run again", async () => {
    const before = [await db.user.count(), await db.run.count(), await db.turn.count(), await db.account.count()];
    expect(await seedDemoTeam(db, () => {}, { now })).toEqual([]);
    expect([await db.user.count(), await db.run.count(), await db.turn.count(), await db.account.count()]).toEqual(before);
  });
});

describe("start-up order on the app's own database (SQLite): accounts, then the demo team", () => {
  let db: Db;
  beforeAll(async () => {
    await migrate(APP_DB_URL);
    db = createDb(APP_DB_URL);
    await syncBuiltinScenarios(db);
    await seedDemoAccounts(db);
    await seedDemoTeam(db);
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("the seeded trainees and manager2 sign in with their passwords; the demo trainees keep no runs", async () => {
    const signIn = (email: string, password: string) =>
      auth()
        .api.signInEmail({ body: { email, password } })
        .then(
          (r) => r.user.email,
          (e: unknown) => `refused: ${(e as Error).message}`,
        );
    expect(await signIn(NORTH_MANAGER.email, NORTH_MANAGER.password)).toBe(NORTH_MANAGER.email);
    expect(await signIn(DEMO_TEAM_TRAINEES[0]!.email, DEMO_TEAM_PASSWORD)).toBe(DEMO_TEAM_TRAINEES[0]!.email);
    expect(await signIn(NORTH_TRAINEES[1]!.email, DEMO_TEAM_PASSWORD)).toBe(NORTH_TRAINEES[1]!.email);
    expect(await signIn(NORTH_MANAGER.email, DEMO_TEAM_PASSWORD)).toMatch(/^refused/);
    expect(await signIn("trainee@demo.test", "steady-trainee")).toBe("trainee@demo.test");
    expect(await db.run.count({ where: { user: { email: { in: ["trainee@demo.test", "trainee2@demo.test"] } } } })).toBe(0);
    expect(await db.user.count({ where: { teamId: DEMO_TEAM.id, roles: { some: { role: "trainee" } } } })).toBe(14);
  });
});
