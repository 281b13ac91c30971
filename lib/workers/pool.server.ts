import "server-only";
import { createHash } from "node:crypto";
import { access, mkdir, mkdtemp, rename, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Tasks from "./tasks";

/**
 * Worker threads for CPU-heavy work (lib/workers/tasks.ts), so the thread that answers requests
 * never runs it: a trainee's turn is answered while a trainer's 1 MB save is checked or a
 * scenario's debrief search runs (decision D41).
 *
 * Two lanes, each a piscina pool: `requests` (checks, compiles, debriefs: someone is waiting)
 * with one thread per core but one, and `background` (the debrief search when a version is saved
 * or published, or at start) with one thread. Worker threads run at a lower priority (nice) than
 * the server's own. A task runs within a time budget counted from when a thread takes it; over it,
 * the thread is terminated (piscina replaces it) and the caller gets `TaskOverBudget`. A lane
 * whose queue is full answers `TaskQueueFull` at once rather than queue without end.
 */

export type TaskName = "check" | "compile" | "analyze" | "debrief";
type TaskInput<N extends TaskName> = Parameters<(typeof Tasks)[N]>[0];
type TaskOutput<N extends TaskName> = ReturnType<(typeof Tasks)[N]>;
export type Lane = "requests" | "background";

/** The task ran out of its time budget (or of memory) and its thread was stopped. */
export class TaskOverBudget extends Error {
  constructor(
    readonly task: TaskName,
    readonly reason: "time" | "memory",
    readonly budgetMs: number,
  ) {
    super(`worker task ${task} went over its ${reason === "time" ? `${budgetMs} ms time budget` : "memory limit"}`);
  }
}

/** The task was not wanted any more when a thread was free for it (`skip`), so it did not run. */
export class TaskSkipped extends Error {
  constructor(readonly task: TaskName) {
    super(`worker task ${task} was skipped`);
  }
}

/** Too many tasks already wait in this lane. */
export class TaskQueueFull extends Error {
  constructor(readonly lane: Lane) {
    super(`the ${lane} worker lane is full`);
  }
}

interface PiscinaLike {
  run(task: unknown, options: { name: string; signal: AbortSignal }): Promise<unknown>;
  destroy(): Promise<void>;
}

interface LaneState {
  pool: PiscinaLike;
  size: number;
  running: number;
  waiting: (() => void)[];
  maxWaiting: number;
}

const LANES: Record<Lane, { threads: () => number; maxWaiting: number; nice: number; heapMb: number }> = {
  // Checks and debriefs: as many threads as cores but one (at least one), so the server's thread keeps a core.
  requests: { threads: () => Math.max(1, Math.min(4, availableParallelism() - 1)), maxWaiting: 32, nice: 5, heapMb: 1024 },
  // The debrief search of a version: one at a time; its memo may take most of a gigabyte at the 400,000-state cap.
  background: { threads: () => 1, maxWaiting: 1000, nice: 10, heapMb: 2048 },
};

/** How long a lane may take to have a thread ready (start one and load the tasks). */
const READY_MS = 120_000;

const state = globalThis as unknown as { __steadyLanes?: Promise<Record<Lane, LaneState>> };

/**
 * Runs a task in a worker thread of `lane` within `budgetMs`. `skip`, asked when a thread is free
 * for the task, drops a task that is no longer needed (`TaskSkipped`).
 */
export async function runTask<N extends TaskName>(
  name: N,
  input: TaskInput<N>,
  options: { budgetMs: number; lane?: Lane; skip?: () => boolean },
): Promise<TaskOutput<N>> {
  const laneName = options.lane ?? "requests";
  const lane = (await lanes())[laneName];
  if (lane.running >= lane.size) {
    if (lane.waiting.length >= lane.maxWaiting) throw new TaskQueueFull(laneName);
    await new Promise<void>((resolve) => lane.waiting.push(resolve));
  }
  lane.running++;
  let signal: AbortSignal | null = null;
  try {
    if (options.skip?.()) throw new TaskSkipped(name);
    // A thread stopped over its budget is replaced; the budget counts from when one is ready.
    await lane.pool.run(null, { name: "ready", signal: AbortSignal.timeout(READY_MS) });
    signal = AbortSignal.timeout(options.budgetMs);
    return (await lane.pool.run(input, { name, signal })) as TaskOutput<N>;
  } catch (err) {
    if (err instanceof TaskSkipped) throw err;
    if (signal?.aborted) throw new TaskOverBudget(name, "time", options.budgetMs);
    if ((err as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY") throw new TaskOverBudget(name, "memory", options.budgetMs);
    throw err;
  } finally {
    lane.running--;
    lane.waiting.shift()?.();
  }
}

/** Starts the worker file's bundling early (on server start), so the first task does not wait for it. */
export function warmWorkers(): Promise<void> {
  return lanes().then(() => undefined);
}

/** Stops every worker thread (tests, scripts that must exit). */
export async function closeWorkers(): Promise<void> {
  const current = state.__steadyLanes;
  state.__steadyLanes = undefined;
  if (!current) return;
  const all = await current.catch(() => null);
  if (all) await Promise.all(Object.values(all).map((l) => l.pool.destroy()));
}

function lanes(): Promise<Record<Lane, LaneState>> {
  state.__steadyLanes ??= createLanes().catch((err) => {
    state.__steadyLanes = undefined; // try again on the next task
    throw err;
  });
  return state.__steadyLanes;
}

async function createLanes(): Promise<Record<Lane, LaneState>> {
  const filename = pathToFileURL(await workerFile()).href;
  const { Piscina } = await import("piscina");
  const make = (lane: Lane): LaneState => {
    const config = LANES[lane];
    const size = config.threads();
    const pool = new Piscina({
      filename,
      // One thread kept ready (and replaced at once when one is stopped), so a task's budget is not
      // spent starting a thread; idle threads do not keep a process alive.
      minThreads: 1,
      maxThreads: size,
      idleTimeout: 5 * 60_000,
      niceIncrement: config.nice,
      resourceLimits: { maxOldGenerationSizeMb: config.heapMb },
    });
    return { pool, size, running: 0, waiting: [], maxWaiting: config.maxWaiting };
  };
  const ready = { requests: make("requests"), background: make("background") };
  // Each lane's first thread loads the tasks before any task's budget starts counting.
  await Promise.all(Object.values(ready).map((lane) => lane.pool.run(null, { name: "ready", signal: AbortSignal.timeout(READY_MS) })));
  return ready;
}

/**
 * lib/workers/tasks.ts and what it imports, bundled by esbuild into one ES module named by a hash
 * of its content (so every process of one build shares it and a changed source gets a new file),
 * in node_modules/.cache/steady-workers (or, where that cannot be written, a fresh private
 * temporary directory). esbuild runs in its own process: the bundling does not hold up this thread.
 */
async function workerFile(): Promise<string> {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [join(/*turbopackIgnore: true*/ process.cwd(), "lib/workers/tasks.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    logLevel: "silent",
    // A CommonJS dependency's require() of a Node module, inside an ES module bundle.
    banner: { js: "import { createRequire as __steadyRequire } from 'node:module'; const require = __steadyRequire(import.meta.url);" },
  });
  const code = result.outputFiles[0]!.contents;
  const name = `tasks-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`;
  const cache = join(/*turbopackIgnore: true*/ process.cwd(), "node_modules", ".cache", "steady-workers");
  try {
    return await writeOnce(cache, name, code);
  } catch {
    return await writeOnce(await mkdtemp(join(tmpdir(), "steady-workers-")), name, code);
  }
}

async function writeOnce(dir: string, name: string, code: Uint8Array): Promise<string> {
  const file = join(dir, name);
  try {
    await access(file);
    return file;
  } catch {
    // not written yet
  }
  await mkdir(dir, { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, code);
  await rename(temporary, file); // whole or not at all, even with several servers starting at once
  return file;
}
