import "server-only";
import type { Db } from "../../db/client.server";
import { requireAuthoredScenario } from "./require-authored-scenario.server";

/** Takes the scenario out of the library (every version unpublished); runs and versions stay. */
export async function unpublishScenario(db: Db, options: { scenarioId: string }) {
  const { scenarioId } = options;
  return db.$transaction(async (tx) => {
    await requireAuthoredScenario(tx, scenarioId);
    await tx.scenarioVersion.updateMany({ where: { scenarioId, published: true }, data: { published: false } });
    return { scenarioId, publishedVersion: null };
  });
}
