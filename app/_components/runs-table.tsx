import Link from "@/app/_components/link";
import { requestLocale } from "@/lib/http/locale.server";
import { formatDateTime } from "@/lib/ui/dates";
import { criticalErrorLabels, outcomeLabel, plural } from "@/lib/ui/format";
import { ResultBadge, ScoreBadge } from "./score";
import { linkStyle } from "@/app/_components/ui";

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

/**
 * Calls newest first, each with a link (the trainee's debrief, or the manager's review). One
 * table: from the `sm` breakpoint up a table as usual; on a phone each row stacks into a card
 * (the header row hidden visually, the cells wrapped), so nothing, links included, is off screen.
 */
export async function RunsTable({
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
  const locale = await requestLocale();
  return (
    <div
      className="rounded-lg max-sm:space-y-3 sm:overflow-x-auto sm:border sm:border-slate-200 sm:bg-white sm:shadow-sm"
      role="region"
      aria-labelledby={labelledBy}
      tabIndex={0}
    >
      <table className="w-full text-left max-sm:block sm:min-w-[44rem]">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 max-sm:sr-only">
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
        <tbody className="max-sm:block max-sm:space-y-3">
          {runs.map((run) => {
            const done = run.status === "completed";
            const when = run.completedAt ?? run.startedAt;
            const criticals = criticalErrorLabels(run.criticalErrors);
            const target = link(run);
            return (
              <tr
                key={run.id}
                className="border-b border-slate-100 last:border-0 max-sm:flex max-sm:flex-wrap max-sm:items-baseline max-sm:gap-x-3 max-sm:gap-y-1 max-sm:rounded-lg max-sm:border max-sm:border-slate-200 max-sm:bg-white max-sm:p-4 max-sm:shadow-sm max-sm:last:border"
              >
                <td className="whitespace-nowrap px-4 py-3 text-slate-800 max-sm:order-2 max-sm:w-full max-sm:p-0 max-sm:text-sm max-sm:text-slate-700">
                  <time dateTime={when.toISOString()}>{formatDateTime(when, locale)}</time>
                </td>
                <th scope="row" className="px-4 py-3 font-medium text-slate-900 max-sm:order-1 max-sm:min-w-0 max-sm:flex-1 max-sm:p-0">
                  {run.scenarioVersion.title}
                  <span className="ml-1.5 text-sm font-normal text-slate-700">v{run.scenarioVersion.version}</span>
                </th>
                <td className="px-4 py-3 text-slate-800 max-sm:order-3 max-sm:w-full max-sm:p-0 max-sm:text-sm">
                  {done ? outcomeLabel(run.outcome) : `In progress, ${plural(run.turnCount, "turn")} played`}
                </td>
                <td className="px-4 py-3 text-right max-sm:order-1 max-sm:p-0 max-sm:text-lg">
                  {done && run.overall !== null ? <ScoreBadge score={run.overall} size="sm" /> : <span className="text-slate-700">—</span>}
                </td>
                <td className="px-4 py-3 max-sm:order-4 max-sm:w-full max-sm:p-0 max-sm:pt-1">
                  <ResultBadge passed={done ? run.passed : null} />
                  {criticals.length > 0 ? <span className="ml-2 text-sm text-rose-800">{criticals.join(", ")}</span> : null}
                  {run.coachingNote ? (
                    <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-sm font-medium text-brand-800 ring-1 ring-inset ring-brand-100">
                      Coaching note
                    </span>
                  ) : null}
                </td>
                <td className="whitespace-nowrap px-4 py-3 text-right max-sm:order-5 max-sm:w-full max-sm:p-0 max-sm:text-left">
                  <Link href={target.href} className={`${linkStyle} max-sm:inline-block max-sm:py-2.5`}>
                    {target.label}
                    <span className="sr-only">
                      : {run.scenarioVersion.title}, {formatDateTime(when, locale)}
                    </span>
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
