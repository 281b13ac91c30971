import "server-only";
import { getLatestPublishedVersion } from "../scenarios/get-latest-published-version.server";
import type { Db } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import { AppError, notFound } from "../../errors";
import { compiledScenario } from "../scenarios/compiled-scenario.server";

export interface StartOptions {
  /** Start over: the call in progress (if any) is marked abandoned and a new one starts. */
  fresh?: boolean;
  /**
   * The start request's idempotency key (the page's form carries one; API clients send an
   * `Idempotency-Key` header): the same key again returns the call it started, whatever happened since.
   */
  key?: string;
}

/** The `openFor` value of a call in progress: the unique index allows one per trainee and scenario. */
const openKey = (userId: string, scenarioId: string) => `${userId}:${scenarioId}`;

/**
 * The one way to start a call, for the page's action and for `POST /api/scenarios/{id}/runs`:
 * resumes the call in progress if there is one, else starts one on the latest published version;
 * `fresh` starts over. Safe to call concurrently from several servers: the database holds one call
 * in progress per trainee and scenario, and the id returned is always that of a run that exists.
 */
export async function startCall(db: Db, userId: string, scenarioId: string, options: StartOptions = {}): Promise<{ runId: string; resumed: boolean }> {
  const startKey = options.key ? `${userId}:${options.key}` : null;
  if (startKey) {
    const earlier = await db.run.findUnique({ where: { startKey }, select: { id: true } });
    if (earlier) return { runId: earlier.id, resumed: true };
  }
  const version = await getLatestPublishedVersion(db, scenarioId);
  if (!version) throw notFound("scenario");
  for (let attempt = 0; attempt < 5; attempt++) {
    const open = await findOpenRun(db, userId, scenarioId);
    if (open && !options.fresh) return { runId: open.id, resumed: true };
    if (open) {
      // Starting over: the old call is kept but counted nowhere.
      await db.run.updateMany({ where: { id: open.id, status: "in_progress" }, data: { status: "abandoned", openFor: null } });
    }
    try {
      const created = await createRun(db, userId, version, startKey);
      return { runId: created.id, resumed: false };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Another request got there first: with the same key, its run is this start's; otherwise
      // the call it opened is the one in progress, and the loop resumes it (or starts over again).
      if (startKey) {
        const same = await db.run.findUnique({ where: { startKey }, select: { id: true } });
        if (same) return { runId: same.id, resumed: true };
      }
      if (options.fresh) return startCall(db, userId, scenarioId, { key: options.key });
    }
  }
  throw new AppError("conflict", "the call could not be started because another start was in progress; try again");
}

/** The user's call in progress on any version of a scenario (at most one). */
export async function findOpenRun(db: Db, userId: string, scenarioId: string) {
  return db.run.findFirst({
    where: { userId, status: "in_progress", scenarioVersion: { scenarioId } },
    orderBy: { startedAt: "desc" },
    select: { id: true, turnCount: true },
  });
}

/** Starts a run on the latest published version of a scenario, or resumes the one in progress. */
export async function startOrResumeRun(db: Db, userId: string, scenarioId: string): Promise<{ runId: string; resumed: boolean }> {
  return startCall(db, userId, scenarioId);
}

/** Always a fresh run (start over): the call in progress, if any, is abandoned. */
export async function startNewRun(db: Db, userId: string, scenarioId: string) {
  const { runId } = await startCall(db, userId, scenarioId, { fresh: true });
  return { id: runId };
}

async function createRun(db: Db, userId: string, version: { id: string; yaml: string; scenarioId: string }, startKey: string | null) {
  const scenario = compiledScenario(version);
  return db.run.create({
    data: {
      userId,
      scenarioVersionId: version.id,
      openFor: openKey(userId, version.scenarioId),
      startKey,
      angerStart: scenario.mood.anger,
      angerEnd: scenario.mood.anger,
      trustStart: scenario.mood.trust,
      trustEnd: scenario.mood.trust,
    },
  });
}
