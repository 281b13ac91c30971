import { loadScenario, type LoadResult } from "@/lib/scenario/load";
import { workspaceFile, type CheckOutcome } from "./workspace-file";

export { workspaceFile, type CheckOutcome };

/** Loads `text` as the CLI does, timed. */
export function checkText(text: string, file: string): { outcome: CheckOutcome; result: LoadResult } {
  const started = performance.now();
  const result = loadScenario(text, file);
  const ms = Math.max(0, Math.round(performance.now() - started));
  return { outcome: result.ok ? { ok: true, problems: result.warnings, ms } : { ok: false, problems: result.problems, ms }, result };
}

/** The workspace's first check of `text`, on the server. */
export function firstCheck(text: string, scenarioId: string | null): CheckOutcome {
  return checkText(text, workspaceFile(scenarioId)).outcome;
}
