/** A tiny 0–100 line of recent scores. The label carries the numbers for screen readers. */
export function Sparkline({
  values,
  width = 96,
  height = 24,
  label,
}: {
  values: number[];
  width?: number;
  height?: number;
  label: string;
}) {
  if (values.length === 0) return <span className="text-slate-600">—</span>;
  const step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
  const y = (v: number) => 2 + (height - 4) * (1 - Math.max(0, Math.min(100, v)) / 100);
  const points = values.map((v, i) => `${(2 + i * step).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const last = values[values.length - 1]!;
  return (
    <svg
      role="img"
      aria-label={`${label}: ${values.join(", ")}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      className="overflow-visible"
    >
      <line x1="0" x2={width} y1={y(70)} y2={y(70)} className="stroke-slate-300" strokeDasharray="2 2" />
      {values.length > 1 ? (
        <polyline points={points} fill="none" className="stroke-brand-600" strokeWidth="1.5" strokeLinejoin="round" />
      ) : null}
      <circle cx={2 + (values.length - 1) * step} cy={y(last)} r="2.5" className="fill-brand-600" />
    </svg>
  );
}
