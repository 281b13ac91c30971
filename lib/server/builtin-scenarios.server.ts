import "server-only";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { formatProblem, loadScenario } from "../scenario/load";
import type { Scenario } from "../scenario/model";

export type BuiltinScenario =
  | { file: string; ok: true; scenario: Scenario }
  | { file: string; ok: false; problems: string[] };

/** Every `scenarios/*.yaml`, loaded through the same checks as the CLI, in file-name order. */
export async function listBuiltinScenarios(): Promise<BuiltinScenario[]> {
  let files: string[];
  try {
    files = (await readdir(path.join(process.cwd(), "scenarios"))).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort();
  } catch {
    return [];
  }
  return Promise.all(
    files.map(async (file): Promise<BuiltinScenario> => {
      const name = `scenarios/${file}`;
      const result = loadScenario(await readFile(path.join(process.cwd(), "scenarios", file)), name);
      return result.ok
        ? { file: name, ok: true, scenario: result.scenario }
        : { file: name, ok: false, problems: result.problems.map(formatProblem) };
    }),
  );
}
