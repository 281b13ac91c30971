import Link from "@/app/_components/link";
import type { ReactNode } from "react";
import type { Scenario } from "@/lib/scenario/model";
import { coachingPoints, type CoachingPoint } from "@/lib/scoring/coaching";
import type { ScoreReport, TurnReport } from "@/lib/scoring/report";
import { DIMENSION_LABELS } from "@/lib/scoring/rules";
import { formatChange, formatPoints, outcomeLabel, outcomeSentence, plural } from "@/lib/ui/format";
import { moodSeries, moodSummary } from "@/app/(app)/(trainee)/runs/[runId]/mood-series";
import { ARRIVE_FROM_PLAYER } from "@/app/(app)/(trainee)/runs/[runId]/session-keys";
import { ChartFigure } from "@/app/_components/chart-figure";
import { FocusOnArrival } from "@/app/_components/focus-on-arrival";
import { DimensionBars, PointsBadge, ResultBadge, ScoreBadge } from "@/app/_components/score";
import { buttonStyles, linkStyle, Section } from "@/app/_components/ui";
import { retryFromTurnAction, startRun } from "@/app/(app)/(trainee)/actions";
import { MoodChart } from "./mood-chart";
import { TurnList } from "./turn-list";
import { formatDateTime } from "@/lib/ui/dates";

export interface DebriefRun {
  id: string;
  completedAt: Date | null;
  scenarioVersion: { scenarioId: string; version: number; title: string };
}

/** A manager's comment on one turn (lib/data/turn-comments), as the debrief shows it. */
export interface DebriefTurnComment {
  id: string;
  turnIndex: number;
  authorId?: string;
  author: string;
  body: string;
  createdAt: Date;
}

/**
 * The scorecard of a finished call, rendered on the server from the server's own replay of
 * the saved turns (never from numbers the browser sent). It coaches first: the verdict, three
 * things to do next time (each linked to its turn), then the turns that gained or lost points.
 * The trainer's playtest renders it in the browser, with its own `actions` in place of "Retry"
 * and "Back to library"; the manager's review adds a comment form to each turn (`turnTools`).
 */
export function Debrief({
  run,
  scenario,
  report,
  actions,
  note,
  betterOptions = "shown",
  comments = [],
  turnTools,
  commentTools,
  retryTurns = false,
  assignmentPassMark = null,
  notice,
  locale,
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
  /** Managers' comments on turns, shown on their turn. */
  comments?: readonly DebriefTurnComment[];
  /** Extra controls under a turn (the manager's comment form), by 0-based turn index. */
  turnTools?: (turnIndex: number) => ReactNode;
  /** Controls next to a comment (the manager's "Delete" on their own). */
  commentTools?: (comment: DebriefTurnComment) => ReactNode;
  /** The trainee's own finished call: each turn offers "Try again from this turn". */
  retryTurns?: boolean;
  /** The pass mark of the trainee's assignment for this scenario, when they have one. */
  assignmentPassMark?: number | null;
  /** A message to show above the verdict (a retry that could not start). */
  notice?: ReactNode;
  /** The reader's locale for dates (this component also renders in the browser, in the trainer's playtest). */
  locale?: string;
}) {
  const persona = scenario.persona.name;
  const ending = report.endingNode ? scenario.nodes[report.endingNode]?.ending : undefined;
  const points = moodSeries(report.mood.start, report.turns);
  const next = coachingPoints(report);
  const linked = new Set(next.map((p) => p.turn));
  const commented = new Set(comments.map((c) => c.turnIndex + 1));
  const lastIndex = report.turns.length - 1;
  const otherFindings = report.findings.filter((f) => !next.some((p) => p.source === "missed" && p.title === f.label));

  return (
    <article aria-labelledby="debrief-title">
      <FocusOnArrival targetId="debrief-title" storageKey={ARRIVE_FROM_PLAYER} value={run.id} />
      <div className="mb-5">
        <p className="text-sm font-medium uppercase tracking-wide text-brand-700">Debrief</p>
        <h1 id="debrief-title" className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">
          {run.scenarioVersion.title}
        </h1>
        <p className="mt-1 text-sm text-slate-700">
          Call with {persona} · version {run.scenarioVersion.version}
          {run.completedAt ? (
            <>
              {" "}
              · finished <time dateTime={run.completedAt.toISOString()}>{formatDateTime(run.completedAt, locale)}</time>
            </>
          ) : null}{" "}
          · {plural(report.turns.length, "turn")}
        </p>
      </div>

      {notice}
      <Verdict report={report} endingSummary={ending?.summary} assignmentPassMark={assignmentPassMark} />
      {note}

      <Section id="next-time-heading" title={next.length === 3 ? "Three things to do next time" : "What to do next time"} className="mt-8">
        {next.length === 0 ? (
          <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-800 shadow-sm">
            Nothing to fix: no turn lost points and no better answer was open. Try a harder scenario next.
          </p>
        ) : (
          <ol className="space-y-2">
            {next.map((p, i) => (
              <CoachingItem key={`${p.turn}-${i}`} point={p} index={i} />
            ))}
          </ol>
        )}
      </Section>

      {actions ?? <Actions scenarioId={run.scenarioVersion.scenarioId} />}

      <Section
        id="turns-heading"
        title="Turn by turn"
        className="mt-8 render-when-visible"
        description={
          retryTurns ? (
            <>
              &ldquo;Try again from this turn&rdquo; starts a new call with your earlier answers given; a call of this scenario in progress
              is set aside, as &ldquo;start over&rdquo; does.
            </>
          ) : undefined
        }
      >
        {betterOptions !== "shown" ? (
          <p className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-900">
            {betterOptions === "busy"
              ? "The better options could not be worked out just now because the server is busy: reload this page in a moment to see them."
              : "This version of the scenario is too complex for the search that finds better options, so none are shown; the scores are complete."}
          </p>
        ) : null}
        <TurnList
          items={report.turns.map((turn) => {
            const n = turn.index + 1;
            const scored = turn.annotations.some((a) => a.points !== 0 || a.critical);
            return {
              n,
              key: scored || linked.has(n) || commented.has(n) || report.turns.length <= 3,
              node: (
                <TurnCard
                  turn={turn}
                  persona={persona}
                  last={turn.index === lastIndex}
                  comments={comments.filter((c) => c.turnIndex === turn.index)}
                  commentTools={commentTools}
                  locale={locale}
                  retry={retryTurns ? <RetryTurn runId={run.id} turn={n} /> : null}
                  tools={turnTools?.(turn.index)}
                />
              ),
            };
          })}
        />
        {report.error ? (
          <p className="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-900">
            Turn {report.error.turn} could not be replayed (the choice is no longer offered); the score counts the turns before it.
          </p>
        ) : null}
      </Section>

      <Section
        id="dimensions-heading"
        title="Scores by skill"
        description="The overall score is the weighted average of these four."
        className="mt-8 render-when-visible"
      >
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <DimensionBars scores={report.score.dimensions} weights={scenario.weights} />
        </div>
      </Section>

      <Section id="mood-heading" title={`How ${persona}'s mood moved`} className="mt-8 render-when-visible">
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

      {otherFindings.length > 0 ? (
        <Section
          id="findings-heading"
          title="Other missed opportunities"
          description="Points this call left on the table, and how to earn them next time."
        >
          <ul className="space-y-2">
            {otherFindings.map((f) => (
              <li key={f.rule} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
                <p className="flex flex-wrap items-baseline gap-x-3">
                  <span className="font-medium text-slate-900">{f.label}</span>
                  <span className="text-sm text-slate-700">
                    {DIMENSION_LABELS[f.dimension]} · <span className="font-medium text-rose-800">{formatPoints(-f.missed)}</span> points
                    missed
                  </span>
                </p>
                <p className="mt-1 text-sm text-slate-800">
                  {f.why}
                  {f.detail ? ` Missed: ${f.detail}.` : ""}
                </p>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      <div className="mt-8 border-t border-slate-200 pt-2">{actions ?? <Actions scenarioId={run.scenarioVersion.scenarioId} />}</div>
    </article>
  );
}

function CoachingItem({ point, index }: { point: CoachingPoint; index: number }) {
  return (
    <li
      className={`rounded-lg border bg-white p-3 text-sm shadow-sm ${point.source === "critical" ? "border-rose-400" : "border-slate-200"}`}
      aria-labelledby={`next-${index}`}
    >
      <p id={`next-${index}`} className="text-base font-medium text-slate-900">
        <span className="tabular-nums text-brand-700">{index + 1}.</span> {point.title}
      </p>
      <p className="mt-1 text-slate-800">
        {point.advice}
        {point.instead ? (
          <>
            {" "}
            <span className="font-medium">Try instead:</span> &ldquo;{point.instead}&rdquo;
          </>
        ) : null}{" "}
        <a href={`#turn-${point.turn}`} className={`${linkStyle} whitespace-nowrap`}>
          See turn {point.turn}
        </a>
      </p>
    </li>
  );
}

/** The two pass marks in one line: the scenario's decides Passed/Failed here; an assignment has its own. */
export function passMarksLine(scenarioPassMark: number, assignmentPassMark: number | null): string {
  if (assignmentPassMark === null) {
    return `Pass mark ${scenarioPassMark}, the scenario's: it decides Passed or Failed here. An assignment can set its own mark.`;
  }
  return `Pass mark ${scenarioPassMark}, the scenario's: it decides Passed or Failed here. Your assignment asks for ${assignmentPassMark} (and no critical error) to count as done.`;
}

function Verdict({
  report,
  endingSummary,
  assignmentPassMark,
}: {
  report: ScoreReport;
  endingSummary: string | undefined;
  assignmentPassMark: number | null;
}) {
  const { overall } = report.score;
  const critical = report.criticalErrors;
  const reason = report.passed
    ? `You scored ${overall}, at or above the pass mark of ${report.passMark}, with no critical error.`
    : critical.length > 0
      ? `A critical error fails the call whatever the score.`
      : `You scored ${overall}, below the pass mark of ${report.passMark}.`;
  return (
    <section aria-labelledby="verdict-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <h2 id="verdict-heading" className="sr-only">
        Result
      </h2>
      <div className="flex flex-wrap items-center gap-4">
        <ScoreBadge score={overall} />
        <ResultBadge passed={report.passed} size="lg" />
      </div>
      <p className="mt-3 text-slate-900">{reason}</p>
      <p className="mt-1 text-sm text-slate-700">{passMarksLine(report.passMark, assignmentPassMark)}</p>
      <p className="mt-3 text-sm text-slate-800">
        <span className="font-medium text-slate-900">{outcomeLabel(report.outcome)}</span> —{" "}
        {endingSummary ?? outcomeSentence(report.outcome)}
      </p>
      <p className="mt-1 text-sm tabular-nums text-slate-800">
        Anger {report.mood.start.anger} → {report.mood.anger} <ChangeText delta={report.mood.angerChange} goodWhen="down" />, trust{" "}
        {report.mood.start.trust} → {report.mood.trust} <ChangeText delta={report.mood.trustChange} goodWhen="up" /> · scored with rubric
        version {report.rubricVersion}
      </p>
      {critical.length > 0 ? (
        <div className="mt-4 rounded-lg border-2 border-rose-700 bg-rose-50 p-3" role="group" aria-labelledby="critical-heading">
          <h3 id="critical-heading" className="font-semibold text-rose-900">
            {critical.length === 1 ? "Critical error" : `${critical.length} critical errors`}: the call fails
          </h3>
          <ul className="mt-1 space-y-1 text-rose-900">
            {critical.map((c, i) => (
              <li key={`${c.rule}-${c.turn}-${i}`}>
                <strong>{c.label}</strong> at{" "}
                <a href={`#turn-${c.turn}`} className="underline hover:text-rose-950">
                  turn {c.turn}
                </a>
              </li>
            ))}
          </ul>
          <p className="mt-1 text-sm text-rose-900">
            Why it matters and what to say instead: the first of the things to do next time, below.
          </p>
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

function RetryTurn({ runId, turn }: { runId: string; turn: number }) {
  return (
    <form action={retryFromTurnAction}>
      <input type="hidden" name="runId" value={runId} />
      <input type="hidden" name="turn" value={turn} />
      {/* One key per rendered form: a double click starts one call. */}
      <input type="hidden" name="key" value={crypto.randomUUID()} />
      <button type="submit" className={buttonStyles.small}>
        Try again from this turn<span className="sr-only"> (turn {turn})</span>
      </button>
    </form>
  );
}

function TurnCard({
  turn,
  persona,
  last,
  comments,
  commentTools,
  retry,
  tools,
  locale,
}: {
  locale: string | undefined;
  turn: TurnReport;
  persona: string;
  last: boolean;
  comments: readonly DebriefTurnComment[];
  commentTools: ((comment: DebriefTurnComment) => ReactNode) | undefined;
  retry: ReactNode;
  tools: ReactNode;
}) {
  const n = turn.index + 1;
  const net = turn.annotations.reduce((sum, a) => sum + a.points, 0);
  const critical = turn.annotations.some((a) => a.critical);
  const anger = turn.mood.anger - turn.moodBefore.anger;
  const trust = turn.mood.trust - turn.moodBefore.trust;
  return (
    <article
      aria-labelledby={`turn-${n}-heading`}
      id={`turn-${n}`}
      className={`group scroll-mt-6 rounded-lg border bg-white p-3 text-sm shadow-sm sm:p-4 ${critical ? "border-rose-400" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h3 id={`turn-${n}-heading`} className="text-base font-semibold text-slate-900">
          Turn {n}
        </h3>
        {turn.annotations.length > 0 ? (
          <span className="font-semibold tabular-nums text-slate-900">
            {formatPoints(net)}
            <span className="sr-only"> points net</span>
          </span>
        ) : null}
        {retry ? <div className="ml-auto">{retry}</div> : null}
      </div>

      <div className="mt-1 space-y-1" data-testid="turn-lines">
        {/* One line until the turn's "Why" is opened: the answer and its points are what the turn is about. */}
        <p className="line-clamp-1 text-slate-900 group-has-[details[open]]:line-clamp-none">
          <span className="font-medium">{persona}:</span> {turn.customer}
        </p>
        <p className="border-l-4 border-brand-600 pl-2 text-slate-900">
          <span className="font-medium text-brand-800">You:</span> {turn.text}
        </p>
        {last ? (
          <p className="text-slate-900">
            <span className="font-medium">{persona}:</span> {turn.reply}
          </p>
        ) : null}
      </div>

      <details className="mt-2">
        <summary className="cursor-pointer">
          {turn.annotations.map((a, i) => (
            <span key={`${a.rule}-${i}`} className="mr-3 inline-flex items-center gap-1.5 align-middle">
              <PointsBadge points={a.points} critical={a.critical} />
              <span className="text-slate-900">{a.label}</span>
              {a.critical ? (
                <span className="rounded bg-rose-700 px-1.5 py-0.5 text-xs font-semibold uppercase text-white">Critical error</span>
              ) : null}
            </span>
          ))}
          <span className={linkStyle}>
            {turn.betterOption ? "Why, and a better option" : "Why"}
            <span className="sr-only"> (turn {n})</span>
          </span>
        </summary>
        <div className="mt-2 space-y-2">
          <p className="tabular-nums text-slate-800">
            How {persona} reacted: anger {turn.moodBefore.anger} → {turn.mood.anger} <ChangeText delta={anger} goodWhen="down" />, trust{" "}
            {turn.moodBefore.trust} → {turn.mood.trust} <ChangeText delta={trust} goodWhen="up" />
          </p>
          {turn.annotations.length === 0 ? <p className="text-slate-700">No rule gave or took points on this turn.</p> : null}
          {turn.annotations.map((a, i) => (
            <p key={`${a.rule}-${i}`} className="text-slate-800">
              <span className="font-medium text-slate-900">{a.label}</span> ({DIMENSION_LABELS[a.dimension]}): {a.why}
              {a.detail ? ` ${a.detail}` : ""}
            </p>
          ))}
          {turn.feedback ? (
            <p className="border-l-4 border-brand-600 bg-brand-50 p-2 text-slate-900">
              <span className="font-medium text-brand-800">Coach:</span> {turn.feedback}
            </p>
          ) : null}
          {turn.betterOption ? (
            <div className="rounded-md border border-emerald-300 bg-emerald-50 p-2">
              <p className="text-slate-900">
                <span className="font-medium text-emerald-900">A better option here:</span> &ldquo;{turn.betterOption.text}&rdquo;
              </p>
              <p className="mt-1 text-slate-800">
                {persona} would have said: {turn.betterOption.reply}
              </p>
              <p className="mt-1 text-slate-700">
                Best score still reachable: {turn.betterOption.bestReachable} with this option, {turn.betterOption.bestReachableAfterTaken}{" "}
                after yours.
              </p>
            </div>
          ) : null}
        </div>
      </details>

      {comments.length > 0 ? (
        <ul className="mt-2 space-y-2" aria-label={`Comments on turn ${n}`}>
          {comments.map((c) => (
            <li key={c.id} className="rounded-md border border-brand-100 bg-brand-50 p-2">
              <p className="font-medium text-slate-900">
                {c.author} commented{" "}
                <span className="font-normal text-slate-700">
                  · <time dateTime={c.createdAt.toISOString()}>{formatDateTime(c.createdAt, locale)}</time>
                </span>
              </p>
              <p className="mt-1 whitespace-pre-line wrap-anywhere text-slate-900">{c.body}</p>
              {commentTools?.(c)}
            </li>
          ))}
        </ul>
      ) : null}

      {tools ? <div className="mt-2">{tools}</div> : null}
    </article>
  );
}
