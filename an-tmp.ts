import { readFileSync } from "node:fs";
import { loadScenario } from "./lib/scenario/load";
import { analyzeScenario } from "./lib/analysis/analyze";
import { recoveryLoopsYaml } from "./lib/bench/generate";
const f = process.argv[2];
const r = loadScenario(f ? readFileSync(f) : recoveryLoopsYaml(), "x"); if (!r.ok) throw 0;
const t = Date.now();
const a = analyzeScenario(r.scenario);
console.log(Date.now() - t, "ms", JSON.stringify({ ...a, unreachable: a.unreachable.length }, null, 0).slice(0, 3000));
