import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { cache } from "react";
import { requireUser } from "@/lib/auth/session.server";
import { getManagedTrainee } from "@/lib/data/teams/get-managed-trainee.server";
import { getTraineeScorecard, REPLAYED_RUNS } from "@/lib/data/scorecards/get-trainee-scorecard.server";
import { db } from "@/lib/db/client.server";
import { DIMENSION_LABELS, DIMENSIONS } from "@/lib/scoring/rules";
import { plural } from "@/lib/ui/format";
import { ChartFigure } from "@/app/_components/chart-figure";
import { ProgressChart } from "@/app/_components/progress-chart";
import { RunsTable } from "@/app/_components/runs-table";
import { buttonStyles, EmptyState, linkStyle, PageHeader, Section } from "@/app/_components/ui";
import { orNotFound } from "@/app/(app)/(manager)/manager/load.server";
import { requestLocale } from "@/lib/http/locale.server";
import { formatShortDay } from "@/lib/ui/dates";

const loadTrainee = cache(async (traineeId: string) => {
  const user = await requireUser(["manager"], `/manager/trainees/${traineeId}`);
  return orNotFound(traineeId, (id) => getManagedTrainee(db(), user.id, id));
});

export async function generateMetadata({ params }: { params: Promise<{ traineeId: string }> }): Promise<Metadata> {
  const trainee = await loadTrainee((await params).traineeId);
  return { title: `${trainee.name}: scorecard` };
}

export default async function TraineeScorecardPage({ params }: { params: Promise<{ traineeId: string }> }) {
  const trainee = await loadTrainee((await params).traineeId);
  const card = await getTraineeScorecard(db(), trainee.id);
  const locale = await requestLocale();
  const { progress } = card;
  const finished = progress.points.length;

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/manager/teams/${trainee.team.id}`} className={linkStyle}>
          ← {trainee.team.name} scorecard
        </Link>
      </p>
      <PageHeader title={trainee.name}>
        {trainee.email} · {card.capped ? `latest ${card.runs.length} of ${card.totalRuns} calls` : plural(card.runs.length, "call")},{" "}
        {finished} finished, {plural(progress.passes, "pass", "passes")}
        {progress.weakestInLatestCall ? (
          <>
            {" "}
            · weakest skill in the latest call: <strong className="text-slate-900">{DIMENSION_LABELS[progress.weakestInLatestCall]}</strong>
          </>
        ) : null}
      </PageHeader>
      <p className="-mt-4 mb-8">
        <a href={`/manager/trainees/${trainee.id}/runs.csv`} className={buttonStyles.secondary} download>
          Download runs (CSV)
        </a>
      </p>

      {finished === 0 ? (
        <EmptyState title="No finished calls yet">
          <p>{trainee.name} has not finished a call. Assign a scenario from the team&apos;s Assignments page to get them started.</p>
        </EmptyState>
      ) : (
        <>
          <Section id="trend-heading" title="Skills over time" className="mt-0">
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
              caption={`Each skill's score in ${trainee.name}'s ${plural(finished, "finished call")}, oldest on the left.`}
              tableLabel="Scores per skill in each finished call, oldest first"
              rows={progress.points}
              columns={[
                { header: "Call", cell: (p) => `#${p.attempt} ${formatShortDay(p.completedAt, locale)}`, rowHeader: true },
                { header: "Scenario", cell: (p) => p.title },
                ...DIMENSIONS.map((d) => ({ header: DIMENSION_LABELS[d], cell: (p: (typeof progress.points)[number]) => p[d] })),
                { header: "Overall", cell: (p) => p.overall },
              ]}
            />
          </Section>

          <div className="grid gap-x-8 lg:grid-cols-2">
            <Section id="scenarios-heading" title="Results per scenario">
              <table className="w-full rounded-lg border border-slate-200 bg-white text-left text-sm tabular-nums shadow-sm">
                <caption className="sr-only">Attempts, best and latest score, and pass per scenario</caption>
                <thead className="bg-slate-50 text-slate-700">
                  <tr className="border-b border-slate-200">
                    <th scope="col" className="px-3 py-2 font-medium">
                      Scenario
                    </th>
                    <th scope="col" className="px-3 py-2 text-right font-medium">
                      Attempts
                    </th>
                    <th scope="col" className="px-3 py-2 text-right font-medium">
                      Best
                    </th>
                    <th scope="col" className="px-3 py-2 text-right font-medium">
                      Latest
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      Passed
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {card.scenarios.map((s) => (
                    <tr key={s.scenarioId} className="border-b border-slate-100 last:border-0">
                      <th scope="row" className="px-3 py-2 font-medium text-slate-900">
                        {s.title}
                      </th>
                      <td className="px-3 py-2 text-right">{s.attempts}</td>
                      <td className="px-3 py-2 text-right">{s.best ?? "—"}</td>
                      <td className="px-3 py-2 text-right">{s.latest ?? "—"}</td>
                      <td className="px-3 py-2">{s.passed ? "Yes" : "Not yet"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Section>

            <Section
              id="lost-heading"
              title="Where points are lost most"
              description={`Rules that cost points, counted over the latest ${Math.min(finished, REPLAYED_RUNS)} finished calls.`}
            >
              {card.lostPoints.length === 0 ? (
                <p className="text-slate-800">No points lost in these calls.</p>
              ) : (
                <table className="w-full rounded-lg border border-slate-200 bg-white text-left text-sm tabular-nums shadow-sm">
                  <caption className="sr-only">Rules that cost points, most frequent first</caption>
                  <thead className="bg-slate-50 text-slate-700">
                    <tr className="border-b border-slate-200">
                      <th scope="col" className="px-3 py-2 font-medium">
                        Rule
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Skill
                      </th>
                      <th scope="col" className="px-3 py-2 text-right font-medium">
                        Times
                      </th>
                      <th scope="col" className="px-3 py-2 text-right font-medium">
                        In calls
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {card.lostPoints.slice(0, 10).map((l) => (
                      <tr key={l.rule} className="border-b border-slate-100 last:border-0">
                        <th scope="row" className="px-3 py-2 font-medium text-slate-900">
                          {l.label}
                        </th>
                        <td className="px-3 py-2 text-slate-800">{DIMENSION_LABELS[l.dimension]}</td>
                        <td className="px-3 py-2 text-right">{l.times}</td>
                        <td className="px-3 py-2 text-right">{l.runs}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Section>
          </div>

          <Section
            id="critical-heading"
            title="Critical errors over time"
            description="A critical error fails the call whatever the score. Weeks start on Monday (UTC)."
          >
            <table className="w-full max-w-3xl rounded-lg border border-slate-200 bg-white text-left text-sm tabular-nums shadow-sm">
              <caption className="sr-only">Finished calls and calls with a critical error, per week (weeks start on Monday, UTC)</caption>
              <thead className="bg-slate-50 text-slate-700">
                <tr className="border-b border-slate-200">
                  <th scope="col" className="px-3 py-2 font-medium">
                    Week of
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    Calls
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    With a critical error
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Which
                  </th>
                </tr>
              </thead>
              <tbody>
                {card.criticalWeeks.map((w) => (
                  <tr key={w.weekStart.toISOString()} className="border-b border-slate-100 last:border-0">
                    <th scope="row" className="px-3 py-2 font-medium text-slate-900">
                      {formatShortDay(w.weekStart, locale)}
                    </th>
                    <td className="px-3 py-2 text-right">{w.runs}</td>
                    <td className={`px-3 py-2 text-right ${w.runsWithCritical ? "font-semibold text-amber-900" : ""}`}>
                      {w.runsWithCritical}
                    </td>
                    <td className="px-3 py-2 text-slate-800">{w.labels.join(", ") || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
        </>
      )}

      <Section
        id="runs-heading"
        title="All calls"
        description="Newest first. Open a call to review its transcript and leave a coaching note."
      >
        {card.runs.length === 0 ? (
          <p className="text-slate-800">No calls yet.</p>
        ) : (
          <RunsTable
            runs={card.runs}
            labelledBy="runs-heading"
            caption={`${trainee.name}'s calls, newest first`}
            link={(run) => ({ href: `/manager/runs/${run.id}`, label: "Review" })}
          />
        )}
      </Section>
    </>
  );
}
