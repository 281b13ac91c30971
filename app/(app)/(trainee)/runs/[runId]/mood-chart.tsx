import type { MoodPoint } from "@/app/(app)/(trainee)/runs/[runId]/mood-series";

const W = 320;
const H = 100;
const PAD = { left: 24, right: 8, top: 8, bottom: 18 };

/** x and y of a point on the plot: turns along, 0–100 up. */
function at(i: number, count: number, value: number): [number, number] {
  const x = PAD.left + (count <= 1 ? 0 : (i / (count - 1)) * (W - PAD.left - PAD.right));
  const y = PAD.top + (1 - Math.max(0, Math.min(100, value)) / 100) * (H - PAD.top - PAD.bottom);
  return [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
}

function line(points: readonly MoodPoint[], key: "anger" | "trust"): string {
  return points.map((p, i) => at(i, points.length, p[key]).join(",")).join(" ");
}

/**
 * The caller's anger and trust over the call, as a small SVG drawn with the page: no chart
 * library, no script, nothing that loads late (its text alternative is the debrief's caption and
 * table). Colours come from the palette's classes so a remapped palette (dark mode) follows.
 */
export function MoodChart({ points }: { points: MoodPoint[] }) {
  const last = points.length - 1;
  const ticks = points.length <= 8 ? points.map((_, i) => i) : [0, Math.round(last / 3), Math.round((2 * last) / 3), last];
  return (
    <div aria-hidden="true">
      <svg viewBox={`0 0 ${W} ${H}`} className="block h-auto w-full" role="presentation" focusable="false">
        {[0, 50, 100].map((v) => {
          const [, y] = at(0, 1, v);
          return (
            <g key={v}>
              <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} className="stroke-slate-200" strokeWidth={1} />
              <text x={PAD.left - 4} y={y + 3} textAnchor="end" className="fill-slate-700" fontSize={8}>
                {v}
              </text>
            </g>
          );
        })}
        {ticks.map((i) => {
          const [x] = at(i, points.length, 0);
          return (
            <text key={i} x={x} y={H - 5} textAnchor="middle" className="fill-slate-700" fontSize={8}>
              {i === 0 ? "Start" : `T${i}`}
            </text>
          );
        })}
        <polyline points={line(points, "anger")} fill="none" className="stroke-rose-700" strokeWidth={2} strokeLinejoin="round" />
        <polyline
          points={line(points, "trust")}
          fill="none"
          className="stroke-brand-700"
          strokeWidth={2}
          strokeDasharray="6 4"
          strokeLinejoin="round"
        />
      </svg>
      <p className="mt-1 flex flex-wrap gap-x-4 text-sm text-slate-700">
        <span className="inline-flex items-center gap-1.5">
          <span className="inline-block h-0.5 w-5 bg-rose-700" /> Anger
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span className="inline-block w-5 border-t-2 border-dashed border-brand-700" /> Trust
        </span>
      </p>
    </div>
  );
}
