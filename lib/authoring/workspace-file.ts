import type { Problem } from "@/lib/scenario/load";

/*
 * What the workspace needs while its page starts, apart from the scenario loader: the loader (the
 * YAML parser and the schema) is fetched the first time the browser checks a text (D78), so it is
 * kept out of this module.
 */

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
