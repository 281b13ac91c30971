"use client";

import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { Scenario } from "@/lib/scenario/model";
import { debriefReport } from "@/lib/analysis/debrief";
import { buttonStyles } from "@/app/_components/styles";
import { Debrief } from "@/app/(app)/(trainee)/runs/[runId]/debrief";
import { PlaytestPlayer } from "./playtest-player";

/** A new number for each scenario object: a changed scenario restarts the playtest. */
const scenarioKeys = new WeakMap<Scenario, number>();
let nextScenarioKey = 1;
function keyOf(scenario: Scenario): number {
  let key = scenarioKeys.get(scenario);
  if (key === undefined) {
    key = nextScenarioKey++;
    scenarioKeys.set(scenario, key);
  }
  return key;
}

/**
 * Plays the draft with the trainees' own player and debrief, in the browser: nothing is saved,
 * no run is created. The debrief is scored by the same `debriefReport` the server uses.
 */
export function PlaytestPanel({ scenario }: { scenario: Scenario }) {
  const ids = useId();
  const [attempt, setAttempt] = useState(1);
  const scenarioKey = keyOf(scenario);
  // A finished call belongs to the scenario it was played on; a changed scenario starts afresh.
  const [finished, setFinished] = useState<{ scenarioKey: number; choices: string[] } | null>(null);
  const ended = finished && finished.scenarioKey === scenarioKey ? finished.choices : null;
  const headingRef = useRef<HTMLHeadingElement>(null);

  const report = useMemo(() => (ended ? debriefReport(scenario, ended) : null), [ended, scenario]);

  const restart = () => {
    setFinished(null);
    setAttempt((a) => a + 1);
    headingRef.current?.focus();
  };

  // The debrief replaces the call: put keyboard and screen-reader users at its top.
  useEffect(() => {
    if (!report) return;
    const title = document.getElementById("debrief-title");
    if (!title) return;
    title.setAttribute("tabindex", "-1");
    title.focus();
  }, [report]);

  return (
    <section aria-labelledby={`${ids}-heading`}>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3 rounded-lg border border-brand-600 bg-brand-50 px-4 py-3">
        <div>
          <h2 id={`${ids}-heading`} ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-slate-900">
            Playtest: {scenario.title} (version {scenario.version})
          </h2>
          <p className="text-sm text-slate-800">The player and debrief trainees see. Nothing is saved: no run is recorded.</p>
        </div>
        <button type="button" className={buttonStyles.secondary} onClick={restart}>
          Restart the call
        </button>
      </div>
      {report && ended ? (
        <Debrief
          run={{
            id: `playtest-${attempt}`,
            completedAt: null,
            scenarioVersion: { scenarioId: scenario.id, version: scenario.version, title: scenario.title },
          }}
          scenario={scenario}
          report={report}
          actions={
            <div className="mt-6 flex flex-wrap items-center gap-3">
              <button type="button" className={buttonStyles.primary} onClick={restart}>
                Play it again
              </button>
            </div>
          }
        />
      ) : (
        <PlaytestPlayer
          key={`${scenarioKey}:${attempt}`}
          seed={`playtest-${attempt}`}
          scenario={scenario}
          onEnd={(choices) => setFinished({ scenarioKey, choices })}
        />
      )}
    </section>
  );
}
