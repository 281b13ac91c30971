import "server-only";
import type { Db } from "../../db/client.server";
import { env } from "../../env.server";
import { AppError, notFound } from "../../errors";
import { runTask } from "../../workers/pool.server";
import { analyzeScenarioVersion } from "../scenario-analyses/analyze-scenario-version.server";
import { inWorker } from "./checked-yaml.server";
import { requireAuthoredScenario } from "./require-authored-scenario.server";

const problems = (n: number) => `${n} problem${n === 1 ? "" : "s"}`;

/**
 * Makes one version the one the library shows: that version published, every other version of
 * the scenario not. Any version with no problems can be published, so an older one can be
 * brought back. Runs keep pointing at the version they were played on.
 *
 * Before that, off this thread: the version is checked again with today's loader (a worker
 * thread), and its debrief search is made sure of (stored, usually since it was saved; else
 * worked out now in the background lane). A version whose search goes over its budget is refused
 * as too complex: its debriefs could not show better options.
 */
export async function publishScenarioVersion(db: Db, options: { scenarioId: string; version: number }) {
  const { scenarioId, version } = options;
  await requireAuthoredScenario(db, scenarioId);
  const target = await db.scenarioVersion.findUnique({
    where: { scenarioId_version: { scenarioId, version } },
    select: { id: true, problemCount: true, yaml: true },
  });
  if (!target) throw notFound("scenario version");
  if (target.problemCount > 0) {
    throw new AppError("bad-request", `version ${version} has ${problems(target.problemCount)}: fix ${target.problemCount === 1 ? "it" : "them"}, save, then publish`, {
      problemCount: target.problemCount,
    });
  }
  // Checked again with today's loader: an old version saved under laxer checks must not reach trainees.
  const compiled = await inWorker(
    () => runTask("compile", { yaml: target.yaml, file: `${scenarioId}.yaml` }, { budgetMs: env().SCENARIO_CHECK_TIME_LIMIT_MS }),
    "checking this version",
  );
  if (!compiled.ok) {
    await db.scenarioVersion.update({ where: { id: target.id }, data: { problemCount: compiled.errors } });
    throw new AppError("bad-request", `version ${version} no longer passes the checks (${problems(compiled.errors)}): open it, fix it, save, then publish`, {
      problemCount: compiled.errors,
    });
  }
  if ((await analyzeScenarioVersion(db, target.id)) === "too-complex") {
    const seconds = Math.round(env().ANALYSIS_TIME_LIMIT_MS / 1000);
    throw new AppError(
      "too-complex",
      `version ${version} is too complex to publish: the search for its debriefs' better options took longer than ${seconds} s. Fewer choices that lead back to earlier nodes, or fewer nodes, make it smaller`,
    );
  }
  await db.$transaction(async (tx) => {
    // A write to the scenario's row first: two publishes of the same scenario queue here (a
    // row lock on PostgreSQL, the write lock on SQLite), so only one version ends up published.
    const locked = await tx.scenario.updateMany({ where: { id: scenarioId, builtIn: false }, data: { builtIn: false } });
    if (locked.count === 0) await requireAuthoredScenario(tx, scenarioId);
    await tx.scenarioVersion.updateMany({ where: { scenarioId, published: true, NOT: { id: target.id } }, data: { published: false } });
    await tx.scenarioVersion.update({ where: { id: target.id }, data: { published: true } });
  });
  return { scenarioId, publishedVersion: version };
}
