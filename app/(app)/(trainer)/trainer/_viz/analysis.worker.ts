import { analyzeScenario } from "@/lib/analysis/analyze";
import type { Scenario } from "@/lib/scenario/model";

/** Runs the (exhaustive, up to ~10 s on very big scenarios) analysis off the page's main thread. */
self.onmessage = (event: MessageEvent<{ id: number; scenario: Scenario }>) => {
  const { id, scenario } = event.data;
  const started = performance.now();
  try {
    const analysis = analyzeScenario(scenario);
    self.postMessage({ id, ok: true, analysis, ms: performance.now() - started });
  } catch (err) {
    self.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
};
