import "server-only";
import { DEBRIEF_SEARCH_VERSION } from "../../analysis/debrief";
import type { Db } from "../../db/client.server";
import { env } from "../../env.server";
import { notFound } from "../../errors";
import { runTask, TaskOverBudget, TaskSkipped } from "../../workers/pool.server";
import { writeBestScores } from "./write-best-scores.server";

/** `ready`: the debrief's better options come from the stored search; `too-complex`: it went over its budget. */
export type AnalysisStatus = "ready" | "too-complex";

interface Job {
  promise: Promise<AnalysisStatus | "skipped">;
  /** Someone waits for this version (a publish, a debrief): it is never skipped. */
  wanted: boolean;
}

const global = globalThis as unknown as { __steadyAnalyses?: Map<string, Job>; __steadyLatestSaved?: Map<string, string> };
/** Searches under way, by version id: every caller of one version shares one search. */
const jobs = (global.__steadyAnalyses ??= new Map());
/** The latest version saved of each scenario, for skipping a queued search of one saved over since. */
const latestSaved = (global.__steadyLatestSaved ??= new Map());

/**
 * Makes sure a version's debrief search (the better options' best scores) is stored for today's
 * DEBRIEF_SEARCH_VERSION: if not, it runs in the background worker lane within
 * ANALYSIS_TIME_LIMIT_MS and is stored, as `too-complex` when it went over (a later, larger limit
 * tries again). Never on the thread that answers requests; callers only wait for it.
 */
export async function analyzeScenarioVersion(db: Db, versionId: string): Promise<AnalysisStatus> {
  for (;;) {
    let job = jobs.get(versionId);
    if (!job) job = start(db, versionId, true);
    job.wanted = true;
    const status = await job.promise;
    if (status !== "skipped") return status;
  }
}

/**
 * After a save: the search of that version starts in the background, so it is usually stored by
 * the time the version is published. A search still queued when a newer version of the same
 * scenario is saved is skipped (unless someone waits for it). Never throws; failures are logged.
 */
export function scheduleScenarioAnalysis(db: Db, version: { scenarioId: string; version: number }): void {
  void (async () => {
    const row = await db.scenarioVersion.findUnique({
      where: { scenarioId_version: { scenarioId: version.scenarioId, version: version.version } },
      select: { id: true },
    });
    if (!row) return;
    latestSaved.set(version.scenarioId, row.id);
    if (!jobs.has(row.id)) start(db, row.id, false, version.scenarioId);
    await jobs.get(row.id)?.promise;
  })().catch((err: unknown) => console.error(`[steady] the debrief search of ${version.scenarioId} v${version.version} failed:`, err));
}

function start(db: Db, versionId: string, wanted: boolean, scenarioId?: string): Job {
  const job: Job = { wanted, promise: Promise.resolve("skipped") };
  const skip = () => !job.wanted && scenarioId !== undefined && latestSaved.get(scenarioId) !== versionId;
  job.promise = run(db, versionId, skip).finally(() => {
    if (jobs.get(versionId) === job) jobs.delete(versionId);
  });
  jobs.set(versionId, job);
  return job;
}

async function run(db: Db, versionId: string, skip: () => boolean): Promise<AnalysisStatus | "skipped"> {
  const budget = env().ANALYSIS_TIME_LIMIT_MS;
  const stored = await db.scenarioAnalysis.findUnique({
    where: { scenarioVersionId: versionId },
    select: { searchVersion: true, status: true, durationMs: true },
  });
  if (stored && stored.searchVersion === DEBRIEF_SEARCH_VERSION) {
    if (stored.status === "ready") return "ready";
    if (stored.status === "too-complex" && stored.durationMs >= budget) return "too-complex";
  }
  const version = await db.scenarioVersion.findUnique({ where: { id: versionId }, select: { yaml: true, scenarioId: true } });
  if (!version) throw notFound("scenario version");
  let result: { status: AnalysisStatus; bestScores: string | null; statesVisited: number; truncated: boolean; durationMs: number };
  try {
    const out = await runTask("analyze", { yaml: version.yaml, file: `${version.scenarioId}.yaml` }, { budgetMs: budget, lane: "background", skip });
    result = { status: "ready", bestScores: out.bestScores, statesVisited: out.statesVisited, truncated: out.truncated, durationMs: out.ms };
  } catch (err) {
    if (err instanceof TaskSkipped) return "skipped";
    if (!(err instanceof TaskOverBudget)) throw err;
    result = { status: "too-complex", bestScores: null, statesVisited: 0, truncated: true, durationMs: budget };
    console.warn(`[steady] the debrief search of ${version.scenarioId} (version ${versionId}) went over its ${err.reason} budget`);
  }
  await writeBestScores(db, versionId, { ...result, searchVersion: DEBRIEF_SEARCH_VERSION });
  return result.status;
}
