import type { CSSProperties } from "react";

export interface TrendSeries {
  /** Key of the value in each data row. */
  key: string;
  label: string;
  color: string;
  /** SVG dash pattern, so lines differ by more than colour. */
  dash?: string;
}

const Y_TICKS = [0, 25, 50, 75, 100] as const;

/** Where the i-th of `count` points sits along the plot, in per cent. */
export function trendX(i: number, count: number): number {
  return count <= 1 ? 50 : (i / (count - 1)) * 100;
}

/** Where a 0–100 value sits down the plot, in per cent (out-of-range values are clamped). */
export function trendY(value: number): number {
  return 100 - Math.max(0, Math.min(100, value));
}

/** Which points get a label under the axis: all of a few, else the first, the middle and the last (they fit a phone). */
export function trendTicks(count: number): number[] {
  if (count <= 3) return Array.from({ length: count }, (_, i) => i);
  return [0, Math.floor((count - 1) / 2), count - 1];
}

/**
 * A small 0–100 line chart drawn with the page: an SVG that stretches to the width, labels and
 * dots in HTML so text stays its size on a phone, and no script at all (D74). It is decoration
 * for sighted users: the page puts the same numbers next to it as text (see ChartFigure), so the
 * chart is hidden from assistive technology. Hovering a dot names its call, skill and score.
 */
export function TrendChart({
  data,
  xKey,
  series,
  height = 260,
}: {
  data: Record<string, string | number>[];
  xKey: string;
  series: TrendSeries[];
  height?: number;
}) {
  const count = data.length;
  const value = (row: Record<string, string | number>, key: string) => Number(row[key] ?? 0);
  return (
    <div aria-hidden="true" className="w-full" data-testid="trend-chart">
      <div className="relative" style={{ height }}>
        {/* The plot: room on the left for the 0–100 labels and below for the calls'. */}
        <div className="absolute top-2 right-3 bottom-7 left-9">
          <svg
            className="absolute inset-0 h-full w-full overflow-visible"
            viewBox="0 0 100 100"
            preserveAspectRatio="none"
            role="presentation"
            focusable="false"
          >
            {Y_TICKS.map((v) => (
              <line
                key={v}
                x1={0}
                x2={100}
                y1={trendY(v)}
                y2={trendY(v)}
                className="stroke-slate-200"
                strokeWidth={1}
                strokeDasharray="3 3"
                vectorEffect="non-scaling-stroke"
              />
            ))}
            {series.map((s) => (
              <polyline
                key={s.key}
                points={data.map((row, i) => `${trendX(i, count)},${trendY(value(row, s.key))}`).join(" ")}
                fill="none"
                style={{ stroke: s.color }}
                strokeWidth={2.5}
                strokeDasharray={s.dash}
                strokeLinejoin="round"
                vectorEffect="non-scaling-stroke"
              />
            ))}
          </svg>
          {Y_TICKS.map((v) => (
            <span
              key={v}
              className="absolute right-full mr-1.5 -translate-y-1/2 text-xs text-slate-700 tabular-nums"
              style={{ top: `${trendY(v)}%` }}
            >
              {v}
            </span>
          ))}
          {trendTicks(count).map((i) => (
            <span key={i} className="absolute top-full mt-1.5 text-xs whitespace-nowrap text-slate-700" style={tickStyle(i, count)}>
              {String(data[i]?.[xKey] ?? "")}
            </span>
          ))}
          {data.flatMap((row, i) =>
            series.map((s) => (
              <span
                key={`${s.key}-${i}`}
                title={`${String(row[xKey] ?? "")}: ${s.label} ${value(row, s.key)}`}
                className="absolute size-2 -translate-x-1/2 -translate-y-1/2 rounded-full"
                style={{ left: `${trendX(i, count)}%`, top: `${trendY(value(row, s.key))}%`, backgroundColor: s.color }}
              />
            )),
          )}
        </div>
      </div>
      <p className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
        {series.map((s) => (
          <span key={s.key} className="inline-flex items-center gap-1.5">
            <svg width="24" height="6" viewBox="0 0 24 6" role="presentation" focusable="false">
              <line x1="0" x2="24" y1="3" y2="3" style={{ stroke: s.color }} strokeWidth={2.5} strokeDasharray={s.dash} />
            </svg>
            {s.label}
          </span>
        ))}
      </p>
    </div>
  );
}

/** The first label starts at its point and the last ends at it, so neither runs off the chart. */
function tickStyle(i: number, count: number): CSSProperties {
  const left = `${trendX(i, count)}%`;
  if (count > 1 && i === 0) return { left };
  if (count > 1 && i === count - 1) return { right: 0 };
  return { left, transform: "translateX(-50%)" };
}
