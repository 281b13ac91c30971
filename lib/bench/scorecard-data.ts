/**
 * A big team for the scorecard benchmark: trainees and completed runs played by simulated
 * players through the engine (lib/simulation/simulated-team.ts, the generator the demo seed
 * uses), written in bulk. Turn rows are skipped by default: the scorecard reads only Run
 * rows, and 50,000 runs would need ~470,000 turns (`turns: true` writes them).
 */
import type { Db } from "../db/client.server";
import { latestBuiltinVersions, newRowId } from "../seed/demo-team.server";
import { createRng, PROFILES, runRowData, TeamSimulator, turnRowsData, type ProfileKind, type Rng } from "../simulation/simulated-team";

export interface ScorecardBenchOptions {
  teamId: string;
  trainees: number;
  runs: number;
  /** Write each run's Turn rows too (default false). */
  turns?: boolean;
  /** Team-wide assignments, one per built-in scenario up to this many (default 3), so the scorecard's assignment columns have work to do. */
  assignments?: number;
  /** Runs are spread over this many weeks before `now` (default 26). */
  weeks?: number;
  seed?: number;
  now?: Date;
  /** Rows per createMany (default 1,000). */
  batch?: number;
}

export interface ScorecardBenchData {
  teamId: string;
  trainees: number;
  runs: number;
  turns: number;
  passed: number;
  /** Simulating and scoring the runs. */
  generateMs: number;
  /** Writing every row (one transaction). */
  insertMs: number;
}

/** Share of each kind of player in the big team. */
const MIX: [ProfileKind, number][] = [
  ["improving", 0.4],
  ["good", 0.2],
  ["mixed", 0.25],
  ["poor", 0.15],
];

/**
 * Run counts per trainee, uneven (for 50 on average: 10 to 90), adding up to exactly `total`.
 */
export function unevenCounts(rng: Rng, trainees: number, total: number): number[] {
  const mean = total / trainees;
  const min = Math.max(1, Math.round(mean * 0.2));
  const max = Math.max(min, Math.round(mean * 1.8));
  if (total < min * trainees || total > max * trainees) throw new Error(`cannot spread ${total} runs over ${trainees} trainees`);
  const counts = Array.from({ length: trainees }, () => rng.int(min, max));
  let diff = total - counts.reduce((a, b) => a + b, 0);
  while (diff !== 0) {
    const i = Math.floor(rng.next() * trainees);
    if (diff > 0 && counts[i]! < max) {
      counts[i]!++;
      diff--;
    } else if (diff < 0 && counts[i]! > min) {
      counts[i]!--;
      diff++;
    }
  }
  return counts;
}

function pickProfile(rng: Rng): ProfileKind {
  let r = rng.next();
  for (const [kind, share] of MIX) if ((r -= share) < 0) return kind;
  return MIX[0]![0];
}

/** Creates the team, its trainees and their completed runs. The built-in scenarios must be saved first. */
export async function populateScorecardBench(db: Db, options: ScorecardBenchOptions): Promise<ScorecardBenchData> {
  const { teamId, trainees } = options;
  const batch = options.batch ?? 1000;
  const now = options.now ?? new Date();
  const from = new Date(now.getTime() - (options.weeks ?? 26) * 7 * 86_400_000);
  const versions = await latestBuiltinVersions(db);
  if (versions.length === 0) throw new Error("no built-in scenario is saved: run syncBuiltinScenarios first");
  const versionOf = new Map(versions.map((v) => [v.scenario.id, v.versionId]));

  const generateStarted = performance.now();
  const rng = createRng(options.seed ?? 50_000);
  const simulator = new TeamSimulator(versions.map((v) => v.scenario));
  const created = new Date(from.getTime() - 7 * 86_400_000);
  const counts = unevenCounts(rng, trainees, options.runs);
  const digits = String(trainees).length;
  const userRows: {
    id: string;
    name: string;
    email: string;
    emailVerified: boolean;
    teamId: string;
    createdAt: Date;
    updatedAt: Date;
  }[] = [];
  const runRows: ReturnType<typeof runRowData>[] = [];
  const turnRows: ReturnType<typeof turnRowsData> = [];
  let passed = 0;
  for (let i = 0; i < trainees; i++) {
    const n = String(i + 1).padStart(digits, "0");
    const id = newRowId();
    userRows.push({
      id,
      name: `Bench trainee ${n}`,
      email: `bench-${n}@${teamId}.bench.test`,
      emailVerified: true,
      teamId,
      createdAt: created,
      updatedAt: created,
    });
    for (const run of simulator.simulateTrainee({ profile: PROFILES[pickProfile(rng)], runs: counts[i]!, from, to: now, rng })) {
      const runId = newRowId();
      runRows.push(runRowData(run, { id: runId, userId: id, scenarioVersionId: versionOf.get(run.scenarioId)! }));
      if (options.turns) turnRows.push(...turnRowsData(run, runId, newRowId));
      if (run.passed) passed++;
    }
  }
  const managerId = newRowId();
  const generateMs = performance.now() - generateStarted;

  const insertStarted = performance.now();
  await db.team.upsert({
    where: { id: teamId },
    create: { id: teamId, name: `Scorecard bench (${trainees.toLocaleString("en")} trainees)` },
    update: {},
  });
  await db.$transaction(
    async (tx) => {
      for (let i = 0; i < userRows.length; i += batch) {
        const slice = userRows.slice(i, i + batch);
        await tx.user.createMany({ data: slice });
        await tx.userRole.createMany({ data: slice.map((u) => ({ userId: u.id, role: "trainee" })) });
      }
      for (let i = 0; i < runRows.length; i += batch) await tx.run.createMany({ data: runRows.slice(i, i + batch) });
      for (let i = 0; i < turnRows.length; i += batch) await tx.turn.createMany({ data: turnRows.slice(i, i + batch) });
      const assignments = versions.slice(0, options.assignments ?? 3);
      if (assignments.length) {
        await tx.user.create({
          data: {
            id: managerId,
            name: "Bench manager",
            email: `manager@${teamId}.bench.test`,
            emailVerified: true,
            teamId,
            roles: { create: { role: "manager" } },
          },
        });
        await tx.teamManager.create({ data: { teamId, userId: managerId } });
        await tx.assignment.createMany({
          data: assignments.map((v, i) => ({
            teamId,
            scenarioId: v.scenario.id,
            passMark: 70,
            createdById: managerId,
            // Set four weeks ago; one overdue, the others due in the coming weeks.
            createdAt: new Date(now.getTime() - 28 * 86_400_000),
            dueAt: new Date(now.getTime() + (i - 1) * 7 * 86_400_000),
          })),
        });
      }
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
  const insertMs = performance.now() - insertStarted;
  return { teamId, trainees, runs: runRows.length, turns: turnRows.length, passed, generateMs, insertMs };
}
