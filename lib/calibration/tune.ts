import { scoreRun } from "../scoring/report";
import { BASE, DIMENSIONS, RULES, type RuleId } from "../scoring/rules";
import { figures, scoreCorpus, type CallResult } from "./calibrate";
import { corpusScenario } from "./scenarios";

/**
 * Searches the rule points against the TUNING half only (the report half is never read here):
 * coordinate descent over multiples of 5, minimising the mean absolute difference from the
 * reviewers' consensus per dimension and overall, plus pass/fail disagreements. It prints the
 * points it would change; a person then writes them into rules.ts and re-runs `npm run calibrate`.
 *   npx tsx lib/calibration/tune.ts [rounds]
 */
const calls = scoreCorpus("tune");
const rules = RULES as unknown as Record<RuleId, { points: number }>;
const base = BASE as Record<string, number>;

function evaluate(): { loss: number; results: CallResult[] } {
  const results = calls.map((r) => {
    const report = scoreRun(corpusScenario(r.call.scenario), r.call.choices);
    return {
      ...r,
      report,
      scorer: { overall: report.score.overall, ...report.score.dimensions, criticalErrors: r.scorer.criticalErrors, pass: report.passed },
    };
  });
  const f = figures(results);
  const dimLoss = DIMENSIONS.reduce((s, d) => s + f.meanAbsoluteDifferenceDimension[d], 0) / 4;
  // Each dimension must rank calls as the reviewers do (target 0.85): shortfalls below 0.9 weigh heavily.
  const rankLoss =
    DIMENSIONS.reduce((s, d) => s + (1 - f.spearmanDimension[d]) * 10 + Math.max(0, 0.9 - f.spearmanDimension[d]) * 100, 0) +
    (1 - f.spearmanOverall) * 40;
  return { loss: dimLoss + 2 * f.meanAbsoluteDifference + 60 * (1 - f.passAgreement) + rankLoss, results };
}

type Knob = { name: string; get: () => number; set: (v: number) => void; min: number; max: number };
const knobs: Knob[] = [
  ...(Object.keys(rules) as RuleId[])
    .filter((id) => id !== "fact-covered" && id !== "overpromise" && id !== "hostility")
    .map((id) => ({
      name: id,
      get: () => rules[id].points,
      set: (v: number) => (rules[id].points = v),
      // Every rule keeps its sign and some weight: a rule at 0 would be a rule that explains nothing.
      min: rules[id].points > 0 ? 5 : -60,
      max: rules[id].points > 0 ? 100 : -5,
    })),
  ...DIMENSIONS.map((d) => ({
    name: `BASE.${d}`,
    get: () => base[d]!,
    set: (v: number) => (base[d] = v),
    min: 0,
    max: d === "professionalism" ? 60 : 0,
  })),
];
const start = new Map(knobs.map((k) => [k.name, k.get()]));
let best = evaluate().loss;
console.log(`start loss ${best.toFixed(2)}`);
const rounds = Number(process.argv[2] ?? 4);
for (let round = 0; round < rounds; round++) {
  let improved = false;
  for (const k of knobs) {
    const current = k.get();
    for (const step of [-10, -5, 5, 10]) {
      const v = current + step;
      if (v < k.min || v > k.max) continue;
      k.set(v);
      const loss = evaluate().loss;
      if (loss < best - 1e-9) {
        best = loss;
        improved = true;
        break;
      }
      k.set(current);
    }
  }
  console.log(`round ${round + 1}: loss ${best.toFixed(2)}`);
  if (!improved) break;
}
for (const k of knobs) if (k.get() !== start.get(k.name)) console.log(`${k.name}: ${start.get(k.name)} -> ${k.get()}`);
const f = figures(evaluate().results);
console.log(JSON.stringify({ ...f, spearmanDimension: f.spearmanDimension }, null, 1));
