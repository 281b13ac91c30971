import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { debriefSearch } from "../analysis/debrief";
import { loadScenario } from "../scenario/load";
import { decodeBestScores, encodeBestScores } from "./best-scores";

describe("the stored best scores", () => {
  it("read back every state's best score exactly, and nothing for a state not stored", () => {
    const loaded = loadScenario(readFileSync(new URL("../../scenarios/delayed-update.yaml", import.meta.url)), "delayed-update.yaml");
    if (!loaded.ok) throw new Error("delayed-update does not load");
    const entries = debriefSearch(loaded.scenario).bestScores();
    const table = decodeBestScores(encodeBestScores(entries));
    expect(table.size).toBe(entries.length);
    for (const [key, best] of entries) expect(table.get(key)).toBe(best);
    for (const key of ["", "no-such-node|1|2|3", `${entries[0]![0]}x`, entries.at(-1)![0].slice(0, -1)])
      expect(table.get(key)).toBeUndefined();
  });

  it("keep null (no complete path), fractions and odd keys", () => {
    const entries: [string, number | null][] = [
      ["b|1", null],
      ["a|2", 91],
      ["ä|3", 0.5],
      ["a", -3],
    ];
    const table = decodeBestScores(encodeBestScores(entries));
    for (const [key, best] of entries) expect(table.get(key)).toBe(best);
    expect(decodeBestScores(encodeBestScores([])).get("a")).toBeUndefined();
    expect(() => encodeBestScores([["a\nb", 1]])).toThrow(/line break/);
  });
});
