import { loadScenario } from "./lib/scenario/load";
import { explorePositions } from "./lib/analysis/positions";
import { generateScenarioYaml, chainYaml } from "./lib/bench/generate";
const cpu = () => process.cpuUsage().user / 1000;
for (const [name, text] of [["gen1000", generateScenarioYaml(1000)], ["gen300", generateScenarioYaml(300)], ["chain", chainYaml(9500, false)]] as const) {
  const r = loadScenario(text, "x"); if (!r.ok) throw 0;
  const t = cpu(); const g = explorePositions(r.scenario);
  console.log(name, g.positions.length, g.truncated, (cpu() - t).toFixed(0));
}
