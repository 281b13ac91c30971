import { readFileSync } from "node:fs";
import { loadScenario } from "./lib/scenario/load";
import { Searcher } from "./lib/analysis/search";
import { Searcher as Old } from "./lib/analysis/old-search-tmp";
import { recoveryLoopsYaml } from "./lib/bench/generate";
const cpu = () => process.cpuUsage().user / 1000;
for (const f of process.argv.slice(2)) {
  const r = loadScenario(f === "loops" ? recoveryLoopsYaml() : readFileSync(f), f);
  if (!r.ok) throw new Error(f);
  const sc = r.scenario;
  let t = cpu();
  const n = new Searcher(sc); const s = n.summarize(n.initial());
  const bp = n.path(n.initial(), "best"), wp = n.path(n.initial(), "worst");
  console.log(f, "new", JSON.stringify(s), "opened", n.statesVisited, n.truncated, "cpu", (cpu() - t).toFixed(0));
  console.log("  best", bp.length, bp.join(","), "\n  worst", wp.length, wp.join(","));
  if (f === "loops") continue;
  t = cpu();
  const o = new Old(sc); const os = o.summarize(o.initial())!;
  console.log(f, "old", JSON.stringify({ max: os.max, min: os.min, dimMin: os.dimMin, dimMax: os.dimMax, canPass: os.canPass, canFail: os.canFail }), o.statesVisited, "cpu", (cpu() - t).toFixed(0));
  const obp = o.path(o.initial(), "best"), owp = o.path(o.initial(), "worst");
  console.log("  same paths", obp.join() === bp.join(), owp.join() === wp.join());
}
