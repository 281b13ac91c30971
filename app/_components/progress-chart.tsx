import { TrendChart } from "./trend-chart";

export interface ProgressRow {
  label: string;
  laer: number;
  reflectiveListening: number;
  promises: number;
  professionalism: number;
}

/** The four dimensions over completed calls, oldest first. The page renders its text alternative. */
export function ProgressChart({ rows }: { rows: ProgressRow[] }) {
  return (
    <TrendChart
      data={rows.map((r) => ({ ...r }))}
      xKey="label"
      series={[
        { key: "laer", label: "LAER flow", color: "var(--color-brand-600, #1f6f6a)" },
        { key: "reflectiveListening", label: "Reflective listening", color: "var(--color-sky-700, #0369a1)", dash: "6 4" },
        { key: "promises", label: "Promises", color: "var(--color-amber-700, #b45309)", dash: "2 3" },
        { key: "professionalism", label: "Professionalism", color: "var(--color-rose-700, #be123c)", dash: "10 4 2 4" },
      ]}
    />
  );
}
