import { readFileSync } from "node:fs";
import { loadScenario } from "./lib/scenario/load";
import { Searcher } from "./lib/analysis/search";
import { recoveryLoopsYaml } from "./lib/bench/generate";
import { scoreRun } from "./lib/scoring/report";
const r = loadScenario((process.argv[2] ? readFileSync(process.argv[2]) : recoveryLoopsYaml()), "x");
if (!r.ok) throw 0;
const n = new Searcher(r.scenario) as any;
let st = n.initial();
for (const o of [1, 0]) {
  console.log("value", n.value(o, st), n.opened);
  const out = []; let at = st;
  while (!r.scenario.nodes[at.node]!.ending && out.length < 300) { const c = n.witness[o].get(n.key(at)); if (!c) break; out.push(c); at = n.step(at, c); }
  console.log(out.length, out.join(","), scoreRun(r.scenario, out).score.overall);
}
