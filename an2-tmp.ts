import { readFileSync } from "node:fs";
import { loadScenario } from "./lib/scenario/load";
import { analyzeScenario } from "./lib/analysis/analyze";
const text = readFileSync("lib/scenario/fixtures/tiny.yaml", "utf8")
      .replace("tags: [overpromise]", "tags: [respond]")
      .replace("tags: [blame]\n        mood: { anger: 40 }", "tags: [listen]\n        mood: { anger: 0 }")
      .replace("tags: [deflect]", "tags: [neutral]");
const r = loadScenario(text, "x"); if (!r.ok) throw new Error(JSON.stringify(r.problems));
const t = Date.now();
const a = analyzeScenario(r.scenario);
console.log(Date.now() - t, a.worstPath, a.loops, a.scoreRange);
