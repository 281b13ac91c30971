"use client";

import type { MoodPoint } from "@/app/(app)/(trainee)/runs/[runId]/mood-series";
import { LazyTrendChart as TrendChart } from "@/app/_components/lazy-trend-chart";

/** The caller's anger and trust over the call. Its text alternative is rendered by the debrief. */
export function MoodChart({ points }: { points: MoodPoint[] }) {
  return (
    <TrendChart
      data={points.map((p) => ({ label: p.label, anger: p.anger, trust: p.trust }))}
      xKey="label"
      series={[
        { key: "anger", label: "Anger", color: "var(--color-rose-700, #be123c)" },
        { key: "trust", label: "Trust", color: "var(--color-brand-600, #1f6f6a)", dash: "6 4" },
      ]}
    />
  );
}
