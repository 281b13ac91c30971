import "server-only";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";

/** One saved version's YAML, exactly as it was saved. */
export async function getScenarioVersion(db: Db, scenarioId: string, version: number) {
  const found = await db.scenarioVersion.findUnique({
    where: { scenarioId_version: { scenarioId, version } },
    select: { scenarioId: true, version: true, yaml: true, published: true, problemCount: true, title: true },
  });
  if (!found) throw notFound("scenario version");
  return found;
}
