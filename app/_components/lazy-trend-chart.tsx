"use client";

import dynamic from "next/dynamic";

/**
 * TrendChart loaded on demand: the chart library is a large chunk, and pages such as the
 * player must not pay for it. Same props; a blank box of the same height while it loads.
 */
export const LazyTrendChart = dynamic(() => import("./trend-chart").then((m) => m.TrendChart), {
  ssr: false,
  loading: () => <div aria-hidden="true" className="w-full" style={{ height: 260 }} />,
});
