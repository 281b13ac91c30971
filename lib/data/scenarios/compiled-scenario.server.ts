import "server-only";
import { env } from "../../env.server";
import { loadScenario } from "../../scenario/load";
import type { Scenario } from "../../scenario/model";
import { runTask } from "../../workers/pool.server";

const cache = new Map<string, Scenario>();

/**
 * The compiled scenario for a saved version. Versions never change once saved, so the
 * compiled form is cached by version id (a cache of immutable data, safe across servers).
 */
export function compiledScenario(version: { id: string; yaml: string; scenarioId: string }): Scenario {
  return cachedScenario(version.id) ?? compile(version);
}

/** The compiled scenario if this process has it already (then the YAML need not be loaded). */
export function cachedScenario(versionId: string): Scenario | undefined {
  return cache.get(versionId);
}

/**
 * `compiledScenario`, but a version this process has not compiled yet is compiled in a worker
 * thread (a 1 MB scenario takes most of a second to load), then cached here like the others.
 */
export async function loadCompiledScenario(version: { id: string; yaml: string; scenarioId: string }): Promise<Scenario> {
  const cached = cache.get(version.id);
  if (cached) return cached;
  const compiled = await runTask("compile", { yaml: version.yaml, file: `${version.scenarioId}.yaml` }, { budgetMs: env().SCENARIO_CHECK_TIME_LIMIT_MS });
  if (!compiled.ok) throw new Error(`saved scenario version ${version.id} no longer loads: ${compiled.message}`);
  const scenario = cache.get(version.id) ?? compiled.scenario; // another request may have cached it meanwhile
  cache.set(version.id, scenario);
  return scenario;
}

function compile(version: { id: string; yaml: string; scenarioId: string }): Scenario {
  let scenario = cache.get(version.id);
  if (!scenario) {
    const result = loadScenario(version.yaml, `${version.scenarioId}.yaml`);
    if (!result.ok) throw new Error(`saved scenario version ${version.id} no longer loads: ${result.problems[0]?.message}`);
    scenario = result.scenario;
    cache.set(version.id, scenario);
  }
  return scenario;
}
