import Link from "next/link";
import type { ReactNode } from "react";
import type { Scenario } from "@/lib/scenario/model";
import type { ScoreReport, TurnReport } from "@/lib/scoring/report";
import { DIMENSION_LABELS, RULES } from "@/lib/scoring/rules";
import { formatChange, formatPoints, outcomeLabel, outcomeSentence, plural } from "@/lib/ui/format";
import { moodSeries, moodSummary } from "@/app/(app)/(trainee)/runs/[runId]/mood-series";
import { ARRIVE_FROM_PLAYER } from "@/app/(app)/(trainee)/runs/[runId]/session-keys";
import { ChartFigure } from "@/app/_components/chart-figure";
import { FocusOnArrival } from "@/app/_components/focus-on-arrival";
import { DimensionBars, PointsBadge, ResultBadge, ScoreBadge } from "@/app/_components/score";
import { buttonStyles, Section } from "@/app/_components/ui";
import { startRun } from "@/app/(app)/(trainee)/actions";
import { MoodChart } from "./mood-chart";

export interface DebriefRun {
  id: string;
  completedAt: Date | null;
  scenarioVersion: { scenarioId: string; version: number; title: string };
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

/**
 * The scorecard of a finished call, rendered on the server from the server's own replay of
 * the saved turns (never from numbers the browser sent). The trainer's playtest renders it in
 * the browser, with its own `actions` in place of "Retry" and "Back to library".
 */
export function Debrief({
  run,
  scenario,
  report,
  actions,
  note,
  betterOptions = "shown",
}: {
  run: DebriefRun;
  scenario: Scenario;
  report: ScoreReport;
  /** Whether the server could work out the better options (lib/data/scenario-analyses/get-debrief-report.server.ts). */
  betterOptions?: "shown" | "too-complex" | "busy";
  /** Replaces the trainee's retry / library buttons (the manager's review has its own). */
  actions?: ReactNode;
  /** A manager's coaching note, shown under the verdict. */
  note?: ReactNode;
}) {
  const persona = scenario.persona.name;
  const ending = report.endingNode ? scenario.nodes[report.endingNode]?.ending : undefined;
  const points = moodSeries(report.mood.start, report.turns);

  return (
    <article aria-labelledby="debrief-title">
      <FocusOnArrival targetId="debrief-title" storageKey={ARRIVE_FROM_PLAYER} value={run.id} />
      <div className="mb-8">
        <p className="text-sm font-medium uppercase tracking-wide text-brand-700">Debrief</p>
        <h1 id="debrief-title" className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">
          {run.scenarioVersion.title}
        </h1>
        <p className="mt-2 text-slate-700">
          Call with {persona} · version {run.scenarioVersion.version}
          {run.completedAt ? (
            <>
              {" "}
              · finished <time dateTime={run.completedAt.toISOString()}>{dateFormat.format(run.completedAt)}</time>
            </>
          ) : null}{" "}
          · {plural(report.turns.length, "turn")}
        </p>
      </div>

      <Verdict report={report} endingSummary={ending?.summary} />
      {note}
      {actions ?? <Actions scenarioId={run.scenarioVersion.scenarioId} />}

      <Section id="dimensions-heading" title="Scores by skill" description="The overall score is the weighted average of these four.">
        <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <DimensionBars scores={report.score.dimensions} weights={scenario.weights} />
        </div>
      </Section>

      <Section id="mood-heading" title={`How ${persona}'s mood moved`}>
        <ChartFigure
          chart={<MoodChart points={points} />}
          caption={moodSummary(points)}
          rows={points}
          tableLabel={`${persona}'s anger and trust after each turn`}
          columns={[
            { header: "When", cell: (p) => p.label, rowHeader: true },
            { header: "Anger", cell: (p) => p.anger },
            { header: "Trust", cell: (p) => p.trust },
          ]}
        />
      </Section>

      <Section
        id="turns-heading"
        title="Turn by turn"
        description="What each answer did to the caller, the rules that gave or took points, and what would have worked better."
      >
        {betterOptions !== "shown" ? (
          <p className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-900">
            {betterOptions === "busy"
              ? "The better options could not be worked out just now because the server is busy: reload this page in a moment to see them."
              : "This version of the scenario is too complex for the search that finds better options, so none are shown; the scores are complete."}
          </p>
        ) : null}
        <ol className="space-y-5">
          {report.turns.map((turn) => (
            <li key={turn.index}>
              <TurnCard turn={turn} persona={persona} />
            </li>
          ))}
        </ol>
        {report.error ? (
          <p className="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-900">
            Turn {report.error.turn} could not be replayed (the choice is no longer offered); the score counts the turns before it.
          </p>
        ) : null}
      </Section>

      <Section
        id="findings-heading"
        title="Missed opportunities"
        description="Points this call left on the table, and how to earn them next time."
      >
        {report.findings.length === 0 ? (
          <p className="rounded-lg border border-slate-200 bg-white p-5 text-slate-800 shadow-sm">
            None: you took every opportunity the scorer looks for.
          </p>
        ) : (
          <ul className="space-y-3">
            {report.findings.map((f) => (
              <li key={f.rule} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                  <span className="font-medium text-slate-900">{f.label}</span>
                  <span className="text-sm text-slate-700">
                    {DIMENSION_LABELS[f.dimension]} · <span className="font-medium text-rose-800">{formatPoints(-f.missed)}</span> points
                    missed
                  </span>
                </div>
                <p className="mt-1 text-slate-800">{f.why}</p>
                {f.detail ? <p className="mt-1 text-sm text-slate-700">{f.detail}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <div className="mt-10 border-t border-slate-200 pt-6">{actions ?? <Actions scenarioId={run.scenarioVersion.scenarioId} />}</div>
    </article>
  );
}

function Verdict({ report, endingSummary }: { report: ScoreReport; endingSummary: string | undefined }) {
  const { overall } = report.score;
  const critical = report.criticalErrors;
  const reason = report.passed
    ? `You scored ${overall}, at or above the pass mark of ${report.passMark}, with no critical error.`
    : critical.length > 0
      ? `A critical error fails the call whatever the score (pass mark ${report.passMark}).`
      : `You scored ${overall}, below the pass mark of ${report.passMark}.`;
  return (
    <section aria-labelledby="verdict-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id="verdict-heading" className="sr-only">
        Result
      </h2>
      <div className="flex flex-wrap items-start gap-6">
        <ScoreBadge score={overall} />
        <div className="min-w-0 flex-1 space-y-3">
          <p className="flex flex-wrap items-center gap-3">
            <ResultBadge passed={report.passed} size="lg" />
            <span className="text-slate-800">{reason}</span>
          </p>
          <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
            <dt className="font-medium text-slate-900">Outcome</dt>
            <dd className="text-slate-800">
              {outcomeLabel(report.outcome)}
              <span className="text-slate-700"> — {endingSummary ?? outcomeSentence(report.outcome)}</span>
            </dd>
            <dt className="font-medium text-slate-900">Anger</dt>
            <dd className="tabular-nums text-slate-800">
              {report.mood.start.anger} → {report.mood.anger} <ChangeText delta={report.mood.angerChange} goodWhen="down" />
            </dd>
            <dt className="font-medium text-slate-900">Trust</dt>
            <dd className="tabular-nums text-slate-800">
              {report.mood.start.trust} → {report.mood.trust} <ChangeText delta={report.mood.trustChange} goodWhen="up" />
            </dd>
            <dt className="font-medium text-slate-900">Scored with</dt>
            <dd className="text-slate-800">Rubric version {report.rubricVersion}</dd>
          </dl>
        </div>
      </div>
      {critical.length > 0 ? (
        <div className="mt-5 rounded-lg border-2 border-rose-700 bg-rose-50 p-4" role="group" aria-labelledby="critical-heading">
          <h3 id="critical-heading" className="font-semibold text-rose-900">
            {critical.length === 1 ? "Critical error" : `${critical.length} critical errors`}: the call fails
          </h3>
          <ul className="mt-2 space-y-1 text-rose-900">
            {critical.map((c, i) => (
              <li key={`${c.rule}-${c.turn}-${i}`}>
                <strong>{c.label}</strong> at{" "}
                <a href={`#turn-${c.turn}`} className="underline hover:text-rose-950">
                  turn {c.turn}
                </a>
              </li>
            ))}
          </ul>
          {[...new Set(critical.map((c) => c.rule))].map((rule) => (
            <p key={rule} className="mt-2 text-sm text-rose-900">
              {RULES[rule].why}
            </p>
          ))}
        </div>
      ) : null}
    </section>
  );
}

function ChangeText({ delta, goodWhen }: { delta: number; goodWhen: "up" | "down" }) {
  const good = goodWhen === "up" ? delta > 0 : delta < 0;
  const style = delta === 0 ? "text-slate-700" : good ? "text-emerald-800" : "text-rose-800";
  return <span className={`font-medium ${style}`}>({formatChange(delta)})</span>;
}

function Actions({ scenarioId }: { scenarioId: string }) {
  return (
    <div className="mt-6 flex flex-wrap items-center gap-3">
      <form action={startRun}>
        <input type="hidden" name="scenarioId" value={scenarioId} />
        <input type="hidden" name="fresh" value="1" />
        {/* One key per rendered form: a double submit opens one call, not two. */}
        <input type="hidden" name="key" value={crypto.randomUUID()} />
        <button type="submit" className={buttonStyles.primary}>
          Retry this scenario
        </button>
      </form>
      <Link href="/" className={buttonStyles.secondary}>
        Back to library
      </Link>
    </div>
  );
}

function TurnCard({ turn, persona }: { turn: TurnReport; persona: string }) {
  const n = turn.index + 1;
  const net = turn.annotations.reduce((sum, a) => sum + a.points, 0);
  const critical = turn.annotations.some((a) => a.critical);
  return (
    <article
      aria-labelledby={`turn-${n}-heading`}
      id={`turn-${n}`}
      className={`scroll-mt-6 rounded-lg border bg-white p-5 shadow-sm ${critical ? "border-rose-400" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={`turn-${n}-heading`} className="text-base font-semibold text-slate-900">
          Turn {n}
        </h3>
        {turn.annotations.length > 0 ? (
          <span className="text-sm text-slate-700">
            Net <span className="font-semibold text-slate-900 tabular-nums">{formatPoints(net)}</span> points
          </span>
        ) : null}
      </div>

      <div className="mt-3 grid gap-x-8 gap-y-4 lg:grid-cols-2">
        <div className="min-w-0 space-y-3">
          <Quote who={persona} text={turn.customer} />
          <Quote who="You said" text={turn.text} you />
          <div className="rounded-md bg-slate-50 p-3">
            <p className="text-sm font-medium text-slate-900">How {persona} reacted</p>
            <p className="mt-1 text-sm tabular-nums text-slate-800">
              Anger {turn.moodBefore.anger} → {turn.mood.anger}{" "}
              <ChangeText delta={turn.mood.anger - turn.moodBefore.anger} goodWhen="down" />
              <span aria-hidden="true"> · </span>
              <span className="sr-only">, </span>
              Trust {turn.moodBefore.trust} → {turn.mood.trust} <ChangeText delta={turn.mood.trust - turn.moodBefore.trust} goodWhen="up" />
            </p>
            <p className="mt-2 text-slate-900">
              <span className="font-medium">{persona}:</span> {turn.reply}
            </p>
          </div>
        </div>

        <div className="min-w-0 space-y-4">
          <div>
            <p className="text-sm font-medium text-slate-900">Points</p>
            {turn.annotations.length === 0 ? (
              <p className="mt-1 text-sm text-slate-700">No rule gave or took points on this turn.</p>
            ) : (
              <ul className="mt-2 space-y-2">
                {turn.annotations.map((a, i) => (
                  <li key={`${a.rule}-${i}`} className="flex gap-3">
                    <PointsBadge points={a.points} critical={a.critical} />
                    <div className="min-w-0">
                      <p className="text-slate-900">
                        <span className="font-medium">{a.label}</span>
                        <span className="text-sm text-slate-700"> · {DIMENSION_LABELS[a.dimension]}</span>
                        {a.critical ? (
                          <span className="ml-2 rounded bg-rose-700 px-1.5 py-0.5 text-xs font-semibold uppercase text-white">
                            Critical error
                          </span>
                        ) : null}
                      </p>
                      <p className="text-sm text-slate-800">{a.why}</p>
                      {a.detail ? <p className="text-sm text-slate-700">{a.detail}</p> : null}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </div>

          {turn.feedback ? (
            <div className="border-l-4 border-brand-600 bg-brand-50 p-3">
              <p className="text-sm font-medium text-brand-800">Coach</p>
              <p className="mt-1 text-slate-900">{turn.feedback}</p>
            </div>
          ) : null}

          {turn.betterOption ? (
            <div className="rounded-md border border-emerald-300 bg-emerald-50 p-3">
              <p className="text-sm font-medium text-emerald-900">A better option here</p>
              <p className="mt-1 text-slate-900">&ldquo;{turn.betterOption.text}&rdquo;</p>
              <p className="mt-2 text-sm text-slate-800">
                <span className="font-medium">{persona} would have said:</span> {turn.betterOption.reply}
              </p>
              <p className="mt-1 text-sm text-slate-700">
                Best score still reachable: {turn.betterOption.bestReachable} with this option, {turn.betterOption.bestReachableAfterTaken}{" "}
                after yours.
              </p>
            </div>
          ) : null}
        </div>
      </div>
    </article>
  );
}

function Quote({ who, text, you = false }: { who: string; text: string; you?: boolean }) {
  return (
    <figure>
      <figcaption className={`text-sm font-medium ${you ? "text-brand-800" : "text-slate-900"}`}>{you ? who : `${who} said`}</figcaption>
      <blockquote className={`mt-1 border-l-4 pl-3 text-slate-900 ${you ? "border-brand-600" : "border-slate-300"}`}>
        <p>{text}</p>
      </blockquote>
    </figure>
  );
}
