import type { Db } from "../../db/client.server";
import { AppError, notFound } from "../../errors";
import { requireAuthoredScenario } from "./require-authored-scenario.server";

/**
 * Makes one version the one the library shows: that version published, every other version of
 * the scenario not. Any version with no problems can be published, so an older one can be
 * brought back. Runs keep pointing at the version they were played on.
 */
export async function publishScenarioVersion(db: Db, options: { scenarioId: string; version: number }) {
  const { scenarioId, version } = options;
  return db.$transaction(async (tx) => {
    await requireAuthoredScenario(tx, scenarioId);
    const target = await tx.scenarioVersion.findUnique({ where: { scenarioId_version: { scenarioId, version } }, select: { id: true, problemCount: true } });
    if (!target) throw notFound("scenario version");
    if (target.problemCount > 0) {
      throw new AppError("bad-request", `version ${version} has ${target.problemCount} problem${target.problemCount === 1 ? "" : "s"}: fix ${target.problemCount === 1 ? "it" : "them"}, save, then publish`, { problemCount: target.problemCount });
    }
    await tx.scenarioVersion.updateMany({ where: { scenarioId, published: true, NOT: { id: target.id } }, data: { published: false } });
    await tx.scenarioVersion.update({ where: { id: target.id }, data: { published: true } });
    return { scenarioId, publishedVersion: version };
  });
}
