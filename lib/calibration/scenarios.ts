import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadScenario } from "../scenario/load";
import type { Scenario } from "../scenario/model";

/** The scenarios the calibration corpus is drawn from: every file in `scenarios/`. */
export const CORPUS_SCENARIOS = ["billing-error", "delayed-update", "abusive-caller", "broadband-outage"] as const;

const cache = new Map<string, Scenario>();

export function corpusScenario(id: string, root = process.cwd()): Scenario {
  let scenario = cache.get(id);
  if (!scenario) {
    const file = join(root, "scenarios", `${id}.yaml`);
    const result = loadScenario(readFileSync(file), file);
    if (!result.ok) throw new Error(`${file} does not load: ${result.problems.map((p) => p.message).join("; ")}`);
    scenario = result.scenario;
    cache.set(id, scenario);
  }
  return scenario;
}
