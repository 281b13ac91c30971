/**
 * The team scorecard with 1,000 trainees and 50,000 completed runs, on SQLite (a new file) and
 * on PostgreSQL (BENCH_POSTGRES_URL, default the schema `bench_scorecard` of the test database, wiped first): the
 * time the manager's scorecard page spends in `findTeamScorecard`, alone and with
 * `findNeedsAttention` beside it as the page runs them, median and p95 of 15 calls after 2 warm-ups. Target: under 300 ms. On PostgreSQL the tables are ANALYZEd after the bulk
 * load, as autovacuum would soon do; SQLite gets nothing the app does not do itself.
 *
 * Run alone: `tsx --conditions=react-server lib/bench/scorecard.ts [--trainees N] [--runs N] [--only sqlite|postgresql]`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { createDb, type Db } from "../db/client.server";
import { postgresConnection } from "../env.server";
import { migrate } from "../db/migrate.server";
import { syncBuiltinScenarios } from "../data/scenarios/sync-builtin-scenarios.server";
import { findTeamScorecard } from "../data/scorecards/find-team-scorecard.server";
import { findNeedsAttention } from "../data/scorecards/find-needs-attention.server";
import { hashPassword } from "better-auth/crypto";
import { request as httpRequest } from "node:http";
import { randomBytes } from "node:crypto";
import { newRowId } from "../seed/demo-team.server";
import { ensureBuild, signIn, startServer, waitUntilIdle } from "./load";
import { populateScorecardBench } from "./scorecard-data";

/** Default: a schema of its own in the test database that `npm test` sets up. */
export const BENCH_POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? "postgresql://steady:steady@127.0.0.1:5432/steady_test?schema=bench_scorecard";
const TARGET_MS = 300;
const TEAM_ID = "team-bench";

export interface ScorecardFigure {
  name: string;
  value: string;
  target: string;
  ok: boolean;
}

export interface ScorecardBenchOptions {
  trainees?: number;
  runs?: number;
  calls?: number;
  providers?: ("sqlite" | "postgresql")[];
  /** Also time the whole page on the production server (default true). */
  page?: boolean;
  log?: (line: string) => void;
}

/** GET with a cookie over node:http; resolves when the whole body has arrived. */
function get(url: string, cookie: string): Promise<{ status: number; bytes: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolveGet, reject) => {
    const req = httpRequest(url, { headers: { cookie } }, (res) => {
      let bytes = 0;
      res.on("data", (d: Buffer) => (bytes += d.length));
      res.on("end", () => resolveGet({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started }));
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * The scorecard page as a manager gets it: the production server on the populated database,
 * signed in over HTTP, the page fetched whole (session check, query, React render, HTML).
 */
async function timePage(url: string, db: Db, calls: number, progress: (line: string) => void) {
  const manager = await db.user.findFirstOrThrow({ where: { roles: { some: { role: "manager" } }, teamId: TEAM_ID } });
  const password = "bench-manager-password";
  await db.account.deleteMany({ where: { userId: manager.id, providerId: "credential" } });
  await db.account.create({
    data: { id: newRowId(), accountId: manager.id, providerId: "credential", userId: manager.id, password: await hashPassword(password) },
  });
  ensureBuild(progress);
  const dir = mkdtempSync(join(tmpdir(), "steady-scorecard-page-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: url,
    DEMO_MODE: "false",
    BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
  };
  delete env.BETTER_AUTH_URL;
  const server = await startServer(dir, env, progress);
  try {
    const cookie = await signIn(server.base, manager.email, password);
    // The server's one-off work after it starts (the debrief searches of the published
    // built-ins, a few seconds of CPU on a worker thread) would otherwise share the two cores
    // with the first requests: the page is timed on a server that has settled, as it runs for days.
    if (server.child.pid) await waitUntilIdle(server.child.pid, progress);
    const pageUrl = `${server.base}/manager/teams/${TEAM_ID}`;
    let bytes = 0;
    for (let i = 0; i < 2; i++) {
      const r = await get(pageUrl, cookie);
      if (r.status !== 200) throw new Error(`the scorecard page answered ${r.status}`);
      bytes = r.bytes;
    }
    const times: number[] = [];
    for (let i = 0; i < calls; i++) times.push((await get(pageUrl, cookie)).ms);
    times.sort((a, b) => a - b);
    return { median: percentile(times, 50), p95: percentile(times, 95), bytes };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString("en")} ms`;

async function openDatabase(provider: "sqlite" | "postgresql"): Promise<{ db: Db; label: string; url: string; cleanup: () => void }> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "steady-scorecard-bench-"));
    const url = `file:${join(dir, "bench.db")}`;
    await migrate(url);
    return { db: createDb(url), label: "SQLite", url, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const { connectionString, schema } = postgresConnection(BENCH_POSTGRES_URL);
  const client = new pg.Client({ connectionString });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `cannot reach PostgreSQL at ${BENCH_POSTGRES_URL.replace(/:[^:@/]*@/, ":***@")} (${(err as Error).message}); set BENCH_POSTGRES_URL`,
    );
  }
  try {
    // Wiped first: the benchmark's own schema (or `public` of a database given for it).
    await client.query(schema ? `DROP SCHEMA IF EXISTS "${schema}" CASCADE` : "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
  } finally {
    await client.end();
  }
  await migrate(BENCH_POSTGRES_URL);
  return { db: createDb(BENCH_POSTGRES_URL), label: "PostgreSQL", url: BENCH_POSTGRES_URL, cleanup: () => {} };
}

/** Populates and times each provider; returns the figures (also printed through `log`). */
export async function benchScorecard(options: ScorecardBenchOptions = {}): Promise<ScorecardFigure[]> {
  const trainees = options.trainees ?? 1000;
  const runs = options.runs ?? 50_000;
  const calls = options.calls ?? 15;
  const log = options.log ?? console.log;
  const figures: ScorecardFigure[] = [];
  const size = `${trainees.toLocaleString("en")} trainees, ${runs.toLocaleString("en")} runs`;

  for (const provider of options.providers ?? (["sqlite", "postgresql"] as const)) {
    let opened: Awaited<ReturnType<typeof openDatabase>> | null = null;
    const started = performance.now();
    const progress = (line: string) => log(`     (${provider}, ${((performance.now() - started) / 1000).toFixed(1)} s: ${line})`);
    try {
      opened = await openDatabase(provider);
      const { db, label } = opened;
      await syncBuiltinScenarios(db);
      progress(`migrated; simulating and writing ${size}`);
      const data = await populateScorecardBench(db, { teamId: TEAM_ID, trainees, runs });
      progress("written; timing the scorecard");
      figures.push({
        name: `scorecard bench data, ${label}: ${size} (${Math.round((data.passed / data.runs) * 100)}% passed; no Turn rows)`,
        value: `simulated and scored in ${ms(data.generateMs)}, written in ${ms(data.insertMs)}`,
        target: "—",
        ok: true,
      });

      if (provider === "postgresql") {
        // What autovacuum does soon after a bulk load; until then the planner has no statistics
        // for the new rows (measured: single calls of several seconds).
        await db.$executeRawUnsafe("ANALYZE");
        progress("analyzed");
      }
      const warmUps: number[] = [];
      for (let i = 0; i < 2; i++) {
        const warmStarted = performance.now();
        const rows = await findTeamScorecard(db, TEAM_ID, {});
        warmUps.push(performance.now() - warmStarted);
        if (rows.length !== trainees) throw new Error(`the scorecard has ${rows.length} rows for ${trainees} trainees`);
        const counted = rows.reduce((n, r) => n + r.runs, 0);
        if (counted !== data.runs) throw new Error(`the scorecard counts ${counted} runs of ${data.runs}`);
      }
      const times: number[] = [];
      for (let i = 0; i < calls; i++) {
        const started = performance.now();
        await findTeamScorecard(db, TEAM_ID, {});
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const median = percentile(times, 50);
      const p95 = percentile(times, 95);
      figures.push({
        name: `team scorecard (findTeamScorecard), ${label}, ${size}, ${calls} calls after 2 warm-ups`,
        value: `median ${ms(median)}, p95 ${ms(p95)} (min ${ms(times[0]!)}, max ${ms(times.at(-1)!)}; warm-ups ${warmUps.map(ms).join(", ")})`,
        target: `p95 < ${TARGET_MS} ms`,
        ok: p95 < TARGET_MS,
      });

      // What the page runs: the scorecard and, beside it, the needs-attention list (each trainee's last five calls).
      const withAttention: number[] = [];
      let flagged = 0;
      for (let i = 0; i < calls + 2; i++) {
        const started = performance.now();
        const scorecard = findTeamScorecard(db, TEAM_ID, {});
        const [, attention] = await Promise.all([scorecard, findNeedsAttention(db, TEAM_ID, scorecard)]);
        if (i >= 2) withAttention.push(performance.now() - started);
        flagged = attention.length;
      }
      withAttention.sort((a, b) => a - b);
      const p95WithAttention = percentile(withAttention, 95);
      figures.push({
        name: `team scorecard + needs attention (as the page runs them), ${label}, ${size}, ${calls} calls after 2 warm-ups (${flagged} trainees need attention)`,
        value: `median ${ms(percentile(withAttention, 50))}, p95 ${ms(p95WithAttention)} (min ${ms(withAttention[0]!)}, max ${ms(withAttention.at(-1)!)})`,
        target: `p95 < ${TARGET_MS} ms`,
        ok: p95WithAttention < TARGET_MS,
      });

      if (options.page !== false) {
        progress("timing the page over HTTP on the production build");
        const page = await timePage(opened.url, db, calls, progress);
        figures.push({
          name: `team scorecard page, server render over HTTP (production server), ${label}, ${size}, ${calls} requests after 2 warm-ups`,
          value: `median ${ms(page.median)}, p95 ${ms(page.p95)}; ${Math.round(page.bytes / 1024)} KiB of HTML`,
          target: `p95 < ${TARGET_MS} ms`,
          ok: page.p95 < TARGET_MS,
        });
      }
      progress("done");
    } catch (err) {
      figures.push({
        name: `team scorecard, ${provider}`,
        value: `did not run: ${(err as Error).message}`,
        target: "runs to the end",
        ok: false,
      });
    } finally {
      await opened?.db.$disconnect();
      opened?.cleanup();
    }
  }
  return figures;
}

// Run directly: `tsx --conditions=react-server lib/bench/scorecard.ts [--trainees N] [--runs N] [--only sqlite|postgresql]`.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const arg = (flag: string) => {
    const i = process.argv.indexOf(`--${flag}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const only = arg("only");
  benchScorecard({
    ...(arg("trainees") ? { trainees: Number(arg("trainees")) } : {}),
    ...(arg("runs") ? { runs: Number(arg("runs")) } : {}),
    ...(only === "sqlite" || only === "postgresql" ? { providers: [only] } : {}),
  }).then(
    (figures) => {
      for (const f of figures) console.log(`${f.ok ? "ok  " : "MISS"} ${f.name}: ${f.value} (target ${f.target})`);
      const missed = figures.filter((f) => !f.ok);
      console.log(missed.length ? `${missed.length} target(s) missed.` : "All targets met.");
      process.exitCode = missed.length ? 1 : 0;
    },
    (err) => {
      console.error(`scorecard benchmark failed: ${(err as Error).message}`);
      process.exitCode = 1;
    },
  );
}
