import { analyzeScenario } from "@/lib/analysis/analyze";
import { reachWarnings, replyPairs } from "@/lib/analysis/reach";
import { loadScenario } from "@/lib/scenario/load";
import type { Scenario } from "@/lib/scenario/model";

/** What the workspace asks of this worker; every answer carries the request's `id`. */
export type WorkerRequest =
  /** The analysis (exhaustive; up to seconds on very big scenarios). */
  | { id: number; kind?: "analyze"; scenario: Scenario }
  /** The reply review: every "agent line → customer reply" pair. */
  | { id: number; kind: "replies"; scenario: Scenario }
  /** The editor's warnings that need every call position: lines and branches no call reaches, at their line:col. */
  | { id: number; kind: "reach"; text: string; file: string };

/** Runs the analysis and the checks that enumerate every call off the page's main thread. */
self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  const started = performance.now();
  try {
    if (request.kind === "replies") {
      self.postMessage({ id: request.id, ok: true, replies: replyPairs(request.scenario), ms: performance.now() - started });
    } else if (request.kind === "reach") {
      const loaded = loadScenario(request.text, request.file);
      const problems = loaded.ok ? reachWarnings(loaded.scenario, request.text, request.file) : [];
      self.postMessage({ id: request.id, ok: true, problems, ms: performance.now() - started });
    } else {
      const analysis = analyzeScenario(request.scenario);
      self.postMessage({ id: request.id, ok: true, analysis, ms: performance.now() - started });
    }
  } catch (err) {
    self.postMessage({ id: request.id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
};
