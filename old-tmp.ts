import { loadScenario } from "./lib/scenario/load";
import { Searcher as Old } from "./lib/analysis/old-search-tmp";
import { recoveryLoopsYaml } from "./lib/bench/generate";
const r = loadScenario(recoveryLoopsYaml(), "x"); if (!r.ok) throw 0;
const t = Date.now(); const c = process.cpuUsage().user;
const o = new Old(r.scenario); const s = o.summarize(o.initial())!;
console.log("old", s.max, s.min, o.statesVisited, o.truncated, o.cyclesCut, "wall", Date.now() - t, "cpu", (process.cpuUsage().user - c) / 1000);
const w = o.path(o.initial(), "worst"); console.log(w.length, w.join(","));
