"use client";

import dynamic from "next/dynamic";

/**
 * The graph, analysis, replies, playtest and bot panels (app/(app)/trainer/_viz), loaded on demand so
 * the editor does not wait for React Flow and the analysis code.
 */
const loading = () => <p className="p-6 text-sm text-slate-700">Loading…</p>;

export const GraphView = dynamic(() => import("@/app/(app)/(trainer)/trainer/_viz/graph-view").then((m) => m.GraphView), {
  ssr: false,
  loading,
});
export const AnalysisPanel = dynamic(() => import("@/app/(app)/(trainer)/trainer/_viz/analysis-panel").then((m) => m.AnalysisPanel), {
  ssr: false,
  loading,
});
export const RepliesPanel = dynamic(() => import("@/app/(app)/(trainer)/trainer/_viz/replies-panel").then((m) => m.RepliesPanel), {
  ssr: false,
  loading,
});
export const PlaytestPanel = dynamic(() => import("@/app/(app)/(trainer)/trainer/_viz/playtest-panel").then((m) => m.PlaytestPanel), {
  ssr: false,
  loading,
});
export const BotPlaythrough = dynamic(() => import("@/app/(app)/(trainer)/trainer/_viz/bot-playthrough").then((m) => m.BotPlaythrough), {
  ssr: false,
  loading,
});
