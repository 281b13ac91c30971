"use client";

import { useId } from "react";
import type { Analysis, LoopReport, PathSummary } from "@/lib/analysis/analyze";
import { analyzeScenario } from "@/lib/analysis/analyze";
import { pathNodeIds } from "@/lib/authoring/graph-model";
import type { Scenario } from "@/lib/scenario/model";
import { DIMENSION_LABELS, DIMENSIONS } from "@/lib/scoring/rules";
import { outcomeLabel, plural } from "@/lib/ui/format";
import { ResultBadge } from "@/app/_components/score";
import { buttonStyles, linkStyle } from "@/app/_components/styles";
import { useWorkerTask } from "./use-worker-task";

/**
 * The analysis of the scenario (endings, score range, best and worst path, loops, warnings),
 * computed in the browser: in a Web Worker when the browser allows one (the exhaustive search can
 * take seconds on a very big scenario), on the page otherwise.
 */
export function AnalysisPanel({ scenario, onHighlightPath }: { scenario: Scenario; onHighlightPath: (nodeIds: string[]) => void }) {
  const ids = useId();
  const state = useWorkerTask(
    scenario,
    (id, s) => ({ id, kind: "analyze", scenario: s }),
    (answer) => answer.analysis as Analysis,
    analyzeScenario,
  ) ?? { kind: "working" as const, last: null };

  return (
    <section aria-labelledby={`${ids}-heading`} className="space-y-6" aria-busy={state.kind === "working"}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${ids}-heading`} className="text-lg font-semibold text-slate-900">
          Analysis
        </h2>
        <p className="text-sm text-slate-700" role="status">
          {state.kind === "working"
            ? "Analysing every path…"
            : state.kind === "done"
              ? `${state.value.truncated ? "Stopped after" : "Every path explored:"} ${state.value.statesVisited.toLocaleString("en")} states in ${formatMs(state.ms)}.`
              : null}
        </p>
      </div>
      {state.kind === "working" ? <progress className="block h-2 w-full max-w-md" aria-label="Analysing every path" /> : null}
      {state.kind === "working" && state.last ? (
        <div className="opacity-60" aria-hidden="true" inert>
          <Report analysis={state.last.value} scenario={state.last.input} onHighlightPath={onHighlightPath} ids={`${ids}-old`} />
        </div>
      ) : null}
      {state.kind === "failed" ? (
        <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 p-4 text-rose-900">
          The analysis stopped with an error: {state.message}
        </p>
      ) : null}
      {state.kind === "done" ? <Report analysis={state.value} scenario={state.input} onHighlightPath={onHighlightPath} ids={ids} /> : null}
    </section>
  );
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function Report({
  analysis,
  scenario,
  onHighlightPath,
  ids,
}: {
  analysis: Analysis;
  scenario: Scenario;
  onHighlightPath: (nodeIds: string[]) => void;
  ids: string;
}) {
  const reached = analysis.endings.filter((e) => e.reached).length;
  return (
    <>
      {analysis.truncated ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          The scenario has too many paths to explore them all: these figures cover the first {analysis.statesVisited.toLocaleString("en")}{" "}
          states.
        </p>
      ) : null}

      <div className="grid gap-4 md:grid-cols-2">
        <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h3 className="font-semibold text-slate-900">Score range</h3>
          <p className="mt-1 text-3xl font-semibold tabular-nums text-slate-900" data-testid="score-range">
            {analysis.scoreRange.min}–{analysis.scoreRange.max}
          </p>
          <p className="text-sm text-slate-700">Overall score of the worst and the best path (pass mark {scenario.passMark}).</p>
          <table className="mt-3 w-full text-sm">
            <caption className="sr-only">Range of each skill over every path</caption>
            <thead>
              <tr className="text-left text-slate-700">
                <th scope="col" className="py-1 font-medium">
                  Skill
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  Lowest
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  Highest
                </th>
              </tr>
            </thead>
            <tbody>
              {DIMENSIONS.map((d) => (
                <tr key={d} className="border-t border-slate-100">
                  <th scope="row" className="py-1 text-left font-normal text-slate-900">
                    {DIMENSION_LABELS[d]}
                  </th>
                  <td className="py-1 text-right tabular-nums text-slate-900">{analysis.dimensionRanges[d].min}</td>
                  <td className="py-1 text-right tabular-nums text-slate-900">{analysis.dimensionRanges[d].max}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>

        <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h3 className="font-semibold text-slate-900">Endings</h3>
          <p className="mt-1 text-sm text-slate-700">
            {reached} of {plural(analysis.endings.length, "ending")} reached by some path.
          </p>
          <ul className="mt-3 space-y-1 text-sm">
            {analysis.endings.map((e) => (
              <li key={e.node} className="flex flex-wrap items-baseline gap-x-2">
                <span className="font-mono text-slate-900">{e.node}</span>
                <span className="text-slate-700">{outcomeLabel(e.kind)}</span>
                <span className={e.reached ? "text-emerald-800" : "font-medium text-rose-800"}>
                  {e.reached ? "reached" : "never reached"}
                </span>
              </li>
            ))}
          </ul>
        </div>
      </div>

      <div className="grid gap-4 md:grid-cols-2">
        <PathCard
          title="Best path"
          loops={analysis.loops.filter((l) => l.kind === "best-path")}
          summary={analysis.best}
          scenario={scenario}
          onHighlightPath={onHighlightPath}
          headingId={`${ids}-best`}
        />
        <PathCard
          title="Worst path"
          loops={analysis.loops.filter((l) => l.kind === "worst-path")}
          summary={analysis.worst}
          scenario={scenario}
          onHighlightPath={onHighlightPath}
          headingId={`${ids}-worst`}
        />
      </div>

      <div>
        <h3 className="font-semibold text-slate-900">Warnings</h3>
        {analysis.warnings.length === 0 ? (
          <p className="mt-1 text-sm text-slate-800">
            None: the scenario has traps for every skill, several kinds of ending, and a model path.
          </p>
        ) : (
          <ul className="mt-2 space-y-2" data-testid="analysis-warnings">
            {analysis.warnings.map((w) => (
              <li key={w.code + w.message} className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
                {w.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

function PathCard({
  title,
  loops,
  summary,
  scenario,
  onHighlightPath,
  headingId,
}: {
  title: string;
  loops: LoopReport[];
  summary: PathSummary | null;
  scenario: Scenario;
  onHighlightPath: (nodeIds: string[]) => void;
  headingId: string;
}) {
  if (!summary) {
    return (
      <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h3 id={headingId} className="font-semibold text-slate-900">
          {title}
        </h3>
        <p className="mt-1 text-sm text-slate-800">No path reaches an ending.</p>
      </div>
    );
  }
  const nodes = pathNodeIds(scenario, summary.choices);
  const choiceText = new Map(scenario.nodeIds.flatMap((id) => scenario.nodes[id]!.choices.map((c) => [c.id, c.text] as const)));
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={headingId} className="font-semibold text-slate-900">
          {title}
        </h3>
        <button type="button" className={buttonStyles.secondary} onClick={() => onHighlightPath(nodes)} aria-describedby={headingId}>
          Show on graph
        </button>
      </div>
      <p className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-800">
        <span className="text-2xl font-semibold tabular-nums text-slate-900">{summary.overall}</span>
        <ResultBadge passed={summary.passed} />
        <span>
          {outcomeLabel(summary.outcome)} after {plural(summary.choices.length, "turn")}
        </span>
      </p>
      {loops.map((loop) => (
        <p key={loop.choices.join()} className="mt-2 text-sm text-slate-800" data-testid="path-loop">
          Goes round the loop <LoopNodes loop={loop} /> {loop.times === 1 ? "once" : `${loop.times} times in a row`}.
        </p>
      ))}
      <details className="mt-2 text-sm">
        <summary className={`${linkStyle} cursor-pointer`}>The choices, turn by turn</summary>
        <ol className="mt-2 list-decimal space-y-1 pl-6 text-slate-800">
          {summary.choices.map((c, i) => (
            <li key={`${c}-${i}`}>
              <span className="font-mono text-slate-900">{c}</span>
              {choiceText.get(c) ? <span className="text-slate-700">: “{choiceText.get(c)}”</span> : null}
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}

/** A loop's nodes, with the choice that leads from each to the next. */
function LoopNodes({ loop }: { loop: LoopReport }) {
  return (
    <span>
      {loop.nodes.map((node, i) => (
        <span key={i}>
          {i > 0 ? (
            <span className="text-slate-700">
              {" "}
              —<span className="font-mono text-xs">{loop.choices[i - 1]}</span>→{" "}
            </span>
          ) : null}
          <span className="font-mono text-slate-900">{node}</span>
        </span>
      ))}
    </span>
  );
}
