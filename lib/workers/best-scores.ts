import { gunzipSync, gzipSync } from "node:zlib";

/**
 * The stored form of a searcher's `bestScores()` (ScenarioAnalysis.bestScores): gzip of JSON
 * `{ keys, best }`, two arrays in the order the search settled them. About 8 bytes a state
 * (the built-ins: 5,000–48,000 states, 40–400 KB; the 400,000-state cap: 2 MB).
 */
export function encodeBestScores(entries: readonly (readonly [string, number | null])[]): Uint8Array {
  const keys = entries.map((e) => e[0]);
  const best = entries.map((e) => e[1]);
  return new Uint8Array(gzipSync(JSON.stringify({ keys, best })));
}

export function decodeBestScores(bytes: Uint8Array): Map<string, number | null> {
  const parsed = JSON.parse(gunzipSync(bytes).toString("utf8")) as { keys: string[]; best: (number | null)[] };
  if (!Array.isArray(parsed.keys) || !Array.isArray(parsed.best) || parsed.keys.length !== parsed.best.length) {
    throw new Error("stored best scores are not in the expected form");
  }
  const known = new Map<string, number | null>();
  for (let i = 0; i < parsed.keys.length; i++) known.set(parsed.keys[i]!, parsed.best[i]!);
  return known;
}
