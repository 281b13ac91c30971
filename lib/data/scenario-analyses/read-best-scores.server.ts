import "server-only";
import { DEBRIEF_SEARCH_VERSION } from "../../analysis/debrief";
import type { Db } from "../../db/client.server";

/** A version's stored debrief search (base64, as written by writeBestScores), or null when there is no complete, current one. */
export async function readBestScores(db: Db, versionId: string): Promise<string | null> {
  const row = await db.scenarioAnalysis.findUnique({
    where: { scenarioVersionId: versionId },
    select: { status: true, searchVersion: true, chunkCount: true },
  });
  if (!row || row.status !== "ready" || row.searchVersion !== DEBRIEF_SEARCH_VERSION) return null;
  const pieces: string[] = [];
  // One piece per query, so the request thread is never held for long by the database client.
  for (let index = 0; index < row.chunkCount; index++) {
    const chunk = await db.scenarioAnalysisChunk.findUnique({
      where: { scenarioVersionId_index: { scenarioVersionId: versionId, index } },
      select: { data: true },
    });
    if (!chunk) return null;
    pieces.push(chunk.data);
  }
  return pieces.join("");
}
