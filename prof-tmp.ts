import { readFileSync } from "node:fs";
import { loadScenario } from "./lib/scenario/load";
import { Searcher } from "./lib/analysis/search";
import { recoveryLoopsYaml } from "./lib/bench/generate";
const cpu = () => process.cpuUsage().user / 1000;
const f = process.argv[2]!;
const r = loadScenario(f === "loops" ? recoveryLoopsYaml() : readFileSync(f), f);
if (!r.ok) throw new Error(f);
const n = new Searcher(r.scenario) as any;
const st = n.initial();
for (let o = 0; o < 12; o++) { const t = cpu(); const before = n.opened; const v = n.value(o, st); console.log("objective", o, "value", v, "opened", n.opened - before, "cpu", (cpu() - t).toFixed(0), n.truncated); }
