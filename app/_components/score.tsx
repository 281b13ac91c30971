import { DIMENSION_LABELS, DIMENSIONS, type Dimension } from "@/lib/scoring/rules";
import { formatPoints } from "@/lib/ui/format";

/** Score displays shared by the debrief, "My runs" and (later) the manager's scorecards. */

export function ScoreBadge({ score, label = "Overall score", size = "lg" }: { score: number; label?: string; size?: "lg" | "sm" }) {
  if (size === "sm") {
    return (
      <span className="font-semibold tabular-nums text-slate-900">
        <span className="sr-only">{label}: </span>
        {score}
      </span>
    );
  }
  return (
    <div className="inline-flex flex-col items-center rounded-lg border border-slate-200 bg-slate-50 px-5 py-3">
      <span className="text-xs font-medium uppercase tracking-wide text-slate-700">{label}</span>
      <span className="text-4xl font-semibold tabular-nums text-slate-900">
        {score}
        <span className="text-base font-normal text-slate-700"> / 100</span>
      </span>
    </div>
  );
}

/** Passed / Failed (or In progress when there is no verdict yet). */
export function ResultBadge({ passed, size = "sm" }: { passed: boolean | null; size?: "sm" | "lg" }) {
  const text = passed === null ? "In progress" : passed ? "Passed" : "Failed";
  const style =
    passed === null
      ? "bg-slate-100 text-slate-800 ring-slate-300"
      : passed
        ? "bg-emerald-50 text-emerald-800 ring-emerald-300"
        : "bg-rose-50 text-rose-800 ring-rose-300";
  const sizing = size === "lg" ? "px-3 py-1 text-base font-semibold uppercase tracking-wide" : "px-2.5 py-0.5 text-xs font-medium";
  return <span className={`inline-flex items-center rounded-full ring-1 ring-inset ${style} ${sizing}`}>{text}</span>;
}

/** Signed points ("+20", "−25") coloured by direction. */
export function PointsBadge({ points, critical = false }: { points: number; critical?: boolean }) {
  const style = critical
    ? "bg-rose-700 text-white ring-rose-700"
    : points > 0
      ? "bg-emerald-50 text-emerald-800 ring-emerald-300"
      : points < 0
        ? "bg-rose-50 text-rose-800 ring-rose-300"
        : "bg-slate-100 text-slate-800 ring-slate-300";
  return (
    <span
      className={`inline-flex min-w-[3.25rem] justify-center rounded-md px-2 py-0.5 text-sm font-semibold tabular-nums ring-1 ring-inset ${style}`}
    >
      {formatPoints(points)}
      <span className="sr-only"> points</span>
    </span>
  );
}

/**
 * The four dimension scores as labelled bars. The numbers are text; the bars are decoration.
 * `weights` adds "30% of overall"; `best` adds each best score.
 */
export function DimensionBars({
  scores,
  weights,
  best,
}: {
  scores: Record<Dimension, number>;
  weights?: Record<Dimension, number>;
  best?: Record<Dimension, number>;
}) {
  return (
    <ul className="space-y-4">
      {DIMENSIONS.map((d) => {
        const value = Math.max(0, Math.min(100, scores[d]));
        return (
          <li key={d}>
            <div className="flex flex-wrap items-baseline justify-between gap-x-3">
              <span className="font-medium text-slate-900">
                {DIMENSION_LABELS[d]}
                {weights ? (
                  <span className="ml-2 text-sm font-normal text-slate-700">
                    <span className="sr-only"> (</span>
                    {weights[d]}% of overall<span className="sr-only">)</span>
                  </span>
                ) : null}
                <span className="sr-only">: </span>
              </span>
              <span className="tabular-nums text-slate-900">
                <span className="font-semibold">{scores[d]}</span>
                <span className="text-sm text-slate-700"> / 100</span>
                {best ? (
                  <span className="ml-3 text-sm text-slate-700">
                    <span className="sr-only">, </span>best {best[d]}
                  </span>
                ) : null}
              </span>
            </div>
            <div aria-hidden="true" className="relative mt-1.5 h-2.5 overflow-hidden rounded-full bg-slate-200">
              <div
                className={`h-full rounded-full ${value >= 70 ? "bg-brand-600" : value >= 40 ? "bg-amber-500" : "bg-rose-600"}`}
                style={{ width: `${value}%` }}
              />
              {best ? (
                <div
                  className="absolute inset-y-0 w-0.5 bg-slate-900"
                  style={{ left: `calc(${Math.max(0, Math.min(100, best[d]))}% - 1px)` }}
                />
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
