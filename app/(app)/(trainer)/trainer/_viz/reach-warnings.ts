"use client";

import { useMemo } from "react";
import type { Problem } from "@/lib/scenario/load";
import { useWorkerTask } from "./use-worker-task";

/**
 * The editor's warnings that need every call position (lines and branches no call reaches, each at
 * its line:col): worked out in the analysis worker once the text loads, so typing never waits for
 * them. Returns them with the text they belong to (null until the first answer).
 */
export function useReachWarnings(text: string | null, file: string): { text: string; problems: Problem[] } | null {
  const input = useMemo(() => (text === null ? null : { text, file }), [text, file]);
  const state = useWorkerTask(
    input,
    (id, i) => ({ id, kind: "reach", text: i.text, file: i.file }),
    (answer) => answer.problems as Problem[],
    // Without a worker: on the page, with the loader and the analysis fetched then (D78), not
    // while the workspace starts.
    async (i) => {
      const [{ loadScenario }, { reachWarnings }] = await Promise.all([import("@/lib/scenario/load"), import("@/lib/analysis/reach")]);
      const loaded = loadScenario(i.text, i.file);
      return loaded.ok ? reachWarnings(loaded.scenario, i.text, i.file) : [];
    },
    200,
  );
  return state?.kind === "done" ? { text: state.input.text, problems: state.value } : null;
}
