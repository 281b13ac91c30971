import fc from "fast-check";
import { scenarioShape, build, bruteForce } from "./lib/analysis/search.test-helpers-tmp";
import { Searcher } from "./lib/analysis/search";
const samples = fc.sample(fc.tuple(scenarioShape, fc.array(fc.nat(), { maxLength: 12 })), { numRuns: 300, seed: 42 });
for (const i of [60]) {
  const scenario = build(samples[i]![0]);
  const n = new Searcher(scenario) as any;
  const st = n.initial();
  
  for (let o = 0; o < 12; o++) { const t = Date.now(); const b = n.opened; const v = n.value(o, st); console.log(i, "objective", o, v, "opened", n.opened - b, Date.now() - t, "ms"); }

}
