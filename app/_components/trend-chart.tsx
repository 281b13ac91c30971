"use client";

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";

export interface TrendSeries {
  /** Key of the value in each data row. */
  key: string;
  label: string;
  color: string;
  /** SVG dash pattern, so lines differ by more than colour. */
  dash?: string;
}

/**
 * A small 0–100 line chart. It is decoration for sighted users: the page must put the same
 * numbers next to it as text (see ChartFigure), so the chart itself is hidden from assistive
 * technology and kept out of the tab order.
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
  return (
    <div aria-hidden="true" className="w-full" style={{ height }}>
      <LineChart
        responsive
        data={data}
        accessibilityLayer={false}
        style={{ width: "100%", height: "100%" }}
        margin={{ top: 8, right: 16, bottom: 4, left: -12 }}
      >
        <CartesianGrid stroke="var(--color-slate-200, #e2e8f0)" strokeDasharray="3 3" />
        <XAxis
          dataKey={xKey}
          tick={{ fill: "var(--color-slate-700, #334155)", fontSize: 12 }}
          stroke="var(--color-slate-400, #94a3b8)"
          interval="preserveStartEnd"
        />
        <YAxis
          domain={[0, 100]}
          ticks={[0, 25, 50, 75, 100]}
          tick={{ fill: "var(--color-slate-700, #334155)", fontSize: 12 }}
          stroke="var(--color-slate-400, #94a3b8)"
        />
        <Tooltip
          contentStyle={{
            borderRadius: 6,
            borderColor: "var(--color-slate-300, #cbd5e1)",
            backgroundColor: "var(--color-white, #fff)",
            color: "var(--color-slate-900, #0f172a)",
            fontSize: 13,
          }}
        />
        <Legend itemSorter={null} wrapperStyle={{ fontSize: 13, color: "var(--color-slate-700, #334155)" }} />
        {series.map((s) => (
          <Line
            key={s.key}
            type="monotone"
            dataKey={s.key}
            name={s.label}
            stroke={s.color}
            strokeWidth={2.5}
            strokeDasharray={s.dash}
            dot={{ r: 3, fill: s.color }}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </div>
  );
}
