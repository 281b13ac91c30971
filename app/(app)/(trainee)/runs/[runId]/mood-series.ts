import type { Mood } from "@/lib/scenario/condition";

export interface MoodPoint {
  /** 0 for the start of the call, then the turn number. */
  turn: number;
  label: string;
  anger: number;
  trust: number;
}

/** The mood at the start and after each turn, for the mood curve and its data table. */
export function moodSeries(start: Mood, turns: readonly { mood: Mood }[]): MoodPoint[] {
  return [
    { turn: 0, label: "Start", anger: start.anger, trust: start.trust },
    ...turns.map((t, i) => ({ turn: i + 1, label: `Turn ${i + 1}`, anger: t.mood.anger, trust: t.mood.trust })),
  ];
}

/** One sentence that says what the curve shows, for screen readers and as the chart's caption. */
export function moodSummary(points: readonly MoodPoint[]): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return "No mood recorded.";
  const peak = points.reduce((a, b) => (b.anger > a.anger ? b : a), first);
  const turns = points.length - 1;
  const angerPart = `Anger went from ${first.anger} to ${last.anger}`;
  const peakPart = peak.anger > Math.max(first.anger, last.anger) ? ` (peak ${peak.anger} at ${peak.label.toLowerCase()})` : "";
  return `${angerPart}${peakPart}, and trust from ${first.trust} to ${last.trust}, over ${turns} ${turns === 1 ? "turn" : "turns"}.`;
}
