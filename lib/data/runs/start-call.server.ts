import "server-only";
import { getLatestPublishedVersion } from "../scenarios/get-latest-published-version.server";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";
import { compiledScenario } from "../scenarios/compiled-scenario.server";

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
