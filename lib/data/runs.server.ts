import "server-only";
import { getLatestPublishedVersion } from "./library.server";
import type { Db } from "../db/client.server";
import { isUniqueViolation } from "../db/errors";
import { AppError, notFound } from "../errors";
import { scoreRun, type ScoreReport } from "../scoring/report";
import { debriefReport } from "../analysis/debrief";
import { cachedScenario, compiledScenario } from "./compiled-scenario.server";

/** Fields of a run that reflect the server's replay of its turns. */
export function summaryOf(report: ScoreReport) {
  const done = report.outcome !== null;
  return {
    rubricVersion: report.rubricVersion,
    status: done ? "completed" : "in_progress",
    outcome: report.outcome,
    overall: report.score.overall,
    laer: report.score.dimensions.laer,
    reflectiveListening: report.score.dimensions.reflectiveListening,
    promises: report.score.dimensions.promises,
    professionalism: report.score.dimensions.professionalism,
    passed: done ? report.passed : null,
    criticalErrors: [...new Set(report.criticalErrors.map((c) => c.rule))].join(","),
    angerEnd: report.mood.anger,
    trustEnd: report.mood.trust,
    completedAt: done ? new Date() : null,
  };
}

/**
 * The one way to start a call, for the page's action and for `POST /api/scenarios/{id}/runs`:
 * `fresh` always starts a new call (retry); otherwise the call in progress is resumed if there is one.
 */
export async function startCall(db: Db, userId: string, scenarioId: string, options: { fresh?: boolean } = {}): Promise<{ runId: string; resumed: boolean }> {
  if (options.fresh) return { runId: (await startNewRun(db, userId, scenarioId)).id, resumed: false };
  return startOrResumeRun(db, userId, scenarioId);
}

/** Starts a run on the latest published version of a scenario, or resumes the one in progress. */
export async function startOrResumeRun(db: Db, userId: string, scenarioId: string): Promise<{ runId: string; resumed: boolean }> {
  const version = await getLatestPublishedVersion(db, scenarioId);
  if (!version) throw notFound("scenario");
  // A call in progress is resumed even if a newer version was published since it started.
  const open = await findOpenRun(db, userId, scenarioId);
  if (open) return { runId: open.id, resumed: true };
  const created = await createRun(db, userId, version);
  // A double-clicked Start can create two calls at once: keep the oldest, drop ours if newer.
  const oldest = await db.run.findFirst({
    where: { userId, status: "in_progress", scenarioVersion: { scenarioId } },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  if (oldest && oldest.id !== created.id) {
    await db.run.deleteMany({ where: { id: created.id, turnCount: 0 } });
    return { runId: oldest.id, resumed: true };
  }
  return { runId: created.id, resumed: false };
}

/** The user's latest call in progress on any version of a scenario. */
export async function findOpenRun(db: Db, userId: string, scenarioId: string) {
  return db.run.findFirst({
    where: { userId, status: "in_progress", scenarioVersion: { scenarioId } },
    orderBy: { startedAt: "desc" },
    select: { id: true, turnCount: true },
  });
}

/** Always a fresh run (retry). */
export async function startNewRun(db: Db, userId: string, scenarioId: string) {
  const version = await getLatestPublishedVersion(db, scenarioId);
  if (!version) throw notFound("scenario");
  return createRun(db, userId, version);
}

async function createRun(db: Db, userId: string, version: { id: string; yaml: string; scenarioId: string }) {
  const scenario = compiledScenario(version);
  return db.run.create({
    data: {
      userId,
      scenarioVersionId: version.id,
      angerStart: scenario.mood.anger,
      angerEnd: scenario.mood.anger,
      trustStart: scenario.mood.trust,
      trustEnd: scenario.mood.trust,
    },
  });
}

/**
 * A run with its version and turns, only for its owner. Another user's run is "not found"
 * (404), so run ids cannot be probed.
 */
export async function getRunForUser(db: Db, runId: string, userId: string) {
  const run = await db.run.findFirst({
    where: { id: runId, userId },
    include: { turns: { orderBy: { index: "asc" } }, scenarioVersion: true },
  });
  if (!run) throw notFound("run");
  return run;
}

export interface TurnResult {
  runId: string;
  /** Turns saved for the run after this request. */
  turnCount: number;
  /** True when this request saved nothing because the same turn was already saved. */
  duplicate: boolean;
  status: "in_progress" | "completed";
  outcome: string | null;
  overall: number;
  passed: boolean | null;
}

/**
 * Saves turn `index` of a run after replaying the turns before it on the server.
 * - a choice not offered at that point: 422, nothing saved;
 * - the same turn sent again (same index and choice): a no-op that returns the current state;
 * - a different choice for a saved index, or an index past the next one: 409.
 * The score saved is the replay's, whatever the browser believes.
 */
export async function submitTurn(db: Db, input: { runId: string; userId: string; index: number; choiceId: string }): Promise<TurnResult> {
  // The hot path of a call: only the columns it needs; the YAML only when not compiled yet.
  const run = await db.run.findFirst({
    where: { id: input.runId, userId: input.userId },
    select: {
      id: true, status: true, outcome: true, overall: true, passed: true, scenarioVersionId: true,
      turns: { orderBy: { index: "asc" }, select: { choiceId: true } },
    },
  });
  if (!run) throw notFound("run");
  const saved = run.turns.map((t) => t.choiceId);
  const scenario =
    cachedScenario(run.scenarioVersionId) ??
    compiledScenario(await db.scenarioVersion.findUniqueOrThrow({ where: { id: run.scenarioVersionId }, select: { id: true, yaml: true, scenarioId: true } }));
  if (input.index < saved.length) {
    if (saved[input.index] === input.choiceId) return turnResult(run, saved.length, true);
    throw new AppError("conflict", `turn ${input.index + 1} was already played with another choice; reload to continue from the saved call`, {
      savedTurns: saved.length,
    });
  }
  if (input.index > saved.length) {
    throw new AppError("conflict", `turn ${input.index + 1} is ahead of the saved call (${saved.length} turns saved); reload to continue`, {
      savedTurns: saved.length,
    });
  }
  if (run.status === "completed") throw new AppError("conflict", "this call has already ended");

  const report = scoreRun(scenario, [...saved, input.choiceId]);
  if (report.error) {
    throw new AppError("choice-not-offered", `choice \`${input.choiceId}\` is not offered at this point of the call`, {
      offered: report.error.offered,
    });
  }
  const summary = summaryOf(report);
  try {
    await db.$transaction([
      db.turn.create({ data: { runId: run.id, index: input.index, choiceId: input.choiceId } }),
      db.run.update({ where: { id: run.id }, data: { ...summary, turnCount: input.index + 1 } }),
    ]);
  } catch (err) {
    // Two copies of the same request raced: the unique (runId, index) kept one.
    if (isUniqueViolation(err)) {
      const again = await getRunForUser(db, input.runId, input.userId);
      if (again.turns[input.index]?.choiceId === input.choiceId) return turnResult(again, again.turns.length, true);
      throw new AppError("conflict", `turn ${input.index + 1} was already played with another choice; reload to continue`);
    }
    throw err;
  }
  return turnResult({ id: run.id, ...summary }, input.index + 1, false);
}

function turnResult(
  run: { id: string; status: string; outcome: string | null; overall: number | null; passed: boolean | null },
  turnCount: number,
  duplicate: boolean,
): TurnResult {
  return {
    runId: run.id,
    turnCount,
    duplicate,
    status: run.status as TurnResult["status"],
    outcome: run.outcome,
    overall: run.overall ?? 0,
    passed: run.passed,
  };
}

/**
 * The server's replay of a run. Better options (which need the scenario's search) are only
 * worked out for a finished call, where the debrief shows them.
 */
export async function getRunReport(db: Db, runId: string, userId: string) {
  const run = await getRunForUser(db, runId, userId);
  const scenario = compiledScenario(run.scenarioVersion);
  const report = (run.status === "completed" ? debriefReport : scoreRun)(scenario, run.turns.map((t) => t.choiceId));
  return { run, scenario, report };
}

export async function findRunsForUser(db: Db, userId: string) {
  return db.run.findMany({
    where: { userId },
    orderBy: { startedAt: "desc" },
    include: { scenarioVersion: { select: { scenarioId: true, title: true, version: true } }, coachingNote: { select: { id: true } } },
    take: 200,
  });
}
