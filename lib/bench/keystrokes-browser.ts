/**
 * Bundled by `lib/bench/authoring.ts` with esbuild and run in Chromium: the same keystroke and
 * layout figures as in Node, measured in the browser's own engine.
 */
import { graphFromScenario } from "../authoring/graph-model";
import { layoutGraph } from "../authoring/graph-layout";
import { loadScenario } from "../scenario/load";
import { timeKeystrokes, typingSession, type KeystrokeTimes } from "./keystrokes";

function keystrokes(text: string, count: number): KeystrokeTimes {
  return timeKeystrokes(typingSession(text, count), () => performance.now());
}

function layoutMs(text: string, runs: number): number {
  const result = loadScenario(text);
  if (!result.ok) throw new Error("scenario does not load");
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const start = performance.now();
    const graph = graphFromScenario(result.scenario);
    layoutGraph(graph.nodes, graph.edges, graph.start);
    if (i >= 2) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

(globalThis as unknown as { steadyBench: unknown }).steadyBench = { keystrokes, layoutMs };
