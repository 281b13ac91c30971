"use client";

import { useId } from "react";
import { describeChange, formatChange } from "@/lib/ui/format";

interface Mood {
  anger: number;
  trust: number;
}

const BARS = {
  anger: { label: "Anger", track: "bg-rose-100", fill: "bg-rose-600", hint: "Lower is better" },
  trust: { label: "Trust", track: "bg-brand-100", fill: "bg-brand-600", hint: "Higher is better" },
} as const;

/**
 * The caller's mood: anger and trust, 0–100, as two ARIA meters with their values in text.
 * The bars slide to a new value (no animation when the user prefers reduced motion);
 * `previous` adds the change from the last turn.
 */
export function MoodMeter({ mood, previous }: { mood: Mood; previous?: Mood | null }) {
  return (
    <div className="space-y-4">
      <Bar kind="anger" value={mood.anger} previous={previous?.anger} />
      <Bar kind="trust" value={mood.trust} previous={previous?.trust} />
    </div>
  );
}

function Bar({ kind, value, previous }: { kind: keyof typeof BARS; value: number; previous: number | undefined }) {
  const id = useId();
  const bar = BARS[kind];
  const delta = previous === undefined ? null : value - previous;
  const clamped = Math.max(0, Math.min(100, value));
  return (
    <div>
      <div className="flex items-baseline justify-between gap-2">
        <span id={`${id}-label`} className="font-medium text-slate-900">
          {bar.label}
        </span>
        <span className="whitespace-nowrap tabular-nums text-slate-900" aria-hidden="true">
          <span className="text-lg font-semibold">{value}</span>
          <span className="text-sm text-slate-700"> / 100</span>
          {delta !== null && delta !== 0 ? (
            <span
              className={`ml-1.5 text-sm font-medium ${(kind === "anger" ? delta < 0 : delta > 0) ? "text-emerald-800" : "text-rose-800"}`}
            >
              {formatChange(delta)}
            </span>
          ) : null}
        </span>
      </div>
      <div
        role="meter"
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-hint`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={`${value} out of 100${delta !== null ? `, ${describeChange(delta)}` : ""}`}
        className={`mt-1.5 h-3 overflow-hidden rounded-full ${bar.track}`}
      >
        <div
          className={`h-full rounded-full ${bar.fill} transition-[width] duration-700 ease-out motion-reduce:transition-none`}
          style={{ width: `${clamped}%` }}
        />
      </div>
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-700">
        {bar.hint}
      </p>
    </div>
  );
}
