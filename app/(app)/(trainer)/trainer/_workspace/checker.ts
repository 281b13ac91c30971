import { checkText, type CheckOutcome } from "@/lib/authoring/first-check";
import { nodePosition } from "@/lib/authoring/source";
import type { Scenario } from "@/lib/scenario/model";

/*
 * The workspace's checks in the browser: the scenario loader (the YAML parser and the schema) and
 * the look-up of a node's line. Imported on first use, not while the page starts (D78): the
 * server has made the first check.
 */

export interface Check extends CheckOutcome {
  text: string;
}

/** Checks `text` as the CLI does: the outcome to list, and the scenario when it loads. */
export function runCheck(text: string, file: string): { check: Check; scenario: Scenario | null } {
  const { outcome, result } = checkText(text, file);
  return { check: { text, ...outcome }, scenario: result.ok ? result.scenario : null };
}

export { nodePosition };
