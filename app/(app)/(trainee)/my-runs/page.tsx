import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { requireUser } from "@/lib/auth/session.server";
import { findRunsForUser } from "@/lib/data/runs/find-runs-for-user.server";
import { db } from "@/lib/db/client.server";
import { requestLocale } from "@/lib/http/locale.server";
import { formatShortDay } from "@/lib/ui/dates";
import { DIMENSION_LABELS, DIMENSIONS } from "@/lib/scoring/rules";
import { formatChange, plural } from "@/lib/ui/format";
import { progressOf } from "@/lib/scoring/progress";
import { isHigherLevel, LEVELS, nextToPractise, RECENT_CALLS, skillProgress } from "@/lib/scoring/skills";
import { ChartFigure } from "@/app/_components/chart-figure";
import { ProgressChart } from "@/app/_components/progress-chart";
import { RunsTable } from "@/app/_components/runs-table";
import { Sparkline } from "@/app/_components/sparkline";
import { EmptyState, linkStyle, PageHeader, Section } from "@/app/_components/ui";

export const metadata: Metadata = { title: "My runs" };

/** Passing and above in green; under the pass mark, amber, and red only far under it. */
const LEVEL_STYLES: Record<string, string> = {
  Strong: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  Passing: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  Developing: "bg-amber-50 text-amber-900 ring-amber-300",
  "Starting out": "bg-rose-50 text-rose-800 ring-rose-300",
  default: "bg-slate-100 text-slate-800 ring-slate-300",
};

export default async function MyRunsPage() {
  const user = await requireUser(undefined, "/my-runs");
  const locale = await requestLocale();
  const runs = await findRunsForUser(db(), user.id);

  if (runs.length === 0) {
    return (
      <>
        <PageHeader title="My runs">Your practice calls, their scores, and how each skill is coming along.</PageHeader>
        <EmptyState title="No calls yet">
          <p>Pick a scenario in the library, read the brief and start your first call. Your scores and progress will show up here.</p>
          <p className="mt-4">
            <Link href="/" className={linkStyle}>
              Go to the scenario library
            </Link>
          </p>
        </EmptyState>
      </>
    );
  }

  const progress = progressOf(
    runs.map((r) => ({
      id: r.id,
      status: r.status,
      startedAt: r.startedAt,
      completedAt: r.completedAt,
      overall: r.overall,
      laer: r.laer,
      reflectiveListening: r.reflectiveListening,
      promises: r.promises,
      professionalism: r.professionalism,
      passed: r.passed,
      title: r.scenarioVersion.title,
    })),
  );
  const completed = progress.points.length;
  const skills = skillProgress(progress.points);
  const next = nextToPractise(skills);

  return (
    <>
      <PageHeader title="My runs">
        {plural(runs.length, "call")}, {completed} finished, {plural(progress.passes, "pass", "passes")}.
      </PageHeader>

      <Section id="progress-heading" title="Progress by skill" className="mt-0">
        {completed === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-5 text-slate-800">
            Finish a call to see your level in each skill here. Calls in progress are listed below.
          </p>
        ) : (
          <>
            {next ? (
              <div className="mb-6 rounded-lg border border-brand-100 bg-brand-50 p-5" data-testid="next-practice">
                <h3 className="font-semibold text-slate-900">
                  Next thing to practise: {DIMENSION_LABELS[next.skill]} ({next.level.name}, {next.score})
                </h3>
                <p className="mt-1 text-slate-800">{next.tip}</p>
                <p className="mt-3">
                  <Link href="/" className={linkStyle}>
                    Find a call that practises it
                  </Link>
                </p>
              </div>
            ) : null}
            <p className="mb-3 text-sm text-slate-700">
              Each level is the average of your last {plural(Math.min(completed, RECENT_CALLS), "finished call")}: Strong from{" "}
              {LEVELS[0]!.min}, Passing from the pass mark of {LEVELS[1]!.min}, Developing from {LEVELS[2]!.min}. The line in each card is
              your level after each call.
            </p>
            <ul className="grid gap-3 sm:grid-cols-2" aria-label="Your level in each skill">
              {skills.map((p) => (
                <li
                  key={p.skill}
                  className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
                  aria-labelledby={`skill-${p.skill}`}
                >
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <h3 id={`skill-${p.skill}`} className="font-medium text-slate-900">
                      {DIMENSION_LABELS[p.skill]}
                    </h3>
                    <span
                      className={`inline-flex rounded-full px-2.5 py-0.5 text-sm font-medium ring-1 ring-inset ${LEVEL_STYLES[p.level.name] ?? LEVEL_STYLES.default}`}
                    >
                      {p.level.name}
                    </span>
                  </div>
                  <div className="mt-2 flex items-end justify-between gap-3">
                    <p className="text-sm text-slate-700">
                      <span className="text-2xl font-semibold tabular-nums text-slate-900">{p.recent}</span> now · best{" "}
                      <span className="tabular-nums">{p.best}</span>
                      {p.scores.length > 1 ? (
                        <>
                          {" "}
                          · since first <span className="tabular-nums">{formatChange(p.scores.at(-1)! - p.scores[0]!)}</span>
                        </>
                      ) : null}
                    </p>
                    <Sparkline
                      values={p.levels.map((l) => l.recent)}
                      width={112}
                      height={32}
                      label={`${DIMENSION_LABELS[p.skill]}, your level after each finished call, oldest first`}
                    />
                  </div>
                  <p className="mt-2 text-sm text-slate-700" data-testid={`level-since-${p.skill}`}>
                    {p.since.from === null
                      ? `${p.level.name} since your first call`
                      : `${p.level.name} since ${formatShortDay(p.since.at, locale)}, ${isHigherLevel(p.level, p.since.from) ? "up" : "down"} from ${p.since.from.name}`}
                  </p>
                </li>
              ))}
            </ul>
            <div className="mt-6">
              <ChartFigure
                chart={
                  <ProgressChart
                    rows={progress.points.map((p) => ({
                      label: `#${p.attempt} ${formatShortDay(p.completedAt, locale)}`,
                      laer: p.laer,
                      reflectiveListening: p.reflectiveListening,
                      promises: p.promises,
                      professionalism: p.professionalism,
                    }))}
                  />
                }
                caption={`Each skill's score in your ${plural(completed, "finished call")}, oldest on the left.`}
                tableLabel="Scores per skill in each finished call, oldest first"
                rows={progress.points}
                columns={[
                  { header: "Call", cell: (p) => `#${p.attempt} ${formatShortDay(p.completedAt, locale)}`, rowHeader: true },
                  { header: "Scenario", cell: (p) => p.title },
                  ...DIMENSIONS.map((d) => ({ header: DIMENSION_LABELS[d], cell: (p: (typeof progress.points)[number]) => p[d] })),
                  { header: "Overall", cell: (p) => p.overall },
                ]}
              />
            </div>
          </>
        )}
      </Section>

      <Section
        id="history-heading"
        title="All calls"
        description="Newest first. Open a finished call for its debrief, or resume a call in progress."
      >
        <RunsTable
          runs={runs}
          labelledBy="history-heading"
          caption="Your calls, newest first"
          link={(run) => ({ href: `/runs/${run.id}`, label: run.status === "completed" ? "Debrief" : "Resume" })}
        />
      </Section>
    </>
  );
}
