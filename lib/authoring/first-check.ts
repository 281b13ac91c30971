import { loadScenario, type LoadResult, type Problem } from "@/lib/scenario/load";

/** The file name the workspace checks a scenario's text as (each problem names it). */
export function workspaceFile(scenarioId: string | null): string {
  return `${scenarioId ?? "new-scenario"}.yaml`;
}

/**
 * A check's outcome as the editor lists it: the warnings when the text loads, the problems when
 * it does not, and how long the check took. The workspace's first one is made by the server,
 * which has the text anyway, so the browser does not check a long scenario while the page starts
 * (D77); it checks the text itself once it changes, or when a view that needs the loaded scenario
 * (the graph, the analysis) is first opened.
 */
export interface CheckOutcome {
  ok: boolean;
  problems: Problem[];
  ms: number;
}

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
