import Link from "next/link";
import { criticalErrorLabels, outcomeLabel, plural } from "@/lib/ui/format";
import { ResultBadge, ScoreBadge } from "./score";

export interface RunRow {
  id: string;
  status: string;
  startedAt: Date;
  completedAt: Date | null;
  turnCount: number;
  outcome: string | null;
  overall: number | null;
  passed: boolean | null;
  criticalErrors: string;
  scenarioVersion: { title: string; version: number };
  coachingNote?: { id: string } | null;
}

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

/**
 * Calls newest first, each with a link (the trainee's debrief, or the manager's review): a table
 * from the `sm` breakpoint up, a stacked list on a phone (so nothing, links included, is off screen).
 * Both are rendered; CSS shows one, and the hidden one is out of the accessibility tree.
 */
export function RunsTable({
  runs,
  labelledBy,
  caption,
  link,
}: {
  runs: RunRow[];
  /** Id of the heading that names the table's scrolling region. */
  labelledBy: string;
  caption: string;
  link: (run: RunRow) => { href: string; label: string };
}) {
  return (
    <>
      <RunsList runs={runs} caption={caption} link={link} />
      <div
        className="hidden overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm sm:block"
        role="region"
        aria-labelledby={labelledBy}
        tabIndex={0}
      >
        <table className="w-full min-w-[44rem] text-left">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-slate-50">
            <tr className="border-b border-slate-200 text-sm text-slate-700">
              <th scope="col" className="px-4 py-2.5 font-medium">
                Date
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Scenario
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Outcome
              </th>
              <th scope="col" className="px-4 py-2.5 text-right font-medium">
                Overall
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Result
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                <span className="sr-only">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => {
              const done = run.status === "completed";
              const when = run.completedAt ?? run.startedAt;
              const criticals = criticalErrorLabels(run.criticalErrors);
              const target = link(run);
              return (
                <tr key={run.id} className="border-b border-slate-100 last:border-0">
                  <td className="whitespace-nowrap px-4 py-3 text-slate-800">
                    <time dateTime={when.toISOString()}>{dateTime.format(when)}</time>
                  </td>
                  <th scope="row" className="px-4 py-3 font-medium text-slate-900">
                    {run.scenarioVersion.title}
                    <span className="ml-1.5 text-sm font-normal text-slate-700">v{run.scenarioVersion.version}</span>
                  </th>
                  <td className="px-4 py-3 text-slate-800">
                    {done ? outcomeLabel(run.outcome) : `In progress, ${plural(run.turnCount, "turn")} played`}
                  </td>
                  <td className="px-4 py-3 text-right">
                    {done && run.overall !== null ? (
                      <ScoreBadge score={run.overall} size="sm" />
                    ) : (
                      <span className="text-slate-700">—</span>
                    )}
                  </td>
                  <td className="px-4 py-3">
                    <ResultBadge passed={done ? run.passed : null} />
                    {criticals.length > 0 ? <span className="ml-2 text-sm text-rose-800">{criticals.join(", ")}</span> : null}
                    {run.coachingNote ? (
                      <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-sm font-medium text-brand-800 ring-1 ring-inset ring-brand-100">
                        Coaching note
                      </span>
                    ) : null}
                  </td>
                  <td className="whitespace-nowrap px-4 py-3 text-right">
                    <Link href={target.href} className="font-medium text-brand-700 underline hover:text-brand-800">
                      {target.label}
                      <span className="sr-only">
                        : {run.scenarioVersion.title}, {dateTime.format(when)}
                      </span>
                    </Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function RunsList({ runs, caption, link }: { runs: RunRow[]; caption: string; link: (run: RunRow) => { href: string; label: string } }) {
  return (
    <ul className="space-y-3 sm:hidden" aria-label={caption}>
      {runs.map((run) => {
        const done = run.status === "completed";
        const when = run.completedAt ?? run.startedAt;
        const criticals = criticalErrorLabels(run.criticalErrors);
        const target = link(run);
        return (
          <li key={run.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div className="flex items-start justify-between gap-3">
              <p className="min-w-0 font-medium text-slate-900">
                {run.scenarioVersion.title}
                <span className="ml-1.5 text-sm font-normal text-slate-700">v{run.scenarioVersion.version}</span>
              </p>
              {done && run.overall !== null ? (
                <span className="shrink-0 text-lg">
                  <ScoreBadge score={run.overall} size="sm" />
                </span>
              ) : null}
            </div>
            <p className="mt-1 text-sm text-slate-700">
              <time dateTime={when.toISOString()}>{dateTime.format(when)}</time> ·{" "}
              {done ? outcomeLabel(run.outcome) : `In progress, ${plural(run.turnCount, "turn")} played`}
            </p>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <ResultBadge passed={done ? run.passed : null} />
              {criticals.length > 0 ? <span className="text-sm text-rose-800">{criticals.join(", ")}</span> : null}
              {run.coachingNote ? (
                <span className="rounded bg-brand-50 px-1.5 py-0.5 text-sm font-medium text-brand-800 ring-1 ring-inset ring-brand-100">
                  Coaching note
                </span>
              ) : null}
            </div>
            <p className="mt-3">
              <Link
                href={target.href}
                className="inline-flex min-h-11 items-center font-medium text-brand-700 underline hover:text-brand-800"
              >
                {target.label}
                <span className="sr-only">
                  : {run.scenarioVersion.title}, {dateTime.format(when)}
                </span>
              </Link>
            </p>
          </li>
        );
      })}
    </ul>
  );
}
