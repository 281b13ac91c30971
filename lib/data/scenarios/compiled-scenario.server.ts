import "server-only";
import { loadScenario } from "../../scenario/load";
import type { Scenario } from "../../scenario/model";

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
