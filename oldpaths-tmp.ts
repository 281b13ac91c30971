import { readFileSync } from "node:fs";
import { loadScenario } from "./lib/scenario/load";
import { Searcher as Old } from "./lib/analysis/old-search-tmp";
const out: Record<string, unknown> = {};
for (const name of ["billing-error", "broadband-outage", "delayed-update", "abusive-caller"]) {
  const r = loadScenario(readFileSync(`/tmp/i12a-orig-${name}.yaml`), name); if (!r.ok) throw 0;
  const o = new Old(r.scenario); const s = o.summarize(o.initial())!;
  out[name] = { max: s.max, min: s.min, dimMin: s.dimMin, dimMax: s.dimMax, canPass: s.canPass, canFail: s.canFail, best: o.path(o.initial(), "best"), worst: o.path(o.initial(), "worst") };
}
console.log(JSON.stringify(out, null, 1));
