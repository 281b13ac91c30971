"use client";

import { useActorRef, useSelector } from "@xstate/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useTransition } from "react";
import { createActor, fromPromise } from "xstate";
import { createCustomerMachine } from "@/lib/customer/machine";
import type { Scenario } from "@/lib/scenario/model";
import { outcomeSentence } from "@/lib/ui/format";
import { choiceOrder } from "@/app/(app)/(trainee)/runs/[runId]/choice-order";
import { choiceIndexForKey, lineAt, transcriptFromLog, type TranscriptEntry } from "@/app/(app)/(trainee)/runs/[runId]/transcript";
import { paragraphs } from "@/lib/text/paragraphs";
import { ARRIVE_FROM_PLAYER, RESYNC_KEY } from "@/app/(app)/(trainee)/runs/[runId]/session-keys";
import { MoodMeter } from "@/app/_components/mood-meter";
import { buttonStyles } from "@/app/_components/ui";
import { callSessionMachine, sameSaveState, saveStateOf, type PostResult, type SaveState, type TurnSubmission } from "./call-session";

/**
 * The customer machine for the scenario, with the saved choices already played: a reload
 * resumes at the same turn, in the same mood, with the same transcript.
 */
function restore(scenario: Scenario, savedChoices: readonly string[]) {
  const machine = createCustomerMachine(scenario);
  const actor = createActor(machine).start();
  for (const choiceId of savedChoices) {
    const snapshot = actor.getSnapshot();
    if (snapshot.status !== "active" || !snapshot.can({ type: "CHOOSE", choiceId })) break;
    actor.send({ type: "CHOOSE", choiceId });
  }
  const replayed = actor.getSnapshot().context.log.length;
  const snapshot = actor.getPersistedSnapshot();
  actor.stop();
  return { machine, snapshot, diverged: replayed !== savedChoices.length };
}

async function postTurn(runId: string, turn: TurnSubmission): Promise<PostResult> {
  const response = await fetch(`/api/runs/${encodeURIComponent(runId)}/turns`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(turn),
    cache: "no-store",
    signal: AbortSignal.timeout(15_000),
  });
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  return { status: response.status, body };
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], [role='textbox']") !== null
  );
}

/** The trainer's playtest: the same call, nothing saved; the debrief is the caller's to show. */
export interface PlaytestMode {
  onEnd: (choiceIds: string[]) => void;
}

export function Player({
  runId,
  scenario,
  savedChoices,
  playtest,
}: {
  /** Seeds the order of the responses; with `playtest`, any stable id. */
  runId: string;
  scenario: Scenario;
  savedChoices: string[];
  playtest?: PlaytestMode;
}) {
  const router = useRouter();
  const saving = !playtest;
  const rootRef = useRef<HTMLDivElement>(null);
  const [restored] = useState(() => restore(scenario, savedChoices));
  const actor = useActorRef(restored.machine, { snapshot: restored.snapshot });
  // Each value selected on its own: a component re-renders only when what it shows changes.
  const nodeId = useSelector(actor, (s) => s.value as unknown as string);
  const anger = useSelector(actor, (s) => s.context.anger);
  const trust = useSelector(actor, (s) => s.context.trust);
  const log = useSelector(actor, (s) => s.context.log);
  const done = useSelector(actor, (s) => s.status === "done");
  const node = scenario.nodes[nodeId]!;
  const mood = useMemo(() => ({ anger, trust }), [anger, trust]);
  const lastTurn = log[log.length - 1];
  const turnNumber = log.length + 1;
  const line = lineAt(scenario, nodeId, mood);
  // Shown in a per-run shuffled order (display only; see choice-order.ts).
  const choices = useMemo(
    () => (done ? [] : choiceOrder(runId, nodeId, node.choices.length).map((i) => node.choices[i]!)),
    [done, runId, nodeId, node],
  );
  const persona = scenario.persona.name;

  // The brief is open before the first turn, then folds away to make room for the call.
  const [briefOpen, setBriefOpen] = useState(savedChoices.length === 0);
  const hasTurns = log.length > 0;
  useEffect(() => {
    if (hasTurns) setBriefOpen(false);
  }, [hasTurns]);

  // ---------------------------------------------------------------- saving turns
  // The call session actor (call-session.ts). Not stopped on unmount: turns already chosen are
  // still sent, in order, when the trainee leaves through an in-app link.
  const [session] = useState(() =>
    createActor(
      callSessionMachine.provide({ actors: { post: fromPromise<PostResult, TurnSubmission>(({ input }) => postTurn(runId, input)) } }),
      {
        input: { saved: savedChoices.length },
      },
    ).start(),
  );
  const queueState = useSelector(session, saveStateOf, sameSaveState);

  const inFlight = queueState.pending > 0;
  const stopped =
    queueState.phase === "failed" || queueState.phase === "rejected" || queueState.phase === "signed-out" || restored.diverged;
  const allSaved = !saving || (!inFlight && queueState.saved >= log.length);

  // Retry at once when the connection comes back.
  useEffect(() => {
    if (queueState.phase !== "failed") return;
    const onOnline = () => session.send({ type: "RETRY" });
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [queueState.phase, session]);

  // Warn before leaving with turns not yet saved.
  useEffect(() => {
    if (!inFlight) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [inFlight]);

  // Out of step with the saved call (409 / 422): reload once on our own, then leave it to the trainee.
  const [reloadingSoon, setReloadingSoon] = useState(false);
  useEffect(() => {
    if (queueState.phase !== "rejected") return;
    const last = Number(sessionStorage.getItem(`${RESYNC_KEY}:${runId}`) ?? 0);
    if (Date.now() - last < 60_000) return;
    sessionStorage.setItem(`${RESYNC_KEY}:${runId}`, String(Date.now()));
    setReloadingSoon(true);
    const timer = setTimeout(() => window.location.reload(), 4_000);
    return () => clearTimeout(timer);
  }, [queueState.phase, runId]);

  // ---------------------------------------------------------------- choosing
  const choicesRef = useRef<HTMLOListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moveFocus = useRef(false);

  const choose = useCallback(
    (choiceId: string, clickCount = 0) => {
      const current = actor.getSnapshot();
      if (current.status !== "active" || stopped || !current.can({ type: "CHOOSE", choiceId })) return;
      // The second click of a double click would land on the next turn's button: ignore it.
      if (clickCount >= 2) return;
      const index = current.context.log.length;
      const active = document.activeElement;
      moveFocus.current = !active || active === document.body || (choicesRef.current?.contains(active) ?? false);
      actor.send({ type: "CHOOSE", choiceId });
      if (saving) session.send({ type: "SUBMIT", turn: { index, choiceId } });
    },
    [actor, session, saving, stopped],
  );

  // Keys 1–5 choose (not while typing in a text field). Turns chosen while an earlier one is
  // still being saved wait in the queue, which sends them in order.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
      const i = choiceIndexForKey(event.key, choices.length);
      if (i === null || isTextField(event.target)) return;
      // A playtest shares its page with other tools: only keys typed in the call (or nowhere) count.
      if (!saving && event.target instanceof Node && event.target !== document.body && !rootRef.current?.contains(event.target)) return;
      if (stopped || done) return;
      event.preventDefault();
      choose(choices[i]!.id);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [choices, choose, done, stopped, saving]);

  // The chosen button is gone: put focus on the turn heading so Tab leads to the new responses.
  useLayoutEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    headingRef.current?.focus();
  }, [log.length]);

  // ---------------------------------------------------------------- screen-reader announcements
  const [announcement, setAnnouncement] = useState("");
  const announcedTurns = useRef(log.length);
  useEffect(() => {
    if (announcedTurns.current === log.length) return;
    announcedTurns.current = log.length;
    setAnnouncement(
      done
        ? `${persona}: ${line} The call has ended. ${outcomeSentence(node.ending?.kind)}`
        : `Turn ${log.length + 1}. ${persona}: ${line}`,
    );
  }, [done, line, log.length, node.ending?.kind, persona]);

  // ---------------------------------------------------------------- the debrief
  const [opening, startOpening] = useTransition();
  const openDebrief = () => {
    if (playtest) {
      playtest.onEnd(actor.getSnapshot().context.log.map((t) => t.choice));
      return;
    }
    sessionStorage.setItem(ARRIVE_FROM_PLAYER, runId);
    startOpening(() => router.refresh());
  };

  const transcript = transcriptFromLog(scenario, log);

  return (
    <div ref={rootRef}>
      {saving ? (
        <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{scenario.title}</h1>
            <p className="mt-1 text-slate-700">
              Practice call with {persona} · version {scenario.version}
            </p>
          </div>
          <Link href="/" className="text-sm text-brand-700 underline hover:text-brand-800">
            Leave the call (it is saved)
          </Link>
        </div>
      ) : null}

      <details
        className="mb-6 rounded-lg border border-slate-200 bg-white shadow-sm"
        open={briefOpen}
        onToggle={(event) => setBriefOpen(event.currentTarget.open)}
      >
        <summary className="cursor-pointer rounded-lg px-5 py-3 font-medium text-slate-900 hover:bg-slate-50">Your brief</summary>
        <div className="space-y-2 px-5 pb-4 text-slate-800">
          {paragraphs(scenario.brief).map((p) => (
            <p key={p}>{p}</p>
          ))}
          <p>
            <strong>{scenario.persona.name}</strong>: {scenario.persona.description}
          </p>
        </div>
      </details>

      <div className="grid gap-6 md:grid-cols-[minmax(0,1fr)_15rem] lg:grid-cols-[minmax(0,1fr)_17rem]">
        <div className="min-w-0 space-y-6">
          <section aria-labelledby="turn-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2
                id="turn-heading"
                ref={headingRef}
                tabIndex={-1}
                className="-mx-1 rounded px-1 text-sm font-semibold uppercase tracking-wide text-slate-700"
              >
                {done ? `Call ended after ${log.length} ${log.length === 1 ? "turn" : "turns"}` : `Turn ${turnNumber}`}
              </h2>
              {saving ? <SaveStatus state={queueState} turns={log.length} /> : null}
            </div>
            <figure className="mt-3">
              <blockquote className="border-l-4 border-brand-600 pl-4 text-lg leading-relaxed text-slate-900">
                <p>{line}</p>
              </blockquote>
              <figcaption className="mt-2 pl-5 text-sm text-slate-700">— {persona}</figcaption>
            </figure>
          </section>

          <Problems
            state={queueState}
            runId={runId}
            reloadingSoon={reloadingSoon}
            diverged={restored.diverged}
            onRetry={() => session.send({ type: "RETRY" })}
          />

          {done ? (
            <section aria-labelledby="ending-heading" className="rounded-lg border border-brand-600 bg-brand-50 p-5">
              <h2 id="ending-heading" className="text-lg font-semibold text-slate-900">
                The call has ended
              </h2>
              <p className="mt-1 text-slate-800">{outcomeSentence(node.ending?.kind)}</p>
              {node.ending?.summary ? <p className="mt-1 text-slate-800">{node.ending.summary}</p> : null}
              <div className="mt-4">
                {allSaved && !stopped ? (
                  <button type="button" onClick={openDebrief} disabled={opening} className={buttonStyles.primary}>
                    {opening ? "Opening your debrief…" : "See your debrief"}
                  </button>
                ) : !stopped ? (
                  <p className="text-sm text-slate-700">Saving your last turn… your debrief opens as soon as it is saved.</p>
                ) : null}
              </div>
            </section>
          ) : (
            <section aria-labelledby="choices-heading">
              <h2 id="choices-heading" className="text-lg font-semibold text-slate-900">
                Your response
              </h2>
              <p className="mt-1 text-sm text-slate-700">
                Choose what you say next: click a response or press its number key (1–{choices.length}).
              </p>
              <ol ref={choicesRef} className="mt-3 space-y-2">
                {choices.map((choice, i) => {
                  const allowed = !stopped && actor.getSnapshot().can({ type: "CHOOSE", choiceId: choice.id });
                  return (
                    <li key={choice.id}>
                      <button
                        type="button"
                        onClick={(event) => choose(choice.id, event.detail)}
                        disabled={!allowed}
                        aria-keyshortcuts={String(i + 1)}
                        className="flex w-full items-start gap-3 rounded-lg border border-slate-300 bg-white p-3 text-left text-slate-900 shadow-sm hover:border-brand-600 hover:bg-brand-50 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-600"
                      >
                        <kbd className="mt-0.5 inline-flex h-6 w-6 shrink-0 items-center justify-center rounded border border-slate-400 bg-slate-50 font-sans text-sm font-semibold text-slate-800">
                          {i + 1}
                        </kbd>
                        <span>{choice.text}</span>
                      </button>
                    </li>
                  );
                })}
              </ol>
            </section>
          )}
        </div>

        <aside
          aria-labelledby="mood-heading"
          className="h-fit rounded-lg border border-slate-200 bg-white p-5 shadow-sm md:sticky md:top-6"
        >
          <h2 id="mood-heading" className="mb-4 text-base font-semibold text-slate-900">
            {persona}&rsquo;s mood
          </h2>
          <MoodMeter mood={mood} previous={lastTurn?.before ?? null} />
        </aside>
      </div>

      <Transcript entries={transcript} persona={persona} done={done} />

      {/* The customer's new line, read out after each turn. Empty at first: the line is on screen on arrival. */}
      <div aria-live="polite" aria-atomic="true" className="sr-only" data-testid="announcer">
        {announcement}
      </div>
    </div>
  );
}

function SaveStatus({ state, turns }: { state: SaveState; turns: number }) {
  let text: string | null = null;
  let style = "text-slate-700";
  if (state.phase === "saving") text = "Saving…";
  else if (state.phase === "retrying") {
    text = "Connection problem, retrying…";
    style = "text-amber-900";
  } else if (state.phase === "failed" || state.phase === "rejected" || state.phase === "signed-out") {
    text = "Not saved";
    style = "font-medium text-rose-800";
  } else if (turns > 0 && state.saved >= turns) text = "Saved";
  if (!text) return null;
  return (
    <p className={`text-sm ${style}`} data-testid="save-status">
      {text === "Saved" ? <span aria-hidden="true">✓ </span> : null}
      {text}
    </p>
  );
}

function Problems({
  state,
  runId,
  reloadingSoon,
  diverged,
  onRetry,
}: {
  state: SaveState;
  runId: string;
  reloadingSoon: boolean;
  diverged: boolean;
  onRetry: () => void;
}) {
  const box = "rounded-lg border border-rose-300 bg-rose-50 p-4 text-rose-900";
  if (diverged) {
    return (
      <div role="alert" className={box}>
        <p className="font-medium">This call cannot be resumed here: the saved turns no longer match the scenario.</p>
        <p className="mt-1 text-sm">Go back to the library and start the scenario again.</p>
      </div>
    );
  }
  if (state.phase === "failed") {
    return (
      <div role="alert" className={box}>
        <p className="font-medium">{state.message} Your answer is kept on this page.</p>
        <p className="mt-1 text-sm">Check your connection, then try again. Nothing you saved earlier is lost.</p>
        <button type="button" onClick={onRetry} className={`${buttonStyles.secondary} mt-3`}>
          Try saving again
        </button>
      </div>
    );
  }
  if (state.phase === "rejected") {
    return (
      <div role="alert" className={box}>
        <p className="font-medium">This call is out of step with the saved one: {state.message}</p>
        <p className="mt-1 text-sm">
          {reloadingSoon ? "Reloading the saved call in a few seconds…" : "Reload the page to continue from the saved call."}
        </p>
        <button type="button" onClick={() => window.location.reload()} className={`${buttonStyles.secondary} mt-3`}>
          Reload the call now
        </button>
      </div>
    );
  }
  if (state.phase === "signed-out") {
    return (
      <div role="alert" className={box}>
        <p className="font-medium">{state.message}</p>
        <Link href={`/sign-in?next=${encodeURIComponent(`/runs/${runId}`)}`} className={`${buttonStyles.secondary} mt-3`}>
          Sign in again
        </Link>
      </div>
    );
  }
  return null;
}

function Transcript({ entries, persona, done }: { entries: TranscriptEntry[]; persona: string; done: boolean }) {
  return (
    <section aria-labelledby="transcript-heading" className="mt-10">
      <h2 id="transcript-heading" className="text-lg font-semibold text-slate-900">
        {done ? "Transcript" : "Transcript so far"}
      </h2>
      {entries.length === 0 ? (
        <p className="mt-2 text-slate-700">Nothing said yet: the call has just started.</p>
      ) : (
        <ol className="mt-3 space-y-3">
          {entries.map((entry) => (
            <li key={entry.index} className="rounded-lg border border-slate-200 bg-white p-4">
              <p className="text-xs font-semibold uppercase tracking-wide text-slate-700">Turn {entry.index + 1}</p>
              <p className="mt-2 text-slate-900">
                <span className="font-medium">{persona}:</span> {entry.customer}
              </p>
              <p className="mt-2 text-slate-900">
                <span className="font-medium text-brand-800">You:</span> {entry.said}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
