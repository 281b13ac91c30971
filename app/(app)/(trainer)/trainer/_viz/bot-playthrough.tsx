"use client";

import { useEffect, useId, useRef, useState } from "react";
import { BOT_OUTCOMES, createBotRunner, type BotOutcome, type BotStats } from "@/lib/authoring/bots";
import type { Scenario } from "@/lib/scenario/model";
import { outcomeLabel } from "@/lib/ui/format";
import { buttonStyles } from "@/app/_components/styles";

const RUN_COUNTS = [100, 1_000, 10_000] as const;
/** Work per slice before giving the page back to the browser. */
const SLICE_MS = 12;

type Phase =
  { kind: "idle" } | { kind: "running"; done: number; total: number } | { kind: "finished"; stats: BotStats; ms: number; seed: number };

/**
 * Plays many random paths through the scenario (seeded: the same seed gives the same figures)
 * and reports path coverage, outcomes and the score spread. Runs in slices of ~12 ms with the
 * browser free in between, so the page stays usable and the progress bar moves.
 */
export function BotPlaythrough({ scenario }: { scenario: Scenario }) {
  const ids = useId();
  const [runs, setRuns] = useState<number>(1_000);
  const [seed, setSeed] = useState("1");
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const cancelRef = useRef<(() => void) | null>(null);

  // A new version of the scenario makes old figures wrong: stop and clear.
  useEffect(() => {
    setPhase({ kind: "idle" });
    return () => {
      cancelRef.current?.();
      cancelRef.current = null;
    };
  }, [scenario]);

  const seedNumber = Number.isInteger(Number(seed)) && seed.trim() !== "" ? Number(seed) : null;

  const start = () => {
    if (seedNumber === null) return;
    cancelRef.current?.();
    const runner = createBotRunner(scenario, { seed: seedNumber });
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    cancelRef.current = () => {
      cancelled = true;
      if (timer !== undefined) clearTimeout(timer);
    };
    const started = performance.now();
    setPhase({ kind: "running", done: 0, total: runs });
    const slice = () => {
      if (cancelled) return;
      const until = performance.now() + SLICE_MS;
      while (runner.played < runs && performance.now() < until) runner.play(Math.min(25, runs - runner.played));
      if (runner.played < runs) {
        setPhase({ kind: "running", done: runner.played, total: runs });
        timer = setTimeout(slice, 0);
      } else {
        cancelRef.current = null;
        setPhase({ kind: "finished", stats: runner.stats(), ms: performance.now() - started, seed: seedNumber });
      }
    };
    timer = setTimeout(slice, 0);
  };

  const cancel = () => {
    cancelRef.current?.();
    cancelRef.current = null;
    setPhase({ kind: "idle" });
  };

  const running = phase.kind === "running";
  return (
    <section aria-labelledby={`${ids}-heading`} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id={`${ids}-heading`} className="text-lg font-semibold text-slate-900">
        Bot playthrough
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        Random trainees pick any response with equal chance. Shows which parts of the scenario random play reaches, how calls end and how
        scores spread. Nothing is saved.
      </p>
      <form
        className="mt-4 flex flex-wrap items-end gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          start();
        }}
      >
        <div>
          <label htmlFor={`${ids}-runs`} className="block text-sm font-medium text-slate-900">
            Runs
          </label>
          <select
            id={`${ids}-runs`}
            value={runs}
            disabled={running}
            onChange={(e) => setRuns(Number(e.target.value))}
            className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-slate-900"
          >
            {RUN_COUNTS.map((n) => (
              <option key={n} value={n}>
                {n.toLocaleString("en")}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${ids}-seed`} className="block text-sm font-medium text-slate-900">
            Seed
          </label>
          <input
            id={`${ids}-seed`}
            inputMode="numeric"
            value={seed}
            disabled={running}
            onChange={(e) => setSeed(e.target.value)}
            aria-invalid={seedNumber === null}
            aria-describedby={`${ids}-seed-hint`}
            className="mt-1 w-28 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-slate-900"
          />
        </div>
        {running ? (
          <button type="button" onClick={cancel} className={buttonStyles.secondary}>
            Stop
          </button>
        ) : (
          <button type="submit" disabled={seedNumber === null} className={buttonStyles.primary}>
            Play {runs.toLocaleString("en")} random calls
          </button>
        )}
        <p id={`${ids}-seed-hint`} className="w-full text-sm text-slate-700">
          {seedNumber === null ? <span className="font-medium text-rose-800">The seed must be a whole number. </span> : null}
          The same seed plays the same calls.
        </p>
      </form>

      <div aria-live="polite" className="mt-4">
        {phase.kind === "running" ? (
          <div>
            <label htmlFor={`${ids}-progress`} className="text-sm text-slate-800">
              Playing… {phase.done.toLocaleString("en")} of {phase.total.toLocaleString("en")}
            </label>
            <progress id={`${ids}-progress`} max={phase.total} value={phase.done} className="mt-1 block h-2 w-full max-w-md" />
          </div>
        ) : phase.kind === "finished" ? (
          <p className="text-sm text-slate-700">
            Played {phase.stats.runs.toLocaleString("en")} {phase.stats.runs === 1 ? "call" : "calls"} with seed {phase.seed} in{" "}
            {Math.max(1, Math.round(phase.ms))} ms.
          </p>
        ) : null}
      </div>

      {phase.kind === "finished" ? <Results stats={phase.stats} headingId={`${ids}-results`} /> : null}
    </section>
  );
}

function percent(part: number, whole: number): string {
  if (whole === 0) return "0%";
  const p = (part / whole) * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)}%`;
}

function Results({ stats, headingId }: { stats: BotStats; headingId: string }) {
  const finished = stats.runs - stats.outcomes.unfinished;
  const shownOutcomes = BOT_OUTCOMES.filter((o) => o !== "unfinished" || stats.outcomes.unfinished > 0);
  const maxBand = Math.max(1, ...(stats.scores?.histogram ?? [0]));
  return (
    <div className="mt-4 grid gap-6 lg:grid-cols-3" data-testid="bot-results">
      <div>
        <h3 id={headingId} className="font-semibold text-slate-900">
          Coverage
        </h3>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-700">Distinct paths</dt>
          <dd className="tabular-nums text-slate-900">
            {stats.distinctPaths.toLocaleString("en")} of {stats.runs.toLocaleString("en")} calls
          </dd>
          <dt className="text-slate-700">Nodes visited</dt>
          <dd className="tabular-nums text-slate-900">
            {stats.nodes.visited} of {stats.nodes.total} ({percent(stats.nodes.visited, stats.nodes.total)})
          </dd>
          <dt className="text-slate-700">Choices used</dt>
          <dd className="tabular-nums text-slate-900">
            {stats.choices.used} of {stats.choices.total} ({percent(stats.choices.used, stats.choices.total)})
          </dd>
        </dl>
        {stats.nodes.unvisited.length ? (
          <p className="mt-2 text-sm text-slate-800">
            Never visited: <span className="font-mono">{stats.nodes.unvisited.slice(0, 12).join(", ")}</span>
            {stats.nodes.unvisited.length > 12 ? ` and ${stats.nodes.unvisited.length - 12} more` : ""}
          </p>
        ) : null}
        {stats.choices.unused.length ? (
          <p className="mt-1 text-sm text-slate-800">
            Never chosen: <span className="font-mono">{stats.choices.unused.slice(0, 12).join(", ")}</span>
            {stats.choices.unused.length > 12 ? ` and ${stats.choices.unused.length - 12} more` : ""}
          </p>
        ) : null}
      </div>

      <div>
        <h3 className="font-semibold text-slate-900">How the calls ended</h3>
        <table className="mt-2 text-sm">
          <thead className="sr-only">
            <tr>
              <th scope="col">Outcome</th>
              <th scope="col">Calls</th>
              <th scope="col">Share</th>
            </tr>
          </thead>
          <tbody>
            {shownOutcomes.map((o) => (
              <tr key={o}>
                <th scope="row" className="pr-4 text-left font-normal text-slate-700">
                  {outcomeName(o)}
                </th>
                <td className="pr-3 text-right tabular-nums text-slate-900">{stats.outcomes[o].toLocaleString("en")}</td>
                <td className="text-right tabular-nums text-slate-700">{percent(stats.outcomes[o], stats.runs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div>
        <h3 className="font-semibold text-slate-900">Scores</h3>
        {stats.scores ? (
          <>
            <p className="mt-2 text-sm text-slate-900">
              min <strong className="tabular-nums">{stats.scores.min}</strong> · median{" "}
              <strong className="tabular-nums">{stats.scores.median}</strong> · max{" "}
              <strong className="tabular-nums">{stats.scores.max}</strong> · mean <span className="tabular-nums">{stats.scores.mean}</span>
            </p>
            <p className="text-sm text-slate-900">
              Passed: <strong className="tabular-nums">{percent(Math.round(stats.scores.passRate * finished), finished)}</strong> of{" "}
              {finished.toLocaleString("en")} finished {finished === 1 ? "call" : "calls"}
            </p>
            <table className="mt-2 w-full text-xs" aria-label="Finished calls by score band">
              <thead className="sr-only">
                <tr>
                  <th scope="col">Score band</th>
                  <th scope="col">Calls</th>
                </tr>
              </thead>
              <tbody>
                {stats.scores.histogram.map((count, i) => (
                  <tr key={i}>
                    <th scope="row" className="w-14 pr-2 text-left font-normal tabular-nums text-slate-700">
                      {i * 10}–{i === 9 ? 100 : i * 10 + 9}
                    </th>
                    <td className="py-px">
                      <span className="flex items-center gap-2">
                        <span
                          aria-hidden="true"
                          className="inline-block h-2.5 rounded-sm bg-brand-600"
                          style={{ width: `${(count / maxBand) * 100}%`, minWidth: count ? 2 : 0, maxWidth: "75%" }}
                        />
                        <span className="tabular-nums text-slate-800">{count.toLocaleString("en")}</span>
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <p className="mt-2 text-sm text-slate-800">No call reached an ending: check the loops in the graph.</p>
        )}
      </div>
    </div>
  );
}

function outcomeName(o: BotOutcome): string {
  return o === "unfinished" ? "No ending within 40 turns" : outcomeLabel(o);
}
