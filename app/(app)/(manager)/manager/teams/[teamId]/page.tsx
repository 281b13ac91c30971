import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session.server";
import { getManagedTeam } from "@/lib/data/teams/get-managed-team.server";
import { findTeamScorecard, RECENT_RUNS, TREND_RUNS, type TeamScorecardRow } from "@/lib/data/scorecards/find-team-scorecard.server";
import { findPublishedScenarioTitles } from "@/lib/data/scenarios/find-published-scenario-titles.server";
import { db } from "@/lib/db/client.server";
import { DIMENSION_LABELS, DIMENSIONS } from "@/lib/scoring/rules";
import { plural } from "@/lib/ui/format";
import {
  pageOf,
  parseScorecardQuery,
  searchRows,
  sortRows,
  type ScorecardQuery,
  type SortKey,
} from "@/app/(app)/(manager)/manager/teams/[teamId]/scorecard-query";
import { Sparkline } from "@/app/_components/sparkline";
import { buttonStyles, EmptyState, PageHeader } from "@/app/_components/ui";
import { orNotFound } from "@/app/(app)/(manager)/manager/load.server";

type Search = Promise<Record<string, string | string[] | undefined>>;

export const metadata: Metadata = { title: "Team scorecard" };

const shortDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** The rubric's names, allowed to wrap so 14 columns fit a laptop screen. */
const SHORT_LABELS = {
  laer: "LAER flow",
  reflectiveListening: "Reflective listening",
  promises: "Promises",
  professionalism: "Profession\u00adalism",
} as const;

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: "name", label: "Trainee" },
  { key: "runs", label: "Runs", numeric: true },
  { key: "passRate", label: "Pass rate", numeric: true },
  { key: "latest", label: "Latest", numeric: true },
  { key: "best", label: "Best", numeric: true },
  ...DIMENSIONS.map((d) => ({ key: d as SortKey, label: SHORT_LABELS[d], numeric: true })),
  { key: "weakest", label: "Weakest skill" },
  { key: "assignments", label: "Assignments" },
];

function queryString(q: ScorecardQuery, overrides: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  const all: Record<string, string | undefined> = {
    sort: q.sort,
    dir: q.dir,
    scenario: q.scenarioId,
    from: q.fromDay,
    to: q.toDay,
    q: q.search,
    page: q.page > 1 ? String(q.page) : undefined,
    ...overrides,
  };
  for (const [k, v] of Object.entries(all)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : "";
}

export default async function TeamScorecardPage({ params, searchParams }: { params: Promise<{ teamId: string }>; searchParams: Search }) {
  const { teamId } = await params;
  const user = await requireUser(["manager"], `/manager/teams/${teamId}`);
  const team = await orNotFound(teamId, (id) => getManagedTeam(db(), user.id, id));
  const q = parseScorecardQuery(await searchParams);
  const [rows, scenarios] = await Promise.all([
    findTeamScorecard(db(), team.id, { scenarioId: q.scenarioId, from: q.from, to: q.to }),
    findPublishedScenarioTitles(db()),
  ]);
  const matching = searchRows(rows, q.search);
  const shown = pageOf(sortRows(matching, q.sort, q.dir), q.page);
  const totalRuns = rows.reduce((n, r) => n + r.runs, 0);
  const totalPasses = rows.reduce((n, r) => n + r.passes, 0);
  const overdue = rows.reduce((n, r) => n + r.assignments.overdue, 0);
  const filtered = Boolean(q.scenarioId || q.from || q.to);
  const exportQuery = queryString(q, { sort: undefined, dir: undefined, q: undefined, page: undefined });

  return (
    <>
      <PageHeader title={`${team.name}: scorecard`}>
        {plural(rows.length, "trainee")} · {plural(totalRuns, "finished call")}
        {filtered ? " in this filter" : ""}
        {totalRuns ? ` · team pass rate ${Math.round((totalPasses / totalRuns) * 100)}%` : ""}
        {overdue ? ` · ${plural(overdue, "overdue assignment")}` : ""}
      </PageHeader>

      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter the scorecard">
          <input type="hidden" name="sort" value={q.sort} />
          <input type="hidden" name="dir" value={q.dir} />
          <div>
            <label htmlFor="q" className="block text-sm font-medium text-slate-800">
              Trainee
            </label>
            <input
              id="q"
              name="q"
              type="search"
              defaultValue={q.search}
              placeholder="Name or email"
              className="mt-1 w-44 rounded-md border border-slate-300 px-3 py-2"
            />
          </div>
          <div>
            <label htmlFor="scenario" className="block text-sm font-medium text-slate-800">
              Scenario
            </label>
            <select
              id="scenario"
              name="scenario"
              defaultValue={q.scenarioId ?? ""}
              className="mt-1 max-w-64 rounded-md border border-slate-300 bg-white px-3 py-2"
            >
              <option value="">All scenarios</option>
              {scenarios.map((s) => (
                <option key={s.scenarioId} value={s.scenarioId}>
                  {s.title}
                </option>
              ))}
              {q.scenarioId && !scenarios.some((s) => s.scenarioId === q.scenarioId) ? (
                <option value={q.scenarioId}>{q.scenarioId} (not published)</option>
              ) : null}
            </select>
          </div>
          <div>
            <label htmlFor="from" className="block text-sm font-medium text-slate-800">
              From (UTC)
            </label>
            <input
              id="from"
              name="from"
              type="date"
              defaultValue={q.fromDay}
              className="mt-1 rounded-md border border-slate-300 px-3 py-2"
            />
          </div>
          <div>
            <label htmlFor="to" className="block text-sm font-medium text-slate-800">
              To (UTC)
            </label>
            <input id="to" name="to" type="date" defaultValue={q.toDay} className="mt-1 rounded-md border border-slate-300 px-3 py-2" />
          </div>
          <button type="submit" className={buttonStyles.secondary}>
            Apply
          </button>
          {filtered || q.search ? (
            <Link
              href={`/manager/teams/${team.id}${queryString({ ...q, scenarioId: undefined, fromDay: undefined, toDay: undefined, search: undefined, page: 1 })}`}
              className="py-2 text-sm font-medium text-brand-700 underline"
            >
              Clear filter
            </Link>
          ) : null}
        </form>
        <div className="flex flex-wrap gap-3">
          <Link href={`/manager/teams/${team.id}/assignments`} className={buttonStyles.secondary}>
            Assignments
          </Link>
          <a href={`/manager/teams/${team.id}/scorecard.csv${exportQuery}`} className={buttonStyles.secondary} download>
            Download CSV
          </a>
        </div>
      </div>

      {q.problems.length ? (
        <div role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {q.problems.map((p) => (
            <p key={p}>Filter: {p}.</p>
          ))}
        </div>
      ) : null}

      {rows.length ? (
        <p className="mb-3 text-sm text-slate-700">
          Skill columns average each trainee&apos;s last {RECENT_RUNS} finished calls, the weakest in red; the trend shows the last{" "}
          {TREND_RUNS} overall scores, oldest first, against the pass mark of 70 (dashed). Select a column heading to sort.
        </p>
      ) : null}
      {rows.length === 0 ? (
        <EmptyState title="No trainees in this team yet">
          <p>Trainees appear here once their accounts are added to {team.name}.</p>
        </EmptyState>
      ) : (
        <div
          className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm"
          role="region"
          aria-labelledby="scorecard-caption"
          tabIndex={0}
        >
          <table className="w-full min-w-[64rem] text-left text-sm tabular-nums">
            <caption id="scorecard-caption" className="sr-only">
              One row per trainee. Select a column heading to sort.
            </caption>
            <thead className="bg-slate-50">
              <tr className="border-b border-slate-200 text-slate-700">
                {COLUMNS.map((c) => {
                  const active = q.sort === c.key;
                  const nextDir =
                    active && q.dir === "asc" ? "desc" : active ? "asc" : c.numeric || c.key === "assignments" ? "desc" : "asc";
                  return (
                    <th
                      key={c.key}
                      scope="col"
                      aria-sort={active ? (q.dir === "asc" ? "ascending" : "descending") : undefined}
                      className={`px-2 py-2.5 font-medium ${c.numeric ? "text-right" : ""}`}
                    >
                      <Link
                        href={`/manager/teams/${team.id}${queryString(q, { sort: c.key, dir: nextDir, page: undefined })}`}
                        className="underline decoration-slate-300 hover:text-brand-800"
                      >
                        {c.label}
                        {active ? <span aria-hidden="true">{q.dir === "asc" ? " ▲" : " ▼"}</span> : null}
                      </Link>
                    </th>
                  );
                })}
                <th scope="col" className="px-2 py-2.5 font-medium">
                  Trend
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.rows.map((r) => (
                <Row key={r.userId} row={r} />
              ))}
            </tbody>
          </table>
          {shown.rows.length === 0 ? (
            <p className="px-4 py-6 text-slate-800">No trainee&apos;s name or email contains &ldquo;{q.search}&rdquo;.</p>
          ) : null}
        </div>
      )}
      {rows.length ? (
        <nav aria-label="Scorecard pages" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-800">
          <p>
            {shown.first}–{shown.last} of {plural(matching.length, "trainee")}
            {q.search ? ` matching “${q.search}”` : ""}
          </p>
          {shown.pages > 1 ? (
            <div className="flex items-center gap-3">
              {shown.page > 1 ? (
                <Link
                  href={`/manager/teams/${team.id}${queryString(q, { page: String(shown.page - 1) })}`}
                  className={buttonStyles.secondary}
                >
                  Previous
                </Link>
              ) : null}
              <span>
                Page {shown.page} of {shown.pages}
              </span>
              {shown.page < shown.pages ? (
                <Link
                  href={`/manager/teams/${team.id}${queryString(q, { page: String(shown.page + 1) })}`}
                  className={buttonStyles.secondary}
                >
                  Next
                </Link>
              ) : null}
            </div>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

function Row({ row: r }: { row: TeamScorecardRow }) {
  const dash = <span className="text-slate-600">—</span>;
  return (
    <tr className="border-b border-slate-100 last:border-0">
      <th scope="row" className="whitespace-nowrap px-2 py-2.5 font-medium text-slate-900">
        <Link href={`/manager/trainees/${r.userId}`} className="text-brand-700 underline hover:text-brand-800">
          {r.name}
        </Link>
        {r.lastRunAt ? (
          <span className="block text-xs font-normal text-slate-700">last call {shortDate.format(r.lastRunAt)}</span>
        ) : (
          <span className="block text-xs font-normal text-slate-700">no calls yet</span>
        )}
      </th>
      <td className="px-2 py-2.5 text-right">{r.runs}</td>
      <td className="px-2 py-2.5 text-right">{r.passRate === null ? dash : `${r.passRate}%`}</td>
      <td className="px-2 py-2.5 text-right">{r.latest ?? dash}</td>
      <td className="px-2 py-2.5 text-right">{r.best ?? dash}</td>
      {DIMENSIONS.map((d) => (
        <td key={d} className={`px-2 py-2.5 text-right ${r.weakestRecent === d ? "font-semibold text-rose-800" : ""}`}>
          {r.recent[d] ?? dash}
        </td>
      ))}
      <td className="px-2 py-2.5">{r.weakestRecent ? DIMENSION_LABELS[r.weakestRecent] : dash}</td>
      <td className="px-2 py-2.5">
        <AssignmentSummary {...r.assignments} />
      </td>
      <td className="px-2 py-2.5">
        <Sparkline values={r.trend} label={`${r.name}, last ${r.trend.length} scores`} />
      </td>
    </tr>
  );
}

function AssignmentSummary({ done, due, overdue }: { done: number; due: number; overdue: number }) {
  if (done + due + overdue === 0) return <span className="text-slate-600">none</span>;
  return (
    <span className="whitespace-nowrap">
      {done} done · {due} due
      {overdue ? (
        <span className="ml-1 rounded bg-rose-50 px-1.5 py-0.5 font-medium text-rose-800 ring-1 ring-inset ring-rose-200">
          {overdue} overdue
        </span>
      ) : (
        <> · 0 overdue</>
      )}
    </span>
  );
}
