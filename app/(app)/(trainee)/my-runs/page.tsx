import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session.server";
import { findRunsForUser } from "@/lib/data/runs/find-runs-for-user.server";
import { db } from "@/lib/db/client.server";
import { DIMENSION_LABELS, DIMENSIONS } from "@/lib/scoring/rules";
import { formatChange, plural } from "@/lib/ui/format";
import { progressOf, type Measure } from "@/lib/scoring/progress";
import { ChartFigure } from "@/app/_components/chart-figure";
import { ProgressChart } from "@/app/_components/progress-chart";
import { RunsTable } from "@/app/_components/runs-table";
import { EmptyState, PageHeader, Section } from "@/app/_components/ui";

export const metadata: Metadata = { title: "My runs" };

const shortDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });

const MEASURE_LABELS: Record<Measure, string> = { ...DIMENSION_LABELS, overall: "Overall" };

export default async function MyRunsPage() {
  const user = await requireUser(undefined, "/my-runs");
  const runs = await findRunsForUser(db(), user.id);

  if (runs.length === 0) {
    return (
      <>
        <PageHeader title="My runs">Your practice calls, their scores, and how each skill is coming along.</PageHeader>
        <EmptyState title="No calls yet">
          <p>Pick a scenario in the library, read the brief and start your first call. Your scores and progress will show up here.</p>
          <p className="mt-4">
            <Link href="/" className="font-medium text-brand-700 underline hover:text-brand-800">
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

  return (
    <>
      <PageHeader title="My runs">
        {plural(runs.length, "call")}, {completed} finished, {plural(progress.passes, "pass", "passes")}.
      </PageHeader>

      <Section
        id="progress-heading"
        title="Progress by skill"
        className="mt-0"
        description={
          completed === 0 ? null : progress.weakestInLatestCall ? (
            <>
              Your weakest skill in your latest call:{" "}
              <strong className="text-slate-900">{DIMENSION_LABELS[progress.weakestInLatestCall]}</strong>. The debrief of that call shows
              which answers would have scored better.
            </>
          ) : null
        }
      >
        {completed === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-5 text-slate-800">
            Finish a call to see your scores here. Calls in progress are listed below.
          </p>
        ) : (
          <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,22rem)]">
            <ChartFigure
              chart={
                <ProgressChart
                  rows={progress.points.map((p) => ({
                    label: `#${p.attempt} ${shortDate.format(p.completedAt)}`,
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
                { header: "Call", cell: (p) => `#${p.attempt} ${shortDate.format(p.completedAt)}`, rowHeader: true },
                { header: "Scenario", cell: (p) => p.title },
                ...DIMENSIONS.map((d) => ({ header: DIMENSION_LABELS[d], cell: (p: (typeof progress.points)[number]) => p[d] })),
                { header: "Overall", cell: (p) => p.overall },
              ]}
            />
            <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
              <table className="w-full text-left tabular-nums">
                <caption className="mb-3 text-left font-medium text-slate-900">Latest and best per skill</caption>
                <thead>
                  <tr className="border-b border-slate-200 text-sm text-slate-700">
                    <th scope="col" className="py-1.5 pr-2 font-medium">
                      Skill
                    </th>
                    <th scope="col" className="px-2 py-1.5 text-right font-medium">
                      Latest
                    </th>
                    <th scope="col" className="px-2 py-1.5 text-right font-medium">
                      Best
                    </th>
                    <th scope="col" className="py-1.5 pl-2 text-right font-medium">
                      Since first
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {progress.summary.map((s) => (
                    <tr
                      key={s.measure}
                      className={`border-b border-slate-100 last:border-0 ${s.measure === "overall" ? "font-semibold" : ""}`}
                    >
                      <th scope="row" className="py-2 pr-2 font-medium text-slate-900">
                        {MEASURE_LABELS[s.measure]}
                      </th>
                      <td className="px-2 py-2 text-right text-slate-900">{s.latest}</td>
                      <td className="px-2 py-2 text-right text-slate-900">{s.best}</td>
                      <td
                        className={`py-2 pl-2 text-right ${s.change > 0 ? "text-emerald-800" : s.change < 0 ? "text-rose-800" : "text-slate-700"}`}
                      >
                        {completed > 1 ? formatChange(s.change) : "—"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
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
