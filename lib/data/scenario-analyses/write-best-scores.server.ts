import "server-only";
import type { Db } from "../../db/client.server";

/** Base64 characters per ScenarioAnalysisChunk row (see the schema for why the pieces are small). */
export const CHUNK_CHARS = 128 * 1024;

/**
 * Stores a version's debrief search (replacing any stored before): the row says `writing` until
 * every piece is in, so a reader never takes half of it. One statement per piece, so the request
 * thread is never held for long by the database client.
 */
export async function writeBestScores(
  db: Db,
  versionId: string,
  result: { searchVersion: string; status: "ready" | "too-complex"; bestScores: string | null; statesVisited: number; truncated: boolean; durationMs: number },
): Promise<void> {
  const { bestScores, status, ...rest } = result;
  const pieces: string[] = [];
  for (let at = 0; bestScores !== null && at < bestScores.length; at += CHUNK_CHARS) pieces.push(bestScores.slice(at, at + CHUNK_CHARS));
  await db.scenarioAnalysis.deleteMany({ where: { scenarioVersionId: versionId } });
  await db.scenarioAnalysis.create({ data: { scenarioVersionId: versionId, ...rest, status: "writing", chunkCount: pieces.length } });
  for (let index = 0; index < pieces.length; index++) {
    await db.scenarioAnalysisChunk.create({ data: { scenarioVersionId: versionId, index, data: pieces[index]! } });
  }
  await db.scenarioAnalysis.update({ where: { scenarioVersionId: versionId }, data: { status } });
}
