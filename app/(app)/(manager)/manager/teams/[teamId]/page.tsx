import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { ArrowDown, ArrowUp, CalendarClock, ClipboardList, Download, Repeat, TrendingDown } from "lucide-react";
import { requireUser } from "@/lib/auth/session.server";
import { getManagedTeam } from "@/lib/data/teams/get-managed-team.server";
import { findTeamScorecard, RECENT_RUNS, TREND_RUNS, type TeamScorecardRow } from "@/lib/data/scorecards/find-team-scorecard.server";
import { findPublishedScenarioTitles } from "@/lib/data/scenarios/find-published-scenario-titles.server";
import {
  ATTENTION_RUNS,
  describeReason,
  findNeedsAttention,
  type AttentionReason,
  type NeedsAttentionRow,
} from "@/lib/data/scorecards/find-needs-attention.server";
import { DEFAULT_PASS_MARK } from "@/lib/scenario/model";
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
import { buttonStyles, EmptyState, linkStyle, PageHeader, Section } from "@/app/_components/ui";
import { ScorecardFilters } from "./scorecard-filters";
import { orNotFound } from "@/app/(app)/(manager)/manager/load.server";
import { DateIn } from "@/app/_components/local-date";
import { requestLocale } from "@/lib/http/locale.server";

type Search = Promise<Record<string, string | string[] | undefined>>;

export const metadata: Metadata = { title: "Team scorecard" };

/** The rubric's names, allowed to wrap so 14 columns fit a laptop screen. */
const SHORT_LABELS = {
  laer: "LAER flow",
  reflectiveListening: "Reflective listening",
  promises: "Promises",
  professionalism: "Profession\u00adalism",
} as const;

/** The numeric columns come right after the name, in this order: `CELLS` right-aligns body cells 2–9 by position. */
const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: "name", label: "Trainee" },
  { key: "runs", label: "Runs", numeric: true },
  { key: "passRate", label: "Pass rate", numeric: true },
  { key: "latest", label: "Latest", numeric: true },
  { key: "best", label: "Best", numeric: true },
  ...DIMENSIONS.map((d) => ({ key: d as SortKey, label: SHORT_LABELS[d], numeric: true })),
  { key: "weakest", label: "Weakest skill" },
  { key: "assignments", label: "Deadlines" },
];

/** Shown in the needs-attention list before "show all". */
const ATTENTION_SHOWN = 8;

const REASON_ICONS = { "low-scores": TrendingDown, "repeated-critical": Repeat, overdue: CalendarClock } as const;

/** Red is for a score under the pass mark, nothing else; what needs attention is amber. */
function under(score: number | null): boolean {
  return score !== null && score < DEFAULT_PASS_MARK;
}
const RED = "font-semibold text-rose-800";
const DASH = "text-slate-600";
/** The marker of a trainee who needs attention: a round "!" (one element: a page has up to 50). */
const ATTENTION_MARK =
  "ml-1.5 inline-flex h-4 w-4 items-center justify-center rounded-full bg-amber-700 align-text-bottom text-[11px] font-bold leading-none text-white";
/**
 * The body cells' shared style, set once on the table: padding, the number columns (the 2nd to the
 * 9th: runs to the last skill) right-aligned, a rule under each row but the last.
 */
const CELLS =
  "[&_tbody_td]:px-2 [&_tbody_td]:py-2.5 [&_tbody_td:nth-child(-n+9)]:text-right [&_tbody_th]:px-2 [&_tbody_th]:py-2.5 [&_tbody_tr]:border-b [&_tbody_tr]:border-slate-100 [&_tbody_tr:last-child]:border-0";

function queryString(q: ScorecardQuery, overrides: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  const all: Record<string, string | undefined> = {
    sort: q.sort,
    dir: q.dir,
    scenario: q.scenarioId,
    from: q.fromDay,
    to: q.toDay,
    q: q.search,
    attention: q.attention ? "1" : undefined,
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
  const scorecard = findTeamScorecard(db(), team.id, { scenarioId: q.scenarioId, from: q.from, to: q.to });
  const [rows, attention, scenarios, locale] = await Promise.all([
    scorecard,
    // The last calls whatever the filter; overdue counts from the scorecard (they ignore it too).
    findNeedsAttention(db(), team.id, scorecard),
    findPublishedScenarioTitles(db()),
    requestLocale(),
  ]);
  const flagged = new Map(attention.map((a) => [a.userId, a]));
  const matching = searchRows(q.attention ? rows.filter((r) => flagged.has(r.userId)) : rows, q.search);
  const shown = pageOf(sortRows(matching, q.sort, q.dir), q.page);
  const totalRuns = rows.reduce((n, r) => n + r.runs, 0);
  const totalPasses = rows.reduce((n, r) => n + r.passes, 0);
  const overdue = rows.reduce((n, r) => n + r.assignments.overdue, 0);
  const filtered = Boolean(q.scenarioId || q.from || q.to);
  const exportQuery = queryString(q, { sort: undefined, dir: undefined, q: undefined, attention: undefined, page: undefined });
  const base = `/manager/teams/${team.id}`;

  return (
    <>
      <PageHeader title={`${team.name}: scorecard`}>
        {plural(rows.length, "trainee")} · {plural(totalRuns, "finished call")}
        {filtered ? " in this filter" : ""}
        {totalRuns ? ` · team pass rate ${Math.round((totalPasses / totalRuns) * 100)}%` : ""}
        {overdue ? ` · ${plural(overdue, "overdue assignment")}` : ""}
      </PageHeader>

      {rows.length ? (
        <NeedsAttention rows={attention} locale={locale} allHref={`${base}${queryString({ ...q, page: 1, attention: true })}`} />
      ) : null}

      <div className="mb-6 mt-10 flex flex-wrap items-end justify-between gap-4">
        <ScorecardFilters
          initial={{ q: q.search ?? "", scenario: q.scenarioId ?? "", from: q.fromDay ?? "", to: q.toDay ?? "" }}
          scenarios={[
            ...scenarios,
            ...(q.scenarioId && !scenarios.some((s) => s.scenarioId === q.scenarioId)
              ? [{ scenarioId: q.scenarioId, title: q.scenarioId, unpublished: true }]
              : []),
          ]}
          hidden={{ sort: q.sort, dir: q.dir, attention: q.attention ? "1" : undefined }}
          clearHref={
            filtered || q.search
              ? `${base}${queryString({ ...q, scenarioId: undefined, fromDay: undefined, toDay: undefined, search: undefined, page: 1 })}`
              : null
          }
        />
        <div className="flex flex-wrap gap-3">
          <Link href={`${base}/assignments`} className={buttonStyles.secondary}>
            <ClipboardList aria-hidden="true" className="h-4 w-4" />
            Assigned scenarios
          </Link>
          <a href={`${base}/scorecard.csv${exportQuery}`} className={buttonStyles.secondary} download>
            <Download aria-hidden="true" className="h-4 w-4" />
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

      {q.attention ? (
        <p className="mb-3 text-sm text-slate-800">
          Showing only the {plural(attention.length, "trainee")} who need attention.{" "}
          <Link href={`${base}${queryString({ ...q, attention: false, page: 1 })}`} className={linkStyle}>
            Show everyone
          </Link>
        </p>
      ) : null}
      {rows.length ? (
        <p className="mb-3 text-sm text-slate-700">
          Skill columns average each trainee&apos;s last {RECENT_RUNS} finished calls; scores under the pass mark of {DEFAULT_PASS_MARK} are
          in <span className={RED}>red</span>, and a trainee who needs attention is marked{" "}
          <span role="img" aria-label="needs attention" className={ATTENTION_MARK}>
            !
          </span>
          . Deadlines count each trainee&apos;s assigned scenarios. The trend shows the last {TREND_RUNS} overall scores, oldest first,
          against the pass mark (dashed). Select a column heading to sort.
        </p>
      ) : null}
      {rows.length === 0 ? (
        <EmptyState title="No trainees in this team yet">
          <p>Trainees appear here once their accounts are added to {team.name}.</p>
        </EmptyState>
      ) : (
        <div
          className="render-when-visible overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm"
          role="region"
          aria-labelledby="scorecard-caption"
          tabIndex={0}
        >
          <table className={`w-full min-w-[64rem] text-left text-sm tabular-nums ${CELLS}`}>
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
                        href={`${base}${queryString(q, { sort: c.key, dir: nextDir, page: undefined })}`}
                        className="underline decoration-slate-300 hover:text-brand-800"
                      >
                        {c.label}
                        {active ? (
                          q.dir === "asc" ? (
                            <ArrowUp aria-hidden="true" className="ml-0.5 inline h-3.5 w-3.5 align-[-2px]" />
                          ) : (
                            <ArrowDown aria-hidden="true" className="ml-0.5 inline h-3.5 w-3.5 align-[-2px]" />
                          )
                        ) : null}
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
                <Row key={r.userId} row={r} attention={flagged.get(r.userId)} locale={locale} />
              ))}
            </tbody>
          </table>
          {shown.rows.length === 0 ? (
            <p className="px-4 py-6 text-slate-800">
              {q.search ? <>No trainee&apos;s name or email contains &ldquo;{q.search}&rdquo;.</> : "Nobody needs attention right now."}
            </p>
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
                <Link href={`${base}${queryString(q, { page: String(shown.page - 1) })}`} className={buttonStyles.secondary}>
                  Previous
                </Link>
              ) : null}
              <span>
                Page {shown.page} of {shown.pages}
              </span>
              {shown.page < shown.pages ? (
                <Link href={`${base}${queryString(q, { page: String(shown.page + 1) })}`} className={buttonStyles.secondary}>
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

function Row({ row: r, attention, locale }: { row: TeamScorecardRow; attention?: NeedsAttentionRow; locale: string }) {
  const zeroPasses = r.runs > 0 && r.passes === 0;
  // Cell padding comes from the table (`CELLS`); a page holds 50 rows, so each row is kept to few elements.
  return (
    <tr className={attention ? "bg-amber-50/40" : undefined}>
      <th scope="row" className={`whitespace-nowrap font-medium text-slate-900 ${attention ? "border-l-4 border-l-amber-600" : ""}`}>
        <Link href={`/manager/trainees/${r.userId}`} className={linkStyle}>
          {r.name}
        </Link>
        {attention ? (
          <span role="img" aria-label={`needs attention: ${attention.reasons.map(describeReason).join("; ")}`} className={ATTENTION_MARK}>
            !
          </span>
        ) : null}
        <span className="block text-xs font-normal text-slate-700">
          <LastCall at={r.lastRunAt} locale={locale} />
        </span>
      </th>
      <td>{r.runs}</td>
      {r.passRate === null ? (
        <td className={DASH}>—</td>
      ) : zeroPasses ? (
        <td>
          <span className="rounded bg-amber-700 px-1.5 py-0.5 font-semibold text-white">0%</span>
        </td>
      ) : (
        <td>{`${r.passRate}%`}</td>
      )}
      <Score value={r.latest} />
      <Score value={r.best} />
      {DIMENSIONS.map((d) => (
        <Score key={d} value={r.recent[d]} />
      ))}
      <td className={r.weakestRecent ? undefined : DASH}>{r.weakestRecent ? DIMENSION_LABELS[r.weakestRecent] : "—"}</td>
      <td>
        <AssignmentSummary {...r.assignments} />
      </td>
      <td>
        <Sparkline values={r.trend} label={`${r.name}, last ${r.trend.length} scores`} />
      </td>
    </tr>
  );
}

/** A score cell: red under the pass mark, a grey dash without one. */
function Score({ value }: { value: number | null }) {
  return <td className={value === null ? DASH : under(value) ? RED : undefined}>{value ?? "—"}</td>;
}

/** Who needs their manager, and why; the full list is the table filtered to them. */
function NeedsAttention({ rows, allHref, locale }: { rows: NeedsAttentionRow[]; allHref: string; locale: string }) {
  return (
    <Section
      id="attention-heading"
      title={rows.length ? `Needs attention (${rows.length})` : "Needs attention"}
      className="mt-0"
      description={
        <>
          From each trainee&apos;s last {ATTENTION_RUNS} calls, whatever the filter below: an average under the pass mark of{" "}
          {DEFAULT_PASS_MARK} or no pass, the same critical error twice or more; and assigned scenarios past their due date.
        </>
      }
    >
      {rows.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-800 shadow-sm">
          Nobody needs attention: every trainee&apos;s recent calls are at or over the pass mark, and nothing assigned is overdue.
        </p>
      ) : (
        <>
          <ul className="grid gap-3 md:grid-cols-2" aria-labelledby="attention-heading">
            {rows.slice(0, ATTENTION_SHOWN).map((row) => (
              <li key={row.userId} className="rounded-lg border border-slate-200 border-l-4 border-l-amber-600 bg-white p-4 shadow-sm">
                <p className="flex flex-wrap items-baseline justify-between gap-x-3">
                  <Link href={`/manager/trainees/${row.userId}`} className={linkStyle}>
                    {row.name}
                  </Link>
                  <span className="text-xs text-slate-700">
                    <LastCall at={row.lastRunAt} locale={locale} />
                  </span>
                </p>
                <ul className="mt-2 space-y-1 text-sm text-slate-800">
                  {row.reasons.map((reason) => (
                    <Reason key={reason.kind} reason={reason} />
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          {rows.length > ATTENTION_SHOWN ? (
            <p className="mt-3 text-sm">
              <Link href={allHref} className={linkStyle}>
                Show all {rows.length} in the table
              </Link>
            </p>
          ) : null}
        </>
      )}
    </Section>
  );
}

function Reason({ reason }: { reason: AttentionReason }) {
  const Icon = REASON_ICONS[reason.kind];
  return (
    <li className="flex items-start gap-2">
      <Icon aria-hidden="true" className="mt-0.5 h-4 w-4 shrink-0 text-amber-800" />
      <span>{describeReason(reason)}</span>
    </li>
  );
}

function LastCall({ at, locale }: { at: Date | null; locale: string }) {
  return at ? (
    <>
      last call <DateIn date={at} locale={locale} />
    </>
  ) : (
    "no calls yet"
  );
}

function AssignmentSummary({ done, due, overdue }: { done: number; due: number; overdue: number }) {
  if (done + due + overdue === 0) return <span className="text-slate-600">none</span>;
  return (
    <span className="whitespace-nowrap">
      {`${done} done · ${due} due`}
      {overdue ? (
        <span className="ml-1 rounded bg-amber-50 px-1.5 py-0.5 font-medium text-amber-900 ring-1 ring-inset ring-amber-200">
          {`${overdue} overdue`}
        </span>
      ) : (
        " · 0 overdue"
      )}
    </span>
  );
}
