import type { ReactNode } from "react";

export interface ChartColumn<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  /** The first column names the row: rendered as a row header. */
  rowHeader?: boolean;
}

/**
 * A chart with its text alternative: a caption that says what it shows, and the same numbers
 * as a table anyone can open (keyboard and screen-reader users read the table, not the SVG).
 */
export function ChartFigure<Row>({
  caption,
  chart,
  rows,
  columns,
  tableLabel,
}: {
  caption: ReactNode;
  chart: ReactNode;
  rows: readonly Row[];
  columns: readonly ChartColumn<Row>[];
  tableLabel: string;
}) {
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      {chart}
      <figcaption className="mt-3 text-sm text-slate-700">{caption}</figcaption>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer font-medium text-brand-700 hover:text-brand-800">Show the numbers as a table</summary>
        {/* Focusable so keyboard users can scroll it sideways on a narrow screen. */}
        <div className="mt-3 overflow-x-auto" role="region" aria-label={tableLabel} tabIndex={0}>
          <table className="w-full text-left tabular-nums">
            <caption className="sr-only">{tableLabel}</caption>
            <thead>
              <tr className="border-b border-slate-200 text-slate-700">
                {columns.map((c) => (
                  <th key={c.header} scope="col" className="px-2 py-1.5 font-medium">
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i} className="border-b border-slate-100 last:border-0">
                  {columns.map((c) =>
                    c.rowHeader ? (
                      <th key={c.header} scope="row" className="px-2 py-1.5 font-medium text-slate-900">
                        {c.cell(row)}
                      </th>
                    ) : (
                      <td key={c.header} className="px-2 py-1.5 text-slate-800">
                        {c.cell(row)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
