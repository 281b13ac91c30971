import "server-only";
import type { Db } from "../../db/client.server";
import { AppError, notFound } from "../../errors";
import { loadScenario } from "../../scenario/load";
import { requireAuthoredScenario } from "./require-authored-scenario.server";

/**
 * Makes one version the one the library shows: that version published, every other version of
 * the scenario not. Any version with no problems can be published, so an older one can be
 * brought back. Runs keep pointing at the version they were played on.
 */
export async function publishScenarioVersion(db: Db, options: { scenarioId: string; version: number }) {
  const { scenarioId, version } = options;
  const outcome = await db.$transaction(async (tx) => {
    // A write to the scenario's row first: two publishes of the same scenario queue here (a
    // row lock on PostgreSQL, the write lock on SQLite), so only one version ends up published.
    const locked = await tx.scenario.updateMany({ where: { id: scenarioId, builtIn: false }, data: { builtIn: false } });
    if (locked.count === 0) await requireAuthoredScenario(tx, scenarioId);
    const target = await tx.scenarioVersion.findUnique({ where: { scenarioId_version: { scenarioId, version } }, select: { id: true, problemCount: true, yaml: true } });
    if (!target) throw notFound("scenario version");
    // Checked again with today's loader: an old version saved under laxer checks must not reach trainees.
    if (target.problemCount === 0) {
      const loaded = loadScenario(target.yaml, `${scenarioId}.yaml`);
      if (!loaded.ok) {
        const errors = loaded.problems.filter((p) => p.severity === "error").length;
        await tx.scenarioVersion.update({ where: { id: target.id }, data: { problemCount: errors } });
        return { recheckFailed: errors };
      }
    }
    if (target.problemCount > 0) {
      throw new AppError("bad-request", `version ${version} has ${target.problemCount} problem${target.problemCount === 1 ? "" : "s"}: fix ${target.problemCount === 1 ? "it" : "them"}, save, then publish`, { problemCount: target.problemCount });
    }
    await tx.scenarioVersion.updateMany({ where: { scenarioId, published: true, NOT: { id: target.id } }, data: { published: false } });
    await tx.scenarioVersion.update({ where: { id: target.id }, data: { published: true } });
    return { recheckFailed: 0 };
  });
  if (outcome.recheckFailed) {
    throw new AppError("bad-request", `version ${version} no longer passes the checks (${outcome.recheckFailed} problem${outcome.recheckFailed === 1 ? "" : "s"}): open it, fix it, save, then publish`, {
      problemCount: outcome.recheckFailed,
    });
  }
  return { scenarioId, publishedVersion: version };
}
