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
 * `previous` adds the change from the last turn. Inside a narrow `@container` (the player on a
 * phone) the two bars sit side by side, compact, with their hints for screen readers only.
 */
export function MoodMeter({ mood, previous }: { mood: Mood; previous?: Mood | null }) {
  return (
    <div className="grid grid-cols-2 gap-x-4 gap-y-4 @3xl:grid-cols-1">
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
        <span id={`${id}-label`} className="text-sm font-medium text-slate-900 @3xl:text-base">
          {bar.label}
        </span>
        <span className="whitespace-nowrap tabular-nums text-slate-900" aria-hidden="true">
          <span className="font-semibold @3xl:text-lg">{value}</span>
          <span className="hidden text-sm text-slate-700 @3xl:inline"> / 100</span>
          {delta !== null && delta !== 0 ? (
            <span
              className={`ml-1 text-xs font-medium @3xl:ml-1.5 @3xl:text-sm ${(kind === "anger" ? delta < 0 : delta > 0) ? "text-emerald-800" : "text-rose-800"}`}
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
        className={`mt-1 h-2 overflow-hidden rounded-full @3xl:mt-1.5 @3xl:h-3 ${bar.track}`}
      >
        <div
          className={`h-full rounded-full ${bar.fill} transition-[width] duration-700 ease-out motion-reduce:transition-none`}
          style={{ width: `${clamped}%` }}
        />
      </div>
      <p id={`${id}-hint`} className="sr-only @3xl:not-sr-only @3xl:mt-1 @3xl:text-xs @3xl:text-slate-700">
        {bar.hint}
      </p>
    </div>
  );
}
