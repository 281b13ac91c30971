import type { ScoreReport, TurnReport } from "./report";
import type { FindingId } from "./rules";

/** One thing to do next time, tied to the turn where it happened (1-based). */
export interface CoachingPoint {
  turn: number;
  /** What went wrong, short ("Solving too soon"). */
  title: string;
  /** Why it matters, or what to do instead, in a sentence. */
  advice: string;
  /** A response that would have done better at that turn, when the analysis found one. */
  instead?: string;
  /** Where it came from: a critical error, points lost on the turn, a better option, or a finding of the whole call. */
  source: "critical" | "lost-points" | "better-option" | "missed";
}

/** Findings about what should come before a solution: they point at the first turn where a better answer was open. */
const BEFORE_SOLVING: ReadonlySet<FindingId> = new Set([
  "never-listened",
  "never-acknowledged",
  "never-explored",
  "no-paraphrase",
  "facts-missed",
  "summary-unconfirmed",
]);

/**
 * The debrief's "three things to do next time", most costly first: turns with a critical error,
 * then turns by the points they lost plus the best score a better option there would have kept
 * in reach, then (when fewer than `max` turns went wrong) the call's missed opportunities, each
 * pinned to a turn: the first turn with a better option for what belongs before a solution,
 * the last one for the next step and the commitment. At most one point per turn. Pure: it only
 * reads the report the scorer and the analysis produced.
 */
export function coachingPoints(report: ScoreReport, max = 3): CoachingPoint[] {
  const ranked: { weight: number; point: CoachingPoint }[] = [];
  for (const turn of report.turns) {
    const point = turnPoint(turn);
    if (point) ranked.push(point);
  }
  ranked.sort((a, b) => b.weight - a.weight || a.point.turn - b.point.turn);
  const out = ranked.slice(0, max).map((r) => r.point);
  if (out.length >= max || report.turns.length === 0) return out;

  const used = new Set(out.map((p) => p.turn));
  const withBetter = report.turns.filter((t) => t.betterOption).map((t) => t.index + 1);
  const first = withBetter[0] ?? 1;
  const last = withBetter[withBetter.length - 1] ?? report.turns.length;
  for (const f of [...report.findings].sort((a, b) => b.missed - a.missed)) {
    if (out.length >= max) break;
    const turn = BEFORE_SOLVING.has(f.rule) ? first : last;
    const better = report.turns[turn - 1]?.betterOption;
    out.push({
      turn,
      title: f.label,
      advice: f.detail ? `${f.why} Missed: ${f.detail}.` : f.why,
      ...(better && !used.has(turn) ? { instead: better.text } : {}),
      source: "missed",
    });
    used.add(turn);
  }
  return out;
}

function turnPoint(turn: TurnReport): { weight: number; point: CoachingPoint } | null {
  const lost = turn.annotations
    .filter((a) => a.points < 0 || a.critical)
    .sort((a, b) => Number(b.critical) - Number(a.critical) || a.points - b.points);
  const worst = lost[0];
  const better = turn.betterOption;
  const gap = better ? Math.max(0, better.bestReachable - better.bestReachableAfterTaken) : 0;
  const lostPoints = -lost.reduce((sum, a) => sum + Math.min(0, a.points), 0);
  if (!worst && gap === 0) return null;
  const n = turn.index + 1;
  const instead = better && gap > 0 ? { instead: better.text } : {};
  if (worst) {
    return {
      weight: (worst.critical ? 1000 : 0) + lostPoints + gap,
      point: { turn: n, title: worst.label, advice: worst.why, ...instead, source: worst.critical ? "critical" : "lost-points" },
    };
  }
  return {
    weight: gap,
    point: {
      turn: n,
      title: "A stronger answer was open",
      advice: turn.feedback ?? `Your answer kept ${better!.bestReachableAfterTaken} in reach; a better one kept ${better!.bestReachable}.`,
      ...instead,
      source: "better-option",
    },
  };
}
