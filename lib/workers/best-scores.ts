import { gunzipSync, gzipSync } from "node:zlib";
import type { KnownBestScores } from "../analysis/search";

/**
 * The stored form of a searcher's `bestScores()` (ScenarioAnalysis.bestScores), gzipped: the
 * number of states (4 bytes), each state's best score (a float64, NaN for none), then the state
 * keys sorted, one per line. Reading it back builds no map of strings: a lookup is a binary search
 * over the lines, so a 400,000-state table (the search's cap, 2 MB stored) is ready in a fraction
 * of a second where a Map took seconds, and a debrief needs only a few hundred lookups.
 */
export function encodeBestScores(entries: readonly (readonly [string, number | null])[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const count = Buffer.alloc(4);
  count.writeUInt32LE(sorted.length);
  const best = Float64Array.from(sorted, ([, value]) => (value === null ? NaN : value));
  for (const [key] of sorted) if (key.includes("\n")) throw new Error(`a search state key has a line break: ${JSON.stringify(key)}`);
  const keys = Buffer.from(sorted.map(([key]) => key).join("\n"), "utf8");
  return new Uint8Array(gzipSync(Buffer.concat([count, Buffer.from(best.buffer), keys])));
}

export function decodeBestScores(bytes: Uint8Array): KnownBestScores {
  const raw = gunzipSync(bytes);
  const size = raw.readUInt32LE(0);
  const keysAt = 4 + size * 8;
  if (raw.length < keysAt) throw new Error("stored best scores are cut short");
  // The scores: copied to an aligned buffer (the gunzipped one may start anywhere).
  const best = new Float64Array(size);
  new Uint8Array(best.buffer).set(raw.subarray(4, keysAt));
  const keys = raw.subarray(keysAt);
  const starts = new Uint32Array(size + 1);
  let line = 0;
  for (let at = keys.indexOf(10); at >= 0 && line < size; at = keys.indexOf(10, at + 1)) starts[++line] = at + 1;
  if (line !== size - 1 && size > 0) throw new Error("stored best scores have the wrong number of states");
  starts[size] = keys.length + 1;
  const keyAt = (i: number) => keys.toString("utf8", starts[i]!, starts[i + 1]! - 1);
  return {
    size,
    get(key: string) {
      let lo = 0;
      let hi = size - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const k = keyAt(mid);
        if (k === key) return Number.isNaN(best[mid]!) ? null : best[mid]!;
        if (k < key) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    },
  };
}
