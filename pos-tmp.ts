import { readFileSync } from "node:fs";
import { loadScenario } from "./lib/scenario/load";
import { explorePositions, positionCycles } from "./lib/analysis/positions";
import { recoveryLoopsYaml } from "./lib/bench/generate";
const cpu = () => process.cpuUsage().user / 1000;
const r = loadScenario(process.argv[2] ? readFileSync(process.argv[2]) : recoveryLoopsYaml(), "x");
if (!r.ok) throw 0;
for (let i = 0; i < 3; i++) {
  let t = cpu(); const g = explorePositions(r.scenario);
  console.log("positions", g.positions.length, "cpu", (cpu() - t).toFixed(0));
  t = cpu(); const c = positionCycles(g); console.log("cycles", c.length, c.reduce((a, b) => a + b.length, 0), "cpu", (cpu() - t).toFixed(0));
}
