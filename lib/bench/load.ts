/**
 * `npm run bench:load` (also the last part of `npm run bench`): the run API under load, on the
 * production build with the embedded SQLite database.
 *
 * Starts the production server (`server.mjs`, as `npm start`) on a free port with a fresh database
 * in a temporary directory (demo mode off), creates trainee accounts the way the seed does, signs
 * each in over HTTP (all from one address, as a classroom would), then runs simulated trainees: each starts a fresh
 * call of a random built-in scenario and plays random valid choices (worked out locally with the
 * domain core's `replay`, and every answer checked against its `scoreRun`), starting a new call
 * when one ends. Every turn submission is timed. It also measures the first-load JavaScript of
 * the player page (/runs/{id} for a call in progress).
 *
 * Phase 1 (the targets: turn p95 < 50 ms, no errors): 50 simulated trainees at a brisk
 * person's pace: each pauses 1–3 s before a choice (a real trainee reads the customer's line
 * first, usually for longer), so all 50 are mid-call at once.
 * Phase 2 (for information: the saturation point): the same trainees with no pause at all, so
 * 50 requests are always in flight; its throughput is the server's capacity, and its latency
 * is queueing (50 / throughput), not the cost of one turn.
 *
 * Options (flags or environment): --trainees N (BENCH_TRAINEES, 50), --seconds S
 * (BENCH_SECONDS, 30), --think-ms MS (BENCH_THINK_MS, phase 1's mean pause, 2000),
 * --paced-seconds S (BENCH_PACED_SECONDS, 15; phase 2's length, 0 skips it), --paced-think-ms MS
 * (BENCH_PACED_THINK_MS, phase 2's mean pause, 0).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { offeredInOrder } from "../call/call-view";
import { replay } from "../customer/replay";
import { loadScenario } from "../scenario/load";
import type { Scenario } from "../scenario/model";
import { scoreRun } from "../scoring/report";

export interface LoadFigure {
  name: string;
  value: string;
  target: string;
  ok: boolean;
}

export interface LoadOptions {
  trainees?: number;
  seconds?: number;
  /** Mean pause before each choice (uniform between 0.5× and 1.5×); 0 (default) sends turns back to back. */
  thinkMs?: number;
  /** A second phase at a person's pace (think time `pacedThinkMs`), for information; 0 skips it. */
  pacedSeconds?: number;
  pacedThinkMs?: number;
  log?: (line: string) => void;
}

const TARGET_P95_MS = 50;
/** A call that has not ended after this many turns is abandoned and a new one started. */
const MAX_TURNS_PER_CALL = 40;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function builtInScenarios(): Scenario[] {
  return readdirSync("scenarios")
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => {
      const result = loadScenario(readFileSync(join("scenarios", f)), f);
      if (!result.ok) throw new Error(`scenarios/${f} does not load: ${result.problems[0]?.message}`);
      return result.scenario;
    });
}

/** The production build must exist; without one, build it (or say how). */
export function ensureBuild(log: (line: string) => void) {
  if (existsSync(".next/BUILD_ID")) {
    const newer = newestSourceAfter(statSync(".next/BUILD_ID").mtimeMs);
    if (newer)
      log(`Warning: ${newer} changed after the production build, so these figures are for older code: run \`npm run build\` first.`);
    return;
  }
  log("No production build (.next/BUILD_ID is missing): running `npm run build` first…");
  const result = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (result.status !== 0 || !existsSync(".next/BUILD_ID")) {
    throw new Error("the load benchmark needs a production build: run `npm run build`, then try again");
  }
}

/** Not the app's source: installed packages, and the benchmarks (lib/bench) that read the build. */
const NOT_SOURCE = (dir: string, entry: string) =>
  entry.startsWith(".") || entry === "node_modules" || join(dir, entry) === join("lib", "bench");

/**
 * The newest source file of the app (app/, lib/ but for the benchmarks themselves, the Next and
 * Tailwind config) changed after `since`, if any.
 */
export function newestSourceAfter(
  since: number,
  roots: readonly string[] = ["app", "lib", "next.config.js", "postcss.config.mjs"],
): string | null {
  let newest: string | null = null;
  let newestAt = since;
  const pending = roots.filter((root) => existsSync(root));
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (!NOT_SOURCE(path, entry)) pending.push(join(path, entry));
    } else if (!/\.test\.tsx?$/.test(path) && stat.mtimeMs > newestAt) {
      newest = path;
      newestAt = stat.mtimeMs;
    }
  }
  return newest;
}

interface Server {
  base: string;
  child: ChildProcess;
  logFile: string;
  stop: () => Promise<void>;
}

/** Starts the production server on `port` (default: a free one) with `env`. */
export async function startServer(dir: string, env: NodeJS.ProcessEnv, log: (line: string) => void, port?: number): Promise<Server> {
  port ??= await freePort();
  const base = `http://127.0.0.1:${port}`;
  const logFile = join(dir, "server.log");
  const out = openSync(logFile, "a");
  // detached: the whole process group is stopped at the end.
  // BENCH_SERVER_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_SERVER_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${resolve(process.env.BENCH_SERVER_CPU_PROF)}`] : [];
  const child = spawn(process.execPath, [...profile, "server.mjs"], {
    // NODE_OPTIONS without --conditions=react-server (a test runner's), which Next must not get.
    env: {
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_OPTIONS: (env.NODE_OPTIONS ?? "").replace(/--conditions[= ]react-server/g, ""),
    },
    stdio: ["ignore", out, out],
    detached: true,
  });
  closeSync(out);
  let exited = false;
  const exitedPromise = new Promise<void>((r) => child.once("exit", () => ((exited = true), r())));
  const stop = async () => {
    if (exited || !child.pid) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    await Promise.race([exitedPromise, sleep(5000)]);
    if (!exited) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  log(`Starting the production server on ${base} (database ${env.DATABASE_URL})…`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`the server exited while starting; its log:\n${readFileSync(logFile, "utf8")}`);
    try {
      // The sign-in page reads the session from the database: it answers once setup is done.
      const response = await fetch(`${base}/sign-in`, { redirect: "manual" });
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer within 60 s; its log:\n${readFileSync(logFile, "utf8")}`);
    }
    await sleep(200);
  }
  return { base, child, logFile, stop };
}

/**
 * Waits until a process has stopped working: its CPU time (all its threads, from /proc) grows by
 * less than `busyShare` of one core over `windowMs`, `quietWindows` times in a row. For a server
 * that works in the background after it starts (the debrief searches, D41), so what is measured
 * next does not share the CPU with it. Logs and resolves with how long it waited, or null where
 * /proc is not readable (not Linux); gives up after `maxMs` and says so.
 */
export async function waitUntilIdle(
  pid: number,
  log: (line: string) => void,
  { windowMs = 500, busyShare = 0.05, quietWindows = 3, maxMs = 60_000 } = {},
): Promise<number | null> {
  const ticksPerSecond = 100; // USER_HZ on Linux
  const cpuMs = (): number | null => {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
    } catch {
      return null;
    }
  };
  const started = Date.now();
  let last = cpuMs();
  if (last === null) return null;
  let quiet = 0;
  while (quiet < quietWindows) {
    if (Date.now() - started > maxMs) {
      log(`The server was still busy after ${Math.round(maxMs / 1000)} s: measuring anyway.`);
      return Date.now() - started;
    }
    await sleep(windowMs);
    const now = cpuMs();
    if (now === null) return null;
    quiet = now - last < windowMs * busyShare ? quiet + 1 : 0;
    last = now;
  }
  const waited = Date.now() - started;
  log(`The server was idle after ${(waited / 1000).toFixed(1)} s.`);
  return waited;
}

/** Creates trainee accounts the way the seed does (lib/auth/accounts.server.ts). */
export async function createTrainees(count: number, password: string): Promise<string[]> {
  const { createPasswordUser, hashPassword } = await import("../auth/accounts.server");
  const { db } = await import("../db/client.server");
  const hash = await hashPassword(password);
  const emails: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = `load-trainee-${i + 1}@bench.test`;
    await createPasswordUser({ email, name: `Load trainee ${i + 1}`, roles: ["trainee"] }, hash);
    emails.push(email);
  }
  await db().$disconnect();
  return emails;
}

/**
 * Signs in over plain HTTP (node:http, like curl or a server-side client). Node's fetch adds
 * browser-style sec-fetch-* headers, which make Better Auth's CSRF check require an Origin.
 */
export function signIn(base: string, email: string, password: string): Promise<string> {
  const body = JSON.stringify({ email, password });
  return new Promise((resolveCookie, reject) => {
    const req = httpRequest(
      `${base}/api/auth/sign-in/email`,
      { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (d: Buffer) => parts.push(d));
        res.on("end", () => {
          // Every cookie the server sets, as a browser keeps them (the session token and the
          // signed session cache).
          const pairs = (res.headers["set-cookie"] ?? []).map((h) => h.split(";")[0]!);
          if (res.statusCode !== 200 || !pairs.some((p) => p.startsWith("better-auth.session_token="))) {
            reject(new Error(`sign-in of ${email} failed: ${res.statusCode} ${Buffer.concat(parts).toString("utf8").slice(0, 200)}`));
          } else resolveCookie(pairs.join("; "));
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Sums the <script src> chunks of a page: raw bytes and gzip (level 9, per chunk). */
async function firstLoadJs(base: string, path: string, cookie: string) {
  const response = await fetch(`${base}${path}`, { headers: { cookie }, redirect: "manual" });
  const html = await response.text();
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}, not the player page`);
  const srcs = [...new Set([...html.matchAll(/<script\b[^>]*?\bsrc="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&")))];
  let bytes = 0;
  let gzip = 0;
  const chunks: { src: string; bytes: number; gzip: number }[] = [];
  for (const src of srcs) {
    const chunk = await fetch(new URL(src, base), { headers: { cookie } });
    if (!chunk.ok) throw new Error(`script ${src} answered ${chunk.status}`);
    const body = Buffer.from(await chunk.arrayBuffer());
    const zipped = gzipSync(body, { level: 9 }).length;
    bytes += body.length;
    gzip += zipped;
    chunks.push({ src, bytes: body.length, gzip: zipped });
  }
  return { status: response.status, htmlBytes: Buffer.byteLength(html), scripts: chunks.length, bytes, gzip, chunks };
}

interface LoadStats {
  latencies: number[];
  errors: number;
  errorSamples: string[];
  runsStarted: number;
  runsCompleted: number;
  startLatencies: number[];
  mismatches: number;
}

/** One simulated trainee: fresh calls of random scenarios, random valid choices, until `until.at`. */
async function trainee(
  base: string,
  cookie: string,
  scenarios: Scenario[],
  until: { at: number },
  thinkMs: number,
  stats: LoadStats,
  random: () => number,
) {
  const fail = (what: string) => {
    stats.errors++;
    if (stats.errorSamples.length < 10) stats.errorSamples.push(what);
  };
  // A browser-like cookie jar: updated from every response's Set-Cookie.
  const jar = new Map(cookie.split("; ").map((pair) => [pair.slice(0, pair.indexOf("=")), pair] as const));
  const headers = { cookie, "content-type": "application/json" };
  const keep = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const pair = header.split(";")[0]!;
      const name = pair.slice(0, pair.indexOf("="));
      if (/max-age=0/i.test(header)) jar.delete(name);
      else jar.set(name, pair);
    }
    headers.cookie = [...jar.values()].join("; ");
  };
  // Trainees do not all start in the same millisecond: spread the first call over one pause.
  if (thinkMs > 0) await sleep(thinkMs * 1.5 * random());
  while (Date.now() < until.at) {
    const scenario = scenarios[Math.floor(random() * scenarios.length)]!;
    let runId: string;
    const startedAt = performance.now();
    try {
      const response = await fetch(`${base}/api/scenarios/${scenario.id}/runs`, { method: "POST", headers, body: '{"fresh":true}' });
      keep(response);
      const body = (await response.json()) as { runId?: string };
      stats.startLatencies.push(performance.now() - startedAt);
      if (response.status !== 201 || !body.runId) {
        fail(`start ${scenario.id}: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
        await sleep(100);
        continue;
      }
      runId = body.runId;
      stats.runsStarted++;
    } catch (err) {
      fail(`start ${scenario.id}: ${(err as Error).message}`);
      await sleep(100);
      continue;
    }

    const played: string[] = [];
    while (Date.now() < until.at && played.length < MAX_TURNS_PER_CALL) {
      // As the browser does: a response by its position on screen (the server never sends ids).
      const state = replay(scenario, played);
      const shown = offeredInOrder(scenario, runId, state.node, state);
      if (shown.length === 0) break;
      const option = 1 + Math.floor(random() * shown.length);
      const choiceId = shown[option - 1]!;
      if (thinkMs > 0) await sleep(thinkMs * (0.5 + random()));
      const sentAt = performance.now();
      let ok = false;
      try {
        const response = await fetch(`${base}/api/runs/${runId}/turns`, {
          method: "POST",
          headers,
          body: JSON.stringify({ index: played.length, option }),
        });
        keep(response);
        const body = (await response.json()) as { turn?: { turnCount: number; overall: number; status: string }; call?: { line: string } };
        stats.latencies.push(performance.now() - sentAt);
        if (response.status !== 201 || !body.turn) {
          fail(`turn ${played.length} of ${scenario.id}: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
        } else {
          ok = true;
          played.push(choiceId);
          // The server's replay must agree with the domain core's, under load too.
          const report = scoreRun(scenario, played);
          if (
            body.turn.turnCount !== played.length ||
            body.turn.overall !== report.score.overall ||
            body.call?.line !== report.turns.at(-1)?.reply ||
            (body.turn.status === "completed") !== (report.outcome !== null)
          ) {
            stats.mismatches++;
            fail(
              `turn ${played.length - 1} of ${scenario.id}: server says ${JSON.stringify(body.turn)}, the domain core ${report.score.overall}/${report.outcome}`,
            );
          }
          if (body.turn.status === "completed") stats.runsCompleted++;
        }
      } catch (err) {
        stats.latencies.push(performance.now() - sentAt);
        fail(`turn ${played.length} of ${scenario.id}: ${(err as Error).message}`);
      }
      if (!ok) break; // start a new call rather than guess the saved state
    }
  }
}

/**
 * CPU time a process has used so far (user + system, all its threads), from /proc; null where
 * there is no /proc. Unlike latency, it hardly moves when other work shares the machine, so it
 * compares two versions of the server fairly on a busy machine.
 */
function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8")
      .replace(/^.*\) /, "")
      .split(" ");
    // After the command name: state is field 3, utime field 14 and stime field 15 (1-based, man 5 proc).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
/** USER_HZ: 100 on every Linux port Node runs on. */
const CLOCK_TICKS = 100;

function cpuPerRequest(phase: PhaseResult, before: number | null, after: number | null): number | null {
  const requests = phase.count + phase.stats.runsStarted;
  return before === null || after === null || requests === 0 ? null : (after - before) / requests;
}

export interface PhaseResult {
  stats: LoadStats;
  elapsed: number;
  count: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  startP50: number;
  startP95: number;
}

/**
 * Simulated trainees for `seconds`, or (a promise) until it settles: lib/bench/stall.ts measures
 * turns while something else happens.
 */
export async function runPhase(
  base: string,
  cookies: string[],
  scenarios: Scenario[],
  seconds: number | Promise<unknown>,
  thinkMs: number,
  seed: number,
): Promise<PhaseResult> {
  const stats: LoadStats = {
    latencies: [],
    errors: 0,
    errorSamples: [],
    runsStarted: 0,
    runsCompleted: 0,
    startLatencies: [],
    mismatches: 0,
  };
  const begin = performance.now();
  const until = { at: typeof seconds === "number" ? Date.now() + seconds * 1000 : Infinity };
  if (typeof seconds !== "number") void seconds.finally(() => (until.at = Date.now())).catch(() => {});
  await Promise.all(cookies.map((c, i) => trainee(base, c, scenarios, until, thinkMs, stats, rng(seed * 7919 + i))));
  const elapsed = (performance.now() - begin) / 1000;
  const sorted = [...stats.latencies].sort((a, b) => a - b);
  const starts = [...stats.startLatencies].sort((a, b) => a - b);
  return {
    stats,
    elapsed,
    count: sorted.length,
    rps: sorted.length / elapsed,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    startP50: percentile(starts, 50),
    startP95: percentile(starts, 95),
  };
}

/** Deterministic per trainee, so a run can be compared with another. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * A fresh SQLite file and secret for a benchmark's production server, demo mode off. This
 * process gets the same settings, so it creates the accounts with the app's own code (the
 * settings and database client of a benchmark run before it in this process are forgotten:
 * `npm run bench` runs the load and the stall benchmarks one after the other).
 */
export async function benchServerEnv(prefix: string): Promise<{ dir: string; serverEnv: NodeJS.ProcessEnv }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const databaseUrl = `file:${resolve(dir, "bench.db")}`;
  const secret = randomBytes(32).toString("base64url");
  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    DEMO_MODE: "false",
    BETTER_AUTH_SECRET: secret,
  };
  delete serverEnv.BETTER_AUTH_URL;
  delete serverEnv.NODE_OPTIONS;
  Object.assign(process.env, { DATABASE_URL: databaseUrl, DEMO_MODE: "false", BETTER_AUTH_SECRET: secret });
  const [{ forgetEnv }, { closeDb }, { forgetAuth }] = await Promise.all([
    import("../env.server"),
    import("../db/client.server"),
    import("../auth/auth.server"),
  ]);
  forgetEnv();
  forgetAuth();
  await closeDb();
  return { dir, serverEnv };
}

export async function runLoadBench(options: LoadOptions = {}): Promise<LoadFigure[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const traineeCount = options.trainees ?? 50;
  const seconds = options.seconds ?? 30;
  const thinkMs = options.thinkMs ?? 2000;
  const pacedSeconds = options.pacedSeconds ?? 15;
  const pacedThinkMs = options.pacedThinkMs ?? 0;
  ensureBuild(log);

  const { dir, serverEnv } = await benchServerEnv("steady-load-");

  const server = await startServer(dir, serverEnv, log);
  const onSignal = () => {
    void server.stop().then(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const password = "load-bench-password";
    let t = performance.now();
    const emails = await createTrainees(traineeCount, password);
    log(`Created ${emails.length} trainee accounts in ${((performance.now() - t) / 1000).toFixed(1)} s.`);

    // All from one address, ten at a time: successful sign-ins do not count against it.
    t = performance.now();
    const cookies: string[] = [];
    for (let i = 0; i < emails.length; i += 10) {
      cookies.push(...(await Promise.all(emails.slice(i, i + 10).map((email) => signIn(server.base, email, password)))));
    }
    log(`Signed ${cookies.length} trainees in over HTTP in ${((performance.now() - t) / 1000).toFixed(1)} s.`);

    const scenarios = builtInScenarios();

    // The player page's first-load JavaScript, on a call in progress.
    const first = scenarios.find((s) => s.id === "billing-error") ?? scenarios[0]!;
    const started = await fetch(`${server.base}/api/scenarios/${first.id}/runs`, {
      method: "POST",
      headers: { cookie: cookies[0]!, "content-type": "application/json" },
      body: '{"fresh":true}',
    });
    const { runId } = (await started.json()) as { runId: string };
    if (started.status !== 201 || !runId) throw new Error(`could not start a call for the player page: ${started.status}`);
    const firstChoice = first.nodes[first.start]!.choices[0]!.id;
    const firstTurn = await fetch(`${server.base}/api/runs/${runId}/turns`, {
      method: "POST",
      headers: { cookie: cookies[0]!, "content-type": "application/json" },
      body: JSON.stringify({ index: 0, choiceId: firstChoice }),
    });
    if (firstTurn.status !== 201)
      throw new Error(`could not play the first turn for the player page: ${firstTurn.status} ${await firstTurn.text()}`);
    const js = await firstLoadJs(server.base, `/runs/${runId}`, cookies[0]!);

    // Warm-up: a few calls, so first-request work (module loading, caches) is not measured.
    await runPhase(server.base, cookies.slice(0, 5), scenarios, 2, 0, 1000);

    const pace = (ms: number) =>
      ms
        ? `each pausing ${((ms * 0.5) / 1000).toFixed(1)}–${((ms * 1.5) / 1000).toFixed(1)} s before a choice`
        : "each sending its next turn as soon as the last is answered";
    log(`Phase 1 (the targets): ${cookies.length} simulated trainees for ${seconds} s, ${pace(thinkMs)}…`);
    let cpu = processCpuMs(server.child.pid);
    const main = await runPhase(server.base, cookies, scenarios, seconds, thinkMs, 1);
    const mainCpu = cpuPerRequest(main, cpu, (cpu = processCpuMs(server.child.pid)));
    let paced: PhaseResult | null = null;
    let pacedCpu: number | null = null;
    if (pacedSeconds > 0 && pacedThinkMs !== thinkMs) {
      log(`Phase 2 (for information: capacity): the same trainees for ${pacedSeconds} s, ${pace(pacedThinkMs)}…`);
      paced = await runPhase(server.base, cookies, scenarios, pacedSeconds, pacedThinkMs, 500);
      pacedCpu = cpuPerRequest(paced, cpu, processCpuMs(server.child.pid));
    }

    const serverLog = readFileSync(server.logFile, "utf8");
    const serverErrors = (serverLog.match(/unexpected error/g) ?? []).length;
    const errors = main.stats.errors + (paced?.stats.errors ?? 0) + serverErrors;
    const p95ok = main.p95 < TARGET_P95_MS;

    const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    const phaseRows = (
      label: string,
      r: PhaseResult,
      target: boolean,
      cpuMs: number | null,
    ): [string, string, string, boolean | null][] => [
      [
        `${label}: turn submissions`,
        `${r.count.toLocaleString("en")} in ${r.elapsed.toFixed(1)} s (${r.stats.runsStarted} calls started, ${r.stats.runsCompleted} ended)`,
        "",
        null,
      ],
      [`${label}: throughput`, `${r.rps.toFixed(1)} turns/s`, "", null],
      [
        `${label}: turn latency p50 / p95 / p99`,
        `${r.p50.toFixed(1)} / ${r.p95.toFixed(1)} / ${r.p99.toFixed(1)} ms (max ${r.max.toFixed(0)} ms)`,
        target ? `p95 < ${TARGET_P95_MS} ms` : "",
        target ? p95ok : null,
      ],
      [`${label}: start-call latency p50 / p95`, `${r.startP50.toFixed(1)} / ${r.startP95.toFixed(1)} ms`, "", null],
      [`${label}: errors`, `${r.stats.errors}`, "0", r.stats.errors === 0],
      ...(cpuMs === null
        ? []
        : [[`${label}: server CPU per request (turns and starts)`, `${cpuMs.toFixed(2)} ms`, "", null] as [string, string, string, null]]),
    ];
    const thinkLabel = (ms: number) => (ms ? `pause ${((ms * 0.5) / 1000).toFixed(1)}–${((ms * 1.5) / 1000).toFixed(1)} s` : "no pause");
    const rows: [string, string, string, boolean | null][] = [
      ...phaseRows(`phase 1 (${cookies.length} trainees, ${thinkLabel(thinkMs)})`, main, true, mainCpu),
      ...(paced ? phaseRows(`phase 2 (${cookies.length} trainees, ${thinkLabel(pacedThinkMs)})`, paced, false, pacedCpu) : []),
      ["server log: unexpected errors (500s)", `${serverErrors}`, "0", serverErrors === 0],
      [`player page first-load JS (/runs/{id}, ${js.scripts} <script src>)`, `${kib(js.bytes)} raw, ${kib(js.gzip)} gzip`, "", null],
    ];
    const width = Math.max(...rows.map((r) => r[0].length));
    const valueWidth = Math.max(...rows.map((r) => r[1].length));
    log("");
    log(`${"figure".padEnd(width)}  ${"measured".padEnd(valueWidth)}  target`);
    log(`${"-".repeat(width)}  ${"-".repeat(valueWidth)}  ------`);
    for (const [name, value, target, ok] of rows)
      log(`${name.padEnd(width)}  ${value.padEnd(valueWidth)}  ${target}${ok === null ? "" : ok ? "  ok" : "  MISS"}`);
    const samples = [...main.stats.errorSamples, ...(paced?.stats.errorSamples ?? [])].slice(0, 10);
    if (samples.length) log(`\nFirst errors:\n  ${samples.join("\n  ")}`);
    if (serverErrors)
      log(
        `\nThe server logged ${serverErrors} unexpected error(s):\n${serverLog
          .split("\n")
          .filter((l) => /unexpected error|Error/.test(l))
          .slice(0, 10)
          .join("\n")}`,
      );
    log("");

    const figures: LoadFigure[] = [
      {
        name: `load: ${cookies.length} trainees × ${seconds} s, ${thinkLabel(thinkMs)}: turn submissions`,
        value: `${main.rps.toFixed(1)} turns/s (${main.count.toLocaleString("en")}); p50 ${main.p50.toFixed(1)} ms, p99 ${main.p99.toFixed(1)} ms`,
        target: "—",
        ok: true,
      },
      { name: "load: turn submission latency p95", value: `${main.p95.toFixed(1)} ms`, target: `< ${TARGET_P95_MS} ms`, ok: p95ok },
      { name: "load: errors (non-2xx, network, score mismatch, server 500s)", value: String(errors), target: "0", ok: errors === 0 },
    ];
    if (paced) {
      figures.push({
        name: `load with no pause (capacity, for information): ${cookies.length} trainees × ${pacedSeconds} s, ${thinkLabel(pacedThinkMs)}`,
        value: `${paced.rps.toFixed(1)} turns/s; p50 ${paced.p50.toFixed(1)} ms, p95 ${paced.p95.toFixed(1)} ms, p99 ${paced.p99.toFixed(1)} ms`,
        target: "—",
        ok: true,
      });
    }
    figures.push({
      name: `player page first-load JS (${js.scripts} scripts)`,
      value: `${kib(js.bytes)} raw, ${kib(js.gzip)} gzip`,
      target: "—",
      ok: true,
    });
    return figures;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly: `tsx --conditions=react-server lib/bench/load.ts [--trainees N] [--seconds S] [--think-ms MS]`.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const number = (flag: string, envName: string) => {
    const raw = argValue(flag) ?? process.env[envName];
    return raw === undefined ? undefined : Number(raw);
  };
  runLoadBench({
    trainees: number("trainees", "BENCH_TRAINEES"),
    seconds: number("seconds", "BENCH_SECONDS"),
    thinkMs: number("think-ms", "BENCH_THINK_MS"),
    pacedSeconds: number("paced-seconds", "BENCH_PACED_SECONDS"),
    pacedThinkMs: number("paced-think-ms", "BENCH_PACED_THINK_MS"),
  }).then(
    (figures) => {
      const missed = figures.filter((f) => !f.ok);
      console.log(missed.length ? `${missed.length} target(s) missed.` : "All targets met.");
      process.exitCode = missed.length ? 1 : 0;
    },
    (err) => {
      console.error(`load benchmark failed: ${(err as Error).message}`);
      process.exitCode = 1;
    },
  );
}
