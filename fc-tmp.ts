import fc from "fast-check";
import { scenarioShape, build, bruteForce, walk } from "./lib/analysis/search.test-helpers-tmp";
import { Searcher } from "./lib/analysis/search";
const samples = fc.sample(fc.tuple(scenarioShape, fc.array(fc.nat(), { maxLength: 12 })), { numRuns: 300, seed: 42 });
samples.forEach(([shape, picks], i) => {
  const t = Date.now();
  const scenario = build(shape);
  const searcher = new Searcher(scenario);
  let bad = 0;
  for (const state of walk(searcher, picks).filter((_, k) => k % 3 === 0)) {
    const tb = Date.now();
    const ref = bruteForce(scenario, state);
    const tbe = Date.now() - tb;
    const ts = Date.now();
    const got = searcher.summarize(state);
    const tse = Date.now() - ts;
    if (ref !== "too big" && JSON.stringify(ref) !== JSON.stringify(got)) { bad++; console.log("MISMATCH", i, JSON.stringify(ref), JSON.stringify(got)); }
    if (tbe + tse > 500) console.log("slow", i, tbe, tse, searcher.statesVisited);
  }
  if (Date.now() - t > 1000) console.log("sample", i, Date.now() - t, "ms");
});
console.log("done");
