import { loadScenario } from "./lib/scenario/load";
import { step, positionKey, positionAfter } from "./lib/customer/step";
import { explorePositions } from "./lib/analysis/positions";
import { recoveryLoopsYaml } from "./lib/bench/generate";
const cpu = () => process.cpuUsage().user / 1000;
const r = loadScenario(recoveryLoopsYaml(), "x");
if (!r.ok) throw 0;
const sc = r.scenario;
const g = explorePositions(sc);
for (let rep = 0; rep < 2; rep++) {
let t = cpu(); let n = 0;
for (const p of g.positions) { const node = sc.nodes[p.node]!; for (const c of node.choices) { step(sc, p, c.id); n++; } }
console.log("step only", n, (cpu() - t).toFixed(0));
t = cpu(); let k = 0;
for (const p of g.positions) { const node = sc.nodes[p.node]!; for (const c of node.choices) { const s = step(sc, p, c.id) as any; k += positionKey(positionAfter(s)).length; } }
console.log("step+key", (cpu() - t).toFixed(0));
t = cpu();
for (const p of g.positions) { const node = sc.nodes[p.node]!; for (const c of node.choices) { const s = step(sc, p, c.id) as any; g.index.get(positionKey(positionAfter(s))); } }
console.log("step+key+get", (cpu() - t).toFixed(0));
}
