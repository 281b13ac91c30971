import { scoreRun, type ScoreReport } from "../scoring/report";
import { DIMENSIONS, DIMENSION_LABELS, RUBRIC_VERSION, type Dimension } from "../scoring/rules";
import { CRITICAL_KINDS, readCorpus, readReviews, type CorpusCall, type CriticalKind, type Rating } from "./corpus";
import { meanAbsoluteDifference, spearman } from "./metrics";
import { corpusScenario } from "./scenarios";

/** The bar the scorer must clear on the report half (issue 9; PRODUCT.md "Calibrated, not just plausible"). */
export const TARGETS = {
  passAgreement: 0.95,
  criticalAgreement: 1,
  spearmanOverall: 0.9,
  spearmanDimension: 0.85,
  meanAbsoluteDifference: 8,
};

type Scores = Record<Dimension | "overall", number>;

export interface Consensus extends Scores {
  reviewers: number;
  criticalErrors: CriticalKind[];
  pass: boolean;
}

/** The scorer's critical rules under the names reviewers use. */
const CRITICAL_NAME: Record<string, CriticalKind> = {
  overpromise: "overpromise",
  hostility: "hostility",
  "ended-on-customer": "ended-on-customer",
};

export interface CallResult {
  call: CorpusCall;
  consensus: Consensus;
  report: ScoreReport;
  scorer: Scores & { criticalErrors: CriticalKind[]; pass: boolean };
}

export interface HalfFigures {
  calls: number;
  passAgreement: number;
  criticalAgreement: number;
  spearmanOverall: number;
  spearmanDimension: Record<Dimension, number>;
  meanAbsoluteDifference: number;
  meanAbsoluteDifferenceDimension: Record<Dimension, number>;
  /** Share of calls the consensus passes. */
  consensusPassRate: number;
}

/**
 * The consensus of a call's reviews: the mean of each score; a critical error when at least half
 * the reviewers named it (with two reviewers who disagree, the third review settles it when there
 * is one); pass = mean overall at or above the pass mark and no critical error.
 */
export function consensusOf(ratings: Rating[], passMark: number): Consensus {
  const mean = (f: (r: Rating) => number) => ratings.reduce((s, r) => s + f(r), 0) / ratings.length;
  const criticalErrors = CRITICAL_KINDS.filter((k) => ratings.filter((r) => r.criticalErrors.includes(k)).length * 2 >= ratings.length);
  const overall = mean((r) => r.overall);
  return {
    reviewers: ratings.length,
    laer: mean((r) => r.laer),
    reflectiveListening: mean((r) => r.reflectiveListening),
    promises: mean((r) => r.promises),
    professionalism: mean((r) => r.professionalism),
    overall,
    criticalErrors,
    pass: overall >= passMark && criticalErrors.length === 0,
  };
}

/** Every rating of each call, in reviewer-file order. */
function ratingsByCall(root: string): Map<string, Rating[]> {
  const byCall = new Map<string, Rating[]>();
  for (const review of readReviews(root)) for (const r of review.ratings) byCall.set(r.call, [...(byCall.get(r.call) ?? []), r]);
  return byCall;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function scoreCorpus(half?: "tune" | "report", root = process.cwd()): CallResult[] {
  const byCall = ratingsByCall(root);
  return readCorpus(root)
    .filter((c) => !half || c.half === half)
    .filter((c) => (byCall.get(c.id)?.length ?? 0) >= 2)
    .map((call) => {
      const scenario = corpusScenario(call.scenario, root);
      const report = scoreRun(scenario, call.choices);
      const criticalErrors = [...new Set(report.criticalErrors.map((c) => CRITICAL_NAME[c.rule]!))].sort();
      return {
        call,
        consensus: consensusOf(byCall.get(call.id)!, scenario.passMark),
        report,
        scorer: { overall: report.score.overall, ...report.score.dimensions, criticalErrors, pass: report.passed },
      };
    });
}

export function figures(results: CallResult[]): HalfFigures {
  const col = (f: (r: CallResult) => number) => results.map(f);
  return {
    calls: results.length,
    passAgreement: results.filter((r) => r.scorer.pass === r.consensus.pass).length / results.length,
    criticalAgreement: results.filter((r) => sameSet(r.scorer.criticalErrors, r.consensus.criticalErrors)).length / results.length,
    spearmanOverall: spearman(
      col((r) => r.scorer.overall),
      col((r) => r.consensus.overall),
    ),
    spearmanDimension: Object.fromEntries(
      DIMENSIONS.map((d) => [
        d,
        spearman(
          col((r) => r.scorer[d]),
          col((r) => r.consensus[d]),
        ),
      ]),
    ) as Record<Dimension, number>,
    meanAbsoluteDifference: meanAbsoluteDifference(
      col((r) => r.scorer.overall),
      col((r) => r.consensus.overall),
    ),
    meanAbsoluteDifferenceDimension: Object.fromEntries(
      DIMENSIONS.map((d) => [
        d,
        meanAbsoluteDifference(
          col((r) => r.scorer[d]),
          col((r) => r.consensus[d]),
        ),
      ]),
    ) as Record<Dimension, number>,
    consensusPassRate: results.filter((r) => r.consensus.pass).length / results.length,
  };
}

export function misses(f: HalfFigures): string[] {
  const out: string[] = [];
  if (f.passAgreement < TARGETS.passAgreement) out.push(`pass/fail agreement ${pct(f.passAgreement)} < ${pct(TARGETS.passAgreement)}`);
  if (f.criticalAgreement < TARGETS.criticalAgreement) out.push(`critical-error agreement ${pct(f.criticalAgreement)} < 100%`);
  if (f.spearmanOverall < TARGETS.spearmanOverall)
    out.push(`Spearman overall ${f.spearmanOverall.toFixed(3)} < ${TARGETS.spearmanOverall}`);
  for (const d of DIMENSIONS) {
    if (f.spearmanDimension[d] < TARGETS.spearmanDimension)
      out.push(`Spearman ${DIMENSION_LABELS[d]} ${f.spearmanDimension[d].toFixed(3)} < ${TARGETS.spearmanDimension}`);
  }
  if (f.meanAbsoluteDifference > TARGETS.meanAbsoluteDifference)
    out.push(`mean absolute difference ${f.meanAbsoluteDifference.toFixed(1)} > ${TARGETS.meanAbsoluteDifference}`);
  return out;
}

/** Agreement between the first two reviewers of each call. */
export function reviewerAgreement(root = process.cwd()) {
  const pairs = [...ratingsByCall(root).values()].filter((rs) => rs.length >= 2).map((rs) => [rs[0]!, rs[1]!] as const);
  const col = (i: 0 | 1, f: (r: Rating) => number) => pairs.map((p) => f(p[i]));
  return {
    calls: pairs.length,
    passAgreement: pairs.filter(([a, b]) => a.pass === b.pass).length / pairs.length,
    criticalAgreement: pairs.filter(([a, b]) => sameSet(a.criticalErrors, b.criticalErrors)).length / pairs.length,
    spearmanOverall: spearman(
      col(0, (r) => r.overall),
      col(1, (r) => r.overall),
    ),
    spearmanDimension: Object.fromEntries(
      DIMENSIONS.map((d) => [
        d,
        spearman(
          col(0, (r) => r[d]),
          col(1, (r) => r[d]),
        ),
      ]),
    ) as Record<Dimension, number>,
    meanAbsoluteDifference: meanAbsoluteDifference(
      col(0, (r) => r.overall),
      col(1, (r) => r.overall),
    ),
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function printHalf(name: string, results: CallResult[]) {
  const f = figures(results);
  console.log(`\n## ${name} half: ${f.calls} calls (consensus passes ${pct(f.consensusPassRate)})`);
  console.log(`pass/fail agreement     ${pct(f.passAgreement)}   (target ≥ ${pct(TARGETS.passAgreement)})`);
  console.log(`critical errors agree   ${pct(f.criticalAgreement)}   (target 100%)`);
  console.log(`Spearman overall        ${f.spearmanOverall.toFixed(3)}   (target ≥ ${TARGETS.spearmanOverall})`);
  for (const d of DIMENSIONS)
    console.log(
      `Spearman ${DIMENSION_LABELS[d].padEnd(21)}${f.spearmanDimension[d].toFixed(3)}   (target ≥ ${TARGETS.spearmanDimension}; mean abs diff ${f.meanAbsoluteDifferenceDimension[d].toFixed(1)})`,
    );
  console.log(`mean absolute diff      ${f.meanAbsoluteDifference.toFixed(1)}     (target ≤ ${TARGETS.meanAbsoluteDifference})`);
  const missed = misses(f);
  console.log(missed.length ? `MISSED: ${missed.join("; ")}` : "All targets met.");
  console.log(`\nTen largest disagreements (${name} half):`);
  const worst = [...results]
    .sort((a, b) => Math.abs(b.scorer.overall - b.consensus.overall) - Math.abs(a.scorer.overall - a.consensus.overall))
    .slice(0, 10);
  for (const r of worst) {
    const c = r.consensus;
    console.log(
      `- ${r.call.id} (${r.call.scenario}, ${r.report.outcome}): scorer ${r.scorer.overall} ${r.scorer.pass ? "pass" : "fail"} [${DIMENSIONS.map((d) => r.scorer[d]).join("/")}]${r.scorer.criticalErrors.length ? ` critical ${r.scorer.criticalErrors.join(",")}` : ""}; reviewers ${c.overall.toFixed(0)} ${c.pass ? "pass" : "fail"} [${DIMENSIONS.map((d) => c[d].toFixed(0)).join("/")}]${c.criticalErrors.length ? ` critical ${c.criticalErrors.join(",")}` : ""}`,
    );
    const fired = r.report.turns.flatMap((t) =>
      t.annotations.map((a) => `t${t.index + 1} ${a.rule} ${a.points > 0 ? "+" : ""}${a.points}`),
    );
    console.log(`    rules: ${fired.join(", ") || "none"}`);
  }
  return missed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv.includes("--tune") ? "tune" : process.argv.includes("--report") ? "report" : null;
  const a = reviewerAgreement();
  console.log(`# Calibration, rubric version ${RUBRIC_VERSION}`);
  console.log(
    `\nReviewers vs each other (${a.calls} calls, two blind reviews each): pass/fail ${pct(a.passAgreement)}, critical errors ${pct(a.criticalAgreement)}, Spearman overall ${a.spearmanOverall.toFixed(3)} (${DIMENSIONS.map((d) => `${DIMENSION_LABELS[d]} ${a.spearmanDimension[d].toFixed(2)}`).join(", ")}), mean absolute difference ${a.meanAbsoluteDifference.toFixed(1)}`,
  );
  let missed: string[] = [];
  if (only !== "report") printHalf("tune", scoreCorpus("tune"));
  if (only !== "tune") missed = printHalf("report", scoreCorpus("report"));
  process.exit(missed.length && only !== "tune" ? 1 : 0);
}
