import { writeFileSync } from "node:fs";
import { scoreCorpus } from "./lib/calibration/calibrate";
import { corpusScenario } from "./lib/calibration/scenarios";
import { replay } from "./lib/customer/replay";
const rows = scoreCorpus("tune").map((r) => {
  const s = corpusScenario(r.call.scenario);
  const p = replay(s, r.call.choices);
  const counts: Record<string, number> = {};
  for (const t of r.report.turns)
    for (const a of t.annotations) counts[a.rule] = (counts[a.rule] ?? 0) + (a.rule === "fact-covered" ? a.points / 10 : 1);
  return {
    id: r.call.id,
    scenario: r.call.scenario,
    outcome: r.report.outcome,
    nfacts: s.facts.length,
    n: p.turns.length,
    consensus: r.consensus,
    scorer: r.scorer,
    counts,
    tags: p.turns.map((t) => t.choice.tags),
  };
});
writeFileSync("/tmp/tune.json", JSON.stringify(rows));
console.log(rows.length);
