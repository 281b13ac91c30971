"use client";

import { useSelector } from "@xstate/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useLayoutEffect, useRef, useState, useTransition, type ReactNode } from "react";
import { createActor, fromPromise } from "xstate";
import { callBrief, callViewOf, choiceAtOption, restoreCall, type CallBrief, type CallView } from "@/lib/call/call-view";
import type { Scenario } from "@/lib/scenario/model";
import { outcomeSentence } from "@/lib/ui/format";
import { paragraphs } from "@/lib/text/paragraphs";
import { ARRIVE_FROM_PLAYER } from "@/app/(app)/(trainee)/runs/[runId]/session-keys";
import { MoodMeter } from "@/app/_components/mood-meter";
import { buttonStyles } from "@/app/_components/ui";
import { callSessionMachine, sameSaveState, saveStateOf, type PostResult, type SaveState, type TurnSubmission } from "./call-session";
import { choiceIndexForKey } from "./keys";

/** How long number keys wait after new responses appear (clicks do not wait: a click is aimed). */
const KEY_PAUSE_MS = 600;

async function request(url: string, init: RequestInit): Promise<PostResult> {
  const response = await fetch(url, {
    ...init,
    headers: { ...(init.body ? { "content-type": "application/json" } : {}), accept: "application/json" },
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

/**
 * A trainee's call. The browser holds only what the trainee may see (`CallView`: the customer's
 * line, the mood and the responses' texts); each choice goes to the server, which plays it
 * through the customer machine and answers with the next view (call-session.ts).
 */
export function Player({
  runId,
  brief,
  initialView,
  diverged,
}: {
  runId: string;
  brief: CallBrief;
  initialView: CallView;
  diverged: boolean;
}) {
  const router = useRouter();
  // Not stopped on unmount: a turn already chosen is still sent when the trainee leaves through an in-app link.
  const [session] = useState(() =>
    createActor(
      callSessionMachine.provide({
        actors: {
          post: fromPromise<PostResult, TurnSubmission>(({ input }) =>
            request(`/api/runs/${encodeURIComponent(runId)}/turns`, { method: "POST", body: JSON.stringify(input) }),
          ),
          fetchCall: fromPromise<PostResult, void>(() => request(`/api/runs/${encodeURIComponent(runId)}`, { method: "GET" })),
        },
      }),
      { input: { view: initialView } },
    ).start(),
  );
  const view = useSelector(session, (s) => s.context.view);
  const pending = useSelector(session, (s) => s.context.pending);
  const state = useSelector(session, saveStateOf, sameSaveState);
  const stopped = state.phase === "failed" || state.phase === "out-of-step" || state.phase === "signed-out" || diverged;

  // Retry at once when the connection comes back.
  useEffect(() => {
    if (state.phase !== "failed") return;
    const onOnline = () => session.send({ type: "RETRY" });
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [state.phase, session]);

  // Warn before leaving with a turn not yet saved.
  const inFlight = pending !== null;
  useEffect(() => {
    if (!inFlight) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [inFlight]);

  // Back/Forward can show this page from the browser's or the router's cache, with an older turn
  // than the saved call: on arrival and whenever the page is shown again, ask the server for the
  // call as saved (a no-op when nothing moved on).
  useEffect(() => {
    session.send({ type: "RESYNC" });
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) session.send({ type: "RESYNC" });
    };
    window.addEventListener("pageshow", onPageShow);
    return () => window.removeEventListener("pageshow", onPageShow);
  }, [session]);

  const [opening, startOpening] = useTransition();
  const openDebrief = () => {
    sessionStorage.setItem(ARRIVE_FROM_PLAYER, runId);
    startOpening(() => router.refresh());
  };

  return (
    <CallScreen
      brief={brief}
      view={view}
      pendingSaid={pending?.said ?? null}
      canChoose={state.phase === "ready" && !diverged}
      onChoose={(option) => session.send({ type: "CHOOSE", option })}
      header={
        <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{brief.title}</h1>
            <p className="mt-1 text-slate-700">
              Practice call with {brief.persona.name} · version {brief.version}
            </p>
          </div>
          <Link href="/" className="text-sm text-brand-700 underline hover:text-brand-800">
            Leave the call (it is saved)
          </Link>
        </div>
      }
      status={<SaveStatus state={state} view={view} pending={inFlight} />}
      problems={
        <Problems
          state={state}
          runId={runId}
          diverged={diverged}
          onRetry={() => session.send({ type: "RETRY" })}
          onDismiss={() => session.send({ type: "DISMISS" })}
        />
      }
      ending={
        !stopped ? (
          <button type="button" onClick={openDebrief} disabled={opening} className={buttonStyles.primary}>
            {opening ? "Opening your debrief…" : "See your debrief"}
          </button>
        ) : null
      }
    />
  );
}

/** The trainer's playtest: the same call screen on the customer machine in the browser, nothing saved. */
export function PlaytestPlayer({ scenario, seed, onEnd }: { scenario: Scenario; seed: string; onEnd: (choiceIds: string[]) => void }) {
  const [actor] = useState(() => restoreCall(scenario, []).actor);
  const view = useSelector(
    actor,
    (s) => callViewOf(scenario, seed, s),
    (a, b) => a.turns === b.turns && a.line === b.line,
  );
  const choose = (option: number) => {
    const choiceId = choiceAtOption(scenario, seed, actor.getSnapshot(), option);
    if (choiceId) actor.send({ type: "CHOOSE", choiceId });
  };
  return (
    <CallScreen
      brief={callBrief(scenario)}
      view={view}
      pendingSaid={null}
      canChoose
      onChoose={choose}
      ownKeysOnly
      ending={
        <button type="button" onClick={() => onEnd(actor.getSnapshot().context.log.map((t) => t.choice))} className={buttonStyles.primary}>
          See your debrief
        </button>
      }
    />
  );
}

/** The call on screen: brief, the customer's line, the responses, the mood and the transcript. */
function CallScreen({
  brief,
  view,
  pendingSaid,
  canChoose,
  onChoose,
  header,
  status,
  problems,
  ending,
  ownKeysOnly = false,
}: {
  brief: CallBrief;
  view: CallView;
  /** The trainee's line while the server answers: shown at once, the responses wait for the reply. */
  pendingSaid: string | null;
  canChoose: boolean;
  onChoose: (option: number) => void;
  header?: ReactNode;
  status?: ReactNode;
  problems?: ReactNode;
  ending: ReactNode;
  /** A playtest shares its page with other tools: only keys typed in the call (or nowhere) count. */
  ownKeysOnly?: boolean;
}) {
  const rootRef = useRef<HTMLDivElement>(null);
  const persona = brief.persona.name;
  const done = view.ended !== null;
  const waiting = pendingSaid !== null;
  const enabled = canChoose && !waiting && !done;

  // The brief is open before the first turn, then folds away to make room for the call.
  const [briefOpen, setBriefOpen] = useState(view.turns === 0);
  const hasTurns = view.turns > 0 || waiting;
  useEffect(() => {
    if (hasTurns) setBriefOpen(false);
  }, [hasTurns]);

  // ---------------------------------------------------------------- choosing
  const choicesRef = useRef<HTMLOListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moveFocus = useRef(false);
  const choose = useCallback(
    (option: number, clickCount = 0) => {
      // The second click of a double click would land on the next turn's button: ignore it.
      if (!enabled || clickCount >= 2) return;
      const active = document.activeElement;
      moveFocus.current = !active || active === document.body || (choicesRef.current?.contains(active) ?? false);
      onChoose(option);
    },
    [enabled, onChoose],
  );

  // Number keys wait a moment after new responses appear: a key pressed again and again (or
  // still going when the reply lands) must not answer a turn the trainee has not read.
  const [keysReady, setKeysReady] = useState(false);
  useEffect(() => {
    setKeysReady(false);
    const timer = setTimeout(() => setKeysReady(true), KEY_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [view.turns, waiting]);

  // Keys 1–5 choose (not while typing in a text field); a held key (repeat) and presses while
  // the customer is answering do nothing: one response per turn.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
      const i = choiceIndexForKey(event.key, view.options.length);
      if (i === null || isTextField(event.target)) return;
      if (ownKeysOnly && event.target instanceof Node && event.target !== document.body && !rootRef.current?.contains(event.target)) return;
      event.preventDefault();
      if (!enabled || !keysReady) return;
      choose(view.options[i]!.option);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [view.options, choose, enabled, keysReady, ownKeysOnly]);

  // The chosen button is gone: put focus on the turn heading so Tab leads to the new responses.
  useLayoutEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    headingRef.current?.focus();
  }, [view.turns]);

  // ---------------------------------------------------------------- screen-reader announcements
  const [announcement, setAnnouncement] = useState("");
  const announcedTurns = useRef(view.turns);
  useEffect(() => {
    if (announcedTurns.current === view.turns) return;
    announcedTurns.current = view.turns;
    setAnnouncement(
      done
        ? `${persona}: ${view.line} The call has ended. ${outcomeSentence(view.ended?.kind)}`
        : `Turn ${view.turns + 1}. ${persona}: ${view.line}`,
    );
  }, [done, view.line, view.turns, view.ended?.kind, persona]);

  return (
    <div ref={rootRef}>
      {header}

      <details
        className="mb-6 rounded-lg border border-slate-200 bg-white shadow-sm"
        open={briefOpen}
        onToggle={(event) => setBriefOpen(event.currentTarget.open)}
      >
        <summary className="cursor-pointer rounded-lg px-5 py-3 font-medium text-slate-900 hover:bg-slate-50">Your brief</summary>
        <div className="space-y-2 px-5 pb-4 text-slate-800">
          {paragraphs(brief.brief).map((p) => (
            <p key={p}>{p}</p>
          ))}
          <p>
            <strong>{brief.persona.name}</strong>: {brief.persona.description}
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
                {done ? `Call ended after ${view.turns} ${view.turns === 1 ? "turn" : "turns"}` : `Turn ${view.turns + 1}`}
              </h2>
              {status}
            </div>
            <figure className="mt-3">
              <blockquote className="border-l-4 border-brand-600 pl-4 text-lg leading-relaxed text-slate-900">
                <p>{view.line}</p>
              </blockquote>
              <figcaption className="mt-2 pl-5 text-sm text-slate-700">— {persona}</figcaption>
            </figure>
            {waiting ? (
              <div className="mt-4 border-l-4 border-slate-300 pl-4" data-testid="pending-turn">
                <p className="text-slate-900">
                  <span className="font-medium text-brand-800">You:</span> {pendingSaid}
                </p>
                <p className="mt-2 text-sm text-slate-700" role="status">
                  {persona} is answering…
                </p>
              </div>
            ) : null}
          </section>

          {problems}

          {done ? (
            <section aria-labelledby="ending-heading" className="rounded-lg border border-brand-600 bg-brand-50 p-5">
              <h2 id="ending-heading" className="text-lg font-semibold text-slate-900">
                The call has ended
              </h2>
              <p className="mt-1 text-slate-800">{outcomeSentence(view.ended?.kind)}</p>
              {view.ended?.summary ? <p className="mt-1 text-slate-800">{view.ended.summary}</p> : null}
              <div className="mt-4">{ending}</div>
            </section>
          ) : (
            <section aria-labelledby="choices-heading">
              <h2 id="choices-heading" className="text-lg font-semibold text-slate-900">
                Your response
              </h2>
              <p className="mt-1 text-sm text-slate-700">
                Choose what you say next: click a response or press its number key (1–{view.options.length}).
              </p>
              <ol ref={choicesRef} className="mt-3 space-y-2" data-keys-ready={enabled && keysReady ? "true" : "false"}>
                {view.options.map((choice, i) => (
                  <li key={`${view.turns}:${choice.option}`}>
                    <button
                      type="button"
                      onClick={(event) => choose(choice.option, event.detail)}
                      disabled={!enabled}
                      aria-keyshortcuts={String(i + 1)}
                      className="flex w-full items-start gap-3 rounded-lg border border-slate-300 bg-white p-3 text-left text-slate-900 shadow-sm hover:border-brand-600 hover:bg-brand-50 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-600"
                    >
                      <kbd className="mt-0.5 inline-flex h-6 w-6 shrink-0 items-center justify-center rounded border border-slate-400 bg-slate-50 font-sans text-sm font-semibold text-slate-800">
                        {i + 1}
                      </kbd>
                      <span>{choice.text}</span>
                    </button>
                  </li>
                ))}
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
          <MoodMeter mood={view.mood} previous={view.previousMood} />
        </aside>
      </div>

      <Transcript view={view} persona={persona} />

      {/* The customer's new line, read out after each turn. Empty at first: the line is on screen on arrival. */}
      <div aria-live="polite" aria-atomic="true" className="sr-only" data-testid="announcer">
        {announcement}
      </div>
    </div>
  );
}

function SaveStatus({ state, view, pending }: { state: SaveState; view: CallView; pending: boolean }) {
  let text: string | null = null;
  let style = "text-slate-700";
  if (state.phase === "sending" || state.phase === "resyncing") text = "Saving…";
  else if (state.phase === "retrying") {
    text = "Connection problem, retrying…";
    style = "text-amber-900";
  } else if (state.phase === "failed" || state.phase === "out-of-step" || state.phase === "signed-out") {
    text = "Not saved";
    style = "font-medium text-rose-800";
  } else if (view.turns > 0 && !pending) text = "Saved";
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
  diverged,
  onRetry,
  onDismiss,
}: {
  state: SaveState;
  runId: string;
  diverged: boolean;
  onRetry: () => void;
  onDismiss: () => void;
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
  if (state.phase === "out-of-step") {
    return (
      <div role="alert" className={box}>
        <p className="font-medium">This page is out of step with the saved call{state.message ? `: ${state.message}` : "."}</p>
        <p className="mt-1 text-sm">Reload the page to continue from the saved call.</p>
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
  if (state.resynced) {
    return (
      <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950">
        <p className="font-medium">This page was showing an earlier point of the call; it now shows the call as saved.</p>
        {state.message ? <p className="mt-1 text-sm">{state.message}</p> : null}
        <button type="button" onClick={onDismiss} className={`${buttonStyles.secondary} mt-3`}>
          Carry on
        </button>
      </div>
    );
  }
  return null;
}

function Transcript({ view, persona }: { view: CallView; persona: string }) {
  const done = view.ended !== null;
  return (
    <section aria-labelledby="transcript-heading" className="mt-10">
      <h2 id="transcript-heading" className="text-lg font-semibold text-slate-900">
        {done ? "Transcript" : "Transcript so far"}
      </h2>
      {view.transcript.length === 0 ? (
        <p className="mt-2 text-slate-700">Nothing said yet: the call has just started.</p>
      ) : (
        <ol className="mt-3 space-y-3">
          {view.transcript.map((entry, index) => (
            <li key={index} className="rounded-lg border border-slate-200 bg-white p-4">
              <p className="text-xs font-semibold uppercase tracking-wide text-slate-700">Turn {index + 1}</p>
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
