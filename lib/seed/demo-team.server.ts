import "server-only";
import { randomBytes } from "node:crypto";
import { hashPassword } from "../auth/accounts.server";
import { compiledScenario } from "../data/scenarios/compiled-scenario.server";
import type { Scenario } from "../scenario/model";
import { createRng, PROFILES, runRowData, TeamSimulator, turnRowsData, type ProfileKind } from "../simulation/simulated-team";
import type { Db } from "../db/client.server";
import { isUniqueViolation } from "../db/errors";
import { DEMO_TEAM } from "./seed.server";

/**
 * The demo team's trainees, whose runs were played through the engine by simulated players
 * (lib/simulation/simulated-team.ts), so the manager's charts show real scores. They sign in
 * with DEMO_TEAM_PASSWORD but are not listed on the sign-in page.
 */
export const DEMO_TEAM_TRAINEES: { name: string; email: string; profile: ProfileKind; runs: number }[] = [
  { name: "Sam Okoye", email: "sam.okoye@demo.test", profile: "good", runs: 9 },
  { name: "Maria Gonzalez", email: "maria.gonzalez@demo.test", profile: "improving", runs: 14 },
  { name: "Liam O'Brien", email: "liam.obrien@demo.test", profile: "mixed", runs: 7 },
  { name: "Aisha Rahman", email: "aisha.rahman@demo.test", profile: "improving", runs: 12 },
  { name: "Tom Becker", email: "tom.becker@demo.test", profile: "poor", runs: 6 },
  { name: "Hannah Kowalski", email: "hannah.kowalski@demo.test", profile: "good", runs: 11 },
  { name: "Daniel Mensah", email: "daniel.mensah@demo.test", profile: "improving", runs: 15 },
  { name: "Chloe Martin", email: "chloe.martin@demo.test", profile: "mixed", runs: 5 },
  { name: "Ravi Patel", email: "ravi.patel@demo.test", profile: "improving", runs: 10 },
  { name: "Emma Lindqvist", email: "emma.lindqvist@demo.test", profile: "poor", runs: 4 },
  { name: "Noah Fischer", email: "noah.fischer@demo.test", profile: "improving", runs: 8 },
  { name: "Grace Tanaka", email: "grace.tanaka@demo.test", profile: "good", runs: 3 },
];
export const DEMO_TEAM_PASSWORD = "steady-trainee";

/** A second team with its own manager, so tests can check one manager never sees another's team. */
export const NORTH_TEAM = { id: "team-north", name: "Northgate escalations" };
export const NORTH_MANAGER = { email: "manager2@demo.test", password: "steady-manager", name: "Robin Hale" };
export const NORTH_TRAINEES: { name: string; email: string; profile: ProfileKind; runs: number }[] = [
  { name: "Ellis Grant", email: "ellis.grant@demo.test", profile: "mixed", runs: 4 },
  { name: "Nadia Petrova", email: "nadia.petrova@demo.test", profile: "improving", runs: 3 },
];

/** Runs are spread over the weeks before the seed. */
export const DEMO_TEAM_WEEKS = 8;
const SEED = 20_261_126;

/** A random row id in the shape of Prisma's cuid() (letters and digits, 25 characters). */
export function newRowId(): string {
  const bytes = randomBytes(24);
  let id = "c";
  for (let i = 0; i < 24; i++) id += "0123456789abcdefghijklmnopqrstuvwxyz"[bytes[i]! % 36];
  return id;
}

export interface SeededTeam {
  teamId: string;
  trainees: number;
  runs: number;
  turns: number;
}

/**
 * The built-in scenarios' latest published versions, compiled: what a trainee starting a
 * call now would play (lib/data/runs/start-call.server.ts startOrResumeRun picks the same).
 */
export async function latestBuiltinVersions(db: Db): Promise<{ versionId: string; scenario: Scenario }[]> {
  const versions = await db.scenarioVersion.findMany({
    where: { published: true, scenario: { builtIn: true } },
    orderBy: [{ scenarioId: "asc" }, { version: "desc" }],
    select: { id: true, yaml: true, scenarioId: true },
  });
  const latest = new Map<string, (typeof versions)[number]>();
  for (const v of versions) if (!latest.has(v.scenarioId)) latest.set(v.scenarioId, v);
  return [...latest.values()].map((v) => ({ versionId: v.id, scenario: compiledScenario(v) }));
}

/**
 * Demo mode: fills the demo team with 12 trainees and 3–15 completed runs each over the last
 * 8 weeks, and adds a second team (Northgate escalations: 2 trainees, their own manager
 * manager2@demo.test). Every run is a path played through the engine and scored by
 * `scoreRun`, saved as Run and Turn rows on the latest published built-in versions. Runs after
 * the built-in scenarios and demo accounts are seeded.
 *
 * Idempotent: a team whose trainees exist is skipped. Each team is written in one
 * transaction whose first write is its users, so when two servers start at once the second
 * hits the unique email and treats the team as already seeded.
 */
const DEMO_MANAGER_EMAIL = "manager@demo.test";
const DAY = 86_400_000;

/**
 * What the demo manager has set: the whole team must pass the billing call (mark 75) within
 * the week, and three trainees were due to pass the delayed-update call three days ago.
 */
export function demoAssignments(managerId: string, traineeIds: string[], now: Date) {
  return [
    {
      teamId: DEMO_TEAM.id,
      userId: null,
      scenarioId: "billing-error",
      dueAt: new Date(now.getTime() + 5 * DAY),
      passMark: 75,
      createdById: managerId,
      createdAt: new Date(now.getTime() - 14 * DAY),
    },
    ...traineeIds.slice(0, 3).map((userId) => ({
      teamId: DEMO_TEAM.id,
      userId,
      scenarioId: "delayed-update",
      dueAt: new Date(now.getTime() - 3 * DAY),
      passMark: 70,
      createdById: managerId,
      createdAt: new Date(now.getTime() - 24 * DAY),
    })),
  ];
}

export async function seedDemoTeam(db: Db, log: (line: string) => void = () => {}, options: { now?: Date } = {}): Promise<SeededTeam[]> {
  const teams = [
    { team: DEMO_TEAM, trainees: DEMO_TEAM_TRAINEES, manager: null, seed: SEED },
    { team: NORTH_TEAM, trainees: NORTH_TRAINEES, manager: NORTH_MANAGER, seed: SEED + 1 },
  ];
  const pending = [];
  for (const t of teams) {
    const emails = [...t.trainees.map((x) => x.email), ...(t.manager ? [t.manager.email] : [])];
    if ((await db.user.count({ where: { email: { in: emails } } })) === 0) pending.push(t);
  }
  if (pending.length === 0) return [];

  const versions = await latestBuiltinVersions(db);
  if (versions.length === 0) {
    log("  demo team skipped: no built-in scenario is published");
    return [];
  }
  const versionOf = new Map(versions.map((v) => [v.scenario.id, v.versionId]));
  const simulator = new TeamSimulator(versions.map((v) => v.scenario));
  const now = options.now ?? new Date();
  const from = new Date(now.getTime() - DEMO_TEAM_WEEKS * 7 * 86_400_000);
  const traineeHash = await hashPassword(DEMO_TEAM_PASSWORD);
  const seeded: SeededTeam[] = [];
  const demoManager = await db.user.findUnique({ where: { email: DEMO_MANAGER_EMAIL }, select: { id: true } });

  for (const t of pending) {
    const started = Date.now();
    const users = t.trainees.map((trainee, i) => {
      const runs = simulator.simulateTrainee({
        profile: PROFILES[trainee.profile],
        runs: trainee.runs,
        from,
        to: now,
        rng: createRng(t.seed * 100 + i),
      });
      return { ...trainee, id: newRowId(), simulated: runs };
    });
    const managerRow = t.manager ? { id: newRowId(), ...t.manager, hash: await hashPassword(t.manager.password) } : null;
    const created = new Date(from.getTime() - 7 * 86_400_000);
    const userRows = [
      ...users.map((u) => ({
        id: u.id,
        name: u.name,
        email: u.email,
        emailVerified: true,
        teamId: t.team.id,
        createdAt: created,
        updatedAt: created,
      })),
      ...(managerRow
        ? [
            {
              id: managerRow.id,
              name: managerRow.name,
              email: managerRow.email,
              emailVerified: true,
              teamId: t.team.id,
              createdAt: created,
              updatedAt: created,
            },
          ]
        : []),
    ];
    // Sign-in finds the password on the "credential" account whose accountId is the user id
    // (as lib/auth/accounts.server.ts linkPassword saves it).
    const accountRows = userRows.map((u) => ({
      id: newRowId(),
      accountId: u.id,
      providerId: "credential",
      userId: u.id,
      password: u.id === managerRow?.id ? managerRow.hash : traineeHash,
      createdAt: created,
      updatedAt: created,
    }));
    const roleRows = userRows.map((u) => ({ userId: u.id, role: u.id === managerRow?.id ? "manager" : "trainee" }));
    const runRows: ReturnType<typeof runRowData>[] = [];
    const turnRows: ReturnType<typeof turnRowsData> = [];
    for (const u of users) {
      for (const run of u.simulated) {
        const id = newRowId();
        runRows.push(runRowData(run, { id, userId: u.id, scenarioVersionId: versionOf.get(run.scenarioId)! }));
        turnRows.push(...turnRowsData(run, id, newRowId));
      }
    }

    try {
      // The demo team exists once seedDemoAccounts ran; the second team is created here.
      await db.team.upsert({ where: { id: t.team.id }, create: t.team, update: {} });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    try {
      await db.$transaction(
        async (tx) => {
          await tx.user.createMany({ data: userRows });
          await tx.userRole.createMany({ data: roleRows });
          await tx.account.createMany({ data: accountRows });
          if (managerRow) await tx.teamManager.create({ data: { teamId: t.team.id, userId: managerRow.id } });
          if (t.team.id === DEMO_TEAM.id && demoManager)
            await tx.assignment.createMany({
              data: demoAssignments(
                demoManager.id,
                users.map((u) => u.id),
                now,
              ),
            });
          for (let i = 0; i < runRows.length; i += 1000) await tx.run.createMany({ data: runRows.slice(i, i + 1000) });
          for (let i = 0; i < turnRows.length; i += 1000) await tx.turn.createMany({ data: turnRows.slice(i, i + 1000) });
        },
        { timeout: 60_000, maxWait: 30_000 },
      );
    } catch (err) {
      // Another server starting at the same moment seeded this team first.
      if (isUniqueViolation(err)) continue;
      throw err;
    }
    seeded.push({ teamId: t.team.id, trainees: users.length, runs: runRows.length, turns: turnRows.length });
    const passed = runRows.filter((r) => r.passed).length;
    log(
      `  team ${t.team.name}: ${users.length} trainees${managerRow ? ` and manager ${managerRow.email}` : ""}, ` +
        `${runRows.length} simulated runs (${passed} passed, ${turnRows.length} turns) in ${Date.now() - started} ms`,
    );
  }
  return seeded;
}
