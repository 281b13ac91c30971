import { graphFromScenario, graphFromSource } from "../authoring/graph-model";
import { layoutGraph } from "../authoring/graph-layout";
import { loadScenario } from "../scenario/load";

/**
 * The editor's work on each keystroke, simulated: an author types words into customer lines,
 * choice texts and feedback at several places in the file (the file stays valid, so every
 * keystroke runs the full load and every check). Pure: runs in Node and, bundled, in Chromium.
 */
export function typingSession(text: string, keystrokes: number, places = 10): string[] {
  const lines = text.split("\n");
  const candidates: number[] = [];
  let offset = 0;
  for (const line of lines) {
    // End of a plain or quoted one-line text value: `customer: ...`, `text: ...`, `feedback: ...`.
    if (/^\s*(- )?(customer|text|feedback): [^|>\s]/.test(line)) {
      const end = offset + line.length - (/["']$/.test(line) ? 1 : 0);
      candidates.push(end);
    }
    offset += line.length + 1;
  }
  if (candidates.length === 0) throw new Error("no text values to type into");
  const chosen = Array.from({ length: places }, (_, i) => candidates[Math.floor(((i + 0.5) * candidates.length) / places)]!).sort(
    (a, b) => a - b,
  );
  const words = " and then it broke again";
  const out: string[] = [];
  let current = text;
  let shift = 0; // characters typed at earlier places move later ones
  const perPlace = Math.ceil(keystrokes / places);
  for (let p = 0; p < places && out.length < keystrokes; p++) {
    let at = chosen[p]! + shift;
    for (let k = 0; k < perPlace && out.length < keystrokes; k++) {
      const ch = words[k % words.length]!;
      current = current.slice(0, at) + ch + current.slice(at);
      at++;
      shift++;
      out.push(current);
    }
  }
  return out;
}

export interface KeystrokeTimes {
  keystrokes: number;
  median: number;
  p95: number;
  max: number;
  /** Keystrokes whose text did not load (should be 0: typing keeps the file valid). */
  invalid: number;
}

/** Times `loadScenario` (and, with `graph`, the draft graph too) on each text, after a warm-up. */
export function timeKeystrokes(texts: readonly string[], now: () => number, graph = false): KeystrokeTimes {
  for (let i = 0; i < Math.min(5, texts.length); i++) loadScenario(texts[i]!);
  const times: number[] = [];
  let invalid = 0;
  for (const text of texts) {
    const start = now();
    const result = loadScenario(text, "draft.yaml");
    if (graph) graphFromSource(text, result.ok ? result.warnings : result.problems);
    times.push(now() - start);
    if (!result.ok) invalid++;
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
  return { keystrokes: texts.length, median: at(50), p95: at(95), max: times[times.length - 1]!, invalid };
}

/** Median time to build and lay out the graph of a scenario, after 2 warm-ups. */
export function layoutMs(text: string, runs: number, now: () => number = () => performance.now()): number {
  const result = loadScenario(text);
  if (!result.ok) throw new Error("scenario does not load");
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const start = now();
    const graph = graphFromScenario(result.scenario);
    layoutGraph(graph.nodes, graph.edges, graph.start);
    if (i >= 2) times.push(now() - start);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}
