import "server-only";
import { analyzePublishedVersions } from "../data/scenario-analyses/analyze-published-versions.server";
import { db } from "../db/client.server";
import { warmWorkers } from "../workers/pool.server";

/**
 * Work a server starts once it is ready, without waiting for it: the worker threads' file is
 * bundled (so the first save or debrief does not wait for it), then the debrief search of every
 * published version that has none stored is worked out in the background worker lane.
 */
export function startBackgroundWork(log: (line: string) => void = console.log): void {
  void warmWorkers()
    .then(() => analyzePublishedVersions(db(), log))
    .catch((err: unknown) => log(`[steady] background work at start failed: ${(err as Error).message}`));
}
