import "server-only";
import { DEBRIEF_SEARCH_VERSION } from "../../analysis/debrief";
import type { Db } from "../../db/client.server";
import { env } from "../../env.server";
import { analyzeScenarioVersion } from "./analyze-scenario-version.server";

/**
 * On start, in the background: every published version whose debrief search is not stored for
 * today's DEBRIEF_SEARCH_VERSION (saved before issue 11, the built-ins after a rubric change) gets
 * it, one at a time in the background worker lane, so trainees' debriefs find it stored. A debrief
 * that comes first starts (or joins) its version's search itself. Never throws.
 */
export async function analyzePublishedVersions(db: Db, log: (line: string) => void = console.log): Promise<number> {
  try {
    const budget = env().ANALYSIS_TIME_LIMIT_MS;
    const versions = await db.scenarioVersion.findMany({
      where: { published: true },
      select: { id: true, scenarioId: true, version: true, analysis: { select: { searchVersion: true, status: true, durationMs: true } } },
      orderBy: [{ scenarioId: "asc" }, { version: "asc" }],
    });
    const todo = versions.filter(
      (v) =>
        !v.analysis ||
        v.analysis.searchVersion !== DEBRIEF_SEARCH_VERSION ||
        v.analysis.status === "writing" ||
        (v.analysis.status === "too-complex" && v.analysis.durationMs < budget),
    );
    if (todo.length === 0) return 0;
    const started = Date.now();
    log(`[steady] working out the debrief search of ${todo.length} published version(s) in the background…`);
    for (const v of todo) {
      const status = await analyzeScenarioVersion(db, v.id).catch((err: unknown) => {
        log(`[steady] the debrief search of ${v.scenarioId} v${v.version} failed: ${(err as Error).message}`);
        return "failed";
      });
      if (status === "too-complex") log(`[steady] ${v.scenarioId} v${v.version}: too complex for its debriefs' better options`);
    }
    log(`[steady] debrief searches stored in ${Date.now() - started} ms`);
    return todo.length;
  } catch (err) {
    log(`[steady] could not work out the debrief searches at start: ${(err as Error).message}`);
    return 0;
  }
}
