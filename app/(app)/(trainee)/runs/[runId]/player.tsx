"use client";

import { useSelector } from "@xstate/react";
import Link from "@/app/_components/link";
import { useRouter } from "next/navigation";
import { Check, Volume2, VolumeX } from "lucide-react";
import {
  Fragment,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
  useTransition,
  type ReactNode,
} from "react";
import { createActor, fromPromise } from "xstate";
// Types only: the customer machine stays out of the trainee's browser (the playtest has its own module).
import type { CallBrief, CallView } from "@/lib/call/call-view";
import { outcomeSentence } from "@/lib/ui/format";
import { paragraphs } from "@/lib/text/paragraphs";
import { ARRIVE_FROM_PLAYER } from "@/app/(app)/(trainee)/runs/[runId]/session-keys";
import { MoodMeter } from "@/app/_components/mood-meter";
import { buttonStyles, linkStyle } from "@/app/_components/styles";
import { callSessionMachine, sameSaveState, saveStateOf, type PostResult, type SaveState, type TurnSubmission } from "./call-session";
import { choiceIndexForKey } from "./keys";
import { remainingPauseMs } from "./pacing";
import { READ_ALOUD_KEY, voiceFor } from "./read-aloud";

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
  // than the saved call: on arrival (in the background: the responses stay usable) and whenever
  // the page is shown again, ask the server for the call as saved (a no-op when nothing moved on).
  useEffect(() => {
    session.send({ type: "CHECK" });
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
      stalled={stopped}
      onChoose={(option) => session.send({ type: "CHOOSE", option })}
      header={
        <div className="mb-3 flex items-start justify-between gap-3 sm:mb-6">
          <h1 className="min-w-0 text-lg font-semibold tracking-tight text-slate-900 sm:text-2xl">{brief.title}</h1>
          <Link href="/" className={`${linkStyle} mt-1 shrink-0 text-sm`}>
            Leave<span className="sr-only sm:not-sr-only"> the call</span> (it is saved)
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

/** The call on screen: the progress and the mood, the brief, the conversation and the tray of responses. */
export function CallScreen({
  brief,
  view,
  pendingSaid,
  canChoose,
  stalled = false,
  onChoose,
  header,
  status,
  problems,
  ending,
  ownKeysOnly = false,
  followScroll = true,
}: {
  brief: CallBrief;
  view: CallView;
  /** The trainee's line while the server answers: shown at once, the responses wait for the reply. */
  pendingSaid: string | null;
  canChoose: boolean;
  /** Saving has stopped (failed, out of step, signed out): the customer is not answering. */
  stalled?: boolean;
  onChoose: (option: number) => void;
  header?: ReactNode;
  status?: ReactNode;
  problems?: ReactNode;
  ending: ReactNode;
  /** A playtest shares its page with other tools: only keys typed in the call (or nowhere) count. */
  ownKeysOnly?: boolean;
  /** Scroll the page to the newest line after each turn (the trainee's own page; not in a playtest). */
  followScroll?: boolean;
}) {
  const rootRef = useRef<HTMLDivElement>(null);
  const persona = brief.persona.name;
  const reducedMotion = useReducedMotion();
  const { shown, typing, markChosen, skip } = useRevealedView(view, reducedMotion);
  const done = shown.ended !== null;
  const waiting = pendingSaid !== null;
  const answering = (waiting && !stalled) || typing;
  const enabled = canChoose && !waiting && !typing && !done;
  const readAloud = useReadAloud(persona);

  // The brief is folded into a summary once the call has started (and on a narrow screen, from
  // the start: the trainee has just read it on the scenario's page, and the responses come first).
  const [briefOpen, setBriefOpen] = useState(false);
  const startedWithTurns = useRef(view.turns > 0);
  useEffect(() => {
    if (!startedWithTurns.current && rootRef.current && rootRef.current.offsetWidth >= WIDE_PX) setBriefOpen(true);
  }, []);
  const hasTurns = shown.turns > 0 || waiting;
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
      markChosen();
      onChoose(option);
    },
    [enabled, onChoose, markChosen],
  );

  // Number keys wait a moment after new responses appear: a key pressed again and again (or
  // still going when the reply lands) must not answer a turn the trainee has not read.
  const [keysReady, setKeysReady] = useState(false);
  useEffect(() => {
    setKeysReady(false);
    const timer = setTimeout(() => setKeysReady(true), KEY_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [shown.turns, waiting, typing]);

  // Keys 1–5 choose (not while typing in a text field); a held key (repeat) and presses while
  // the customer is answering do nothing: one response per turn. Any key skips the typing pause.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTextField(event.target)) return;
      if (ownKeysOnly && event.target instanceof Node && event.target !== document.body && !rootRef.current?.contains(event.target)) return;
      if (answering && event.key !== "Tab" && event.key !== "Shift") skip();
      const i = choiceIndexForKey(event.key, shown.options.length);
      if (i === null) return;
      event.preventDefault();
      if (!enabled || !keysReady) return;
      choose(shown.options[i]!.option);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [shown.options, choose, enabled, keysReady, ownKeysOnly, answering, skip]);

  // The chosen button is gone: put focus on the turn heading so Tab leads to the new responses.
  useLayoutEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    headingRef.current?.focus({ preventScroll: true });
  }, [shown.turns]);

  // Keep the newest line in view, just above the tray, as a chat does: on arrival (on a phone the
  // tray would cover the customer's first line otherwise) and after each turn.
  const scrolledFor = useRef<string | null>(null);
  useEffect(() => {
    const key = `${shown.turns}:${waiting}:${typing}`;
    if (scrolledFor.current === key) return;
    scrolledFor.current = key;
    if (!followScroll) return;
    window.scrollTo({ top: document.documentElement.scrollHeight, behavior: "auto" });
  }, [followScroll, shown.turns, waiting, typing]);

  // ---------------------------------------------------------------- screen readers and read-aloud
  const [announcement, setAnnouncement] = useState("");
  const announcedTurns = useRef(shown.turns);
  const { speak } = readAloud;
  useEffect(() => {
    if (announcedTurns.current === shown.turns) return;
    announcedTurns.current = shown.turns;
    setAnnouncement(
      done
        ? `${persona}: ${shown.line} The call has ended. ${outcomeSentence(shown.ended?.kind)}`
        : `Turn ${shown.turns + 1}. ${persona}: ${shown.line}`,
    );
    speak(shown.line);
  }, [done, shown.line, shown.turns, shown.ended?.kind, persona, speak]);

  const lastSaid = waiting ? pendingSaid : typing ? (view.transcript.at(-1)?.said ?? null) : null;

  return (
    <div ref={rootRef} onPointerDown={answering ? skip : undefined}>
      {header}

      <div className="@container">
        <div className="@3xl:grid @3xl:grid-cols-[minmax(0,1fr)_17rem] @3xl:items-start @3xl:gap-8">
          {/* On a narrow screen these sit above the conversation (the mood strip sticks to the top);
              on a wide one they are a sticky side column. */}
          <div className="contents @3xl:sticky @3xl:top-6 @3xl:col-start-2 @3xl:row-start-1 @3xl:block @3xl:space-y-4">
            <section
              aria-labelledby="mood-heading"
              className="sticky top-0 z-20 mb-3 rounded-lg border border-slate-200 bg-white px-3 py-2.5 shadow-sm @3xl:static @3xl:mb-0 @3xl:p-5"
            >
              <div className="flex min-h-8 items-center justify-between gap-3">
                {/* On a narrow screen the strip is the call's header, as in a messaging app: who is on the
                    line stays in view (the conversation's own name row would scroll under the strip). */}
                <div className="flex min-w-0 items-center gap-2.5">
                  <span className="contents @3xl:hidden">
                    <Avatar name={persona} small />
                  </span>
                  <div className="min-w-0">
                    <p className="truncate text-sm font-semibold text-slate-900 @3xl:hidden">{persona}</p>
                    <Progress view={shown} />
                  </div>
                </div>
                {readAloud.supported ? (
                  <button
                    type="button"
                    aria-pressed={readAloud.on}
                    onClick={() => readAloud.toggle(shown.line)}
                    className={`${buttonStyles.small} shrink-0 aria-pressed:border-brand-600 aria-pressed:bg-brand-50 aria-pressed:text-brand-800`}
                  >
                    {readAloud.on ? <Volume2 aria-hidden="true" className="h-4 w-4" /> : <VolumeX aria-hidden="true" className="h-4 w-4" />}
                    Read aloud
                  </button>
                ) : null}
              </div>
              <h2
                id="mood-heading"
                className="sr-only @3xl:not-sr-only @3xl:mt-4 @3xl:mb-3 @3xl:block @3xl:text-base @3xl:font-semibold @3xl:text-slate-900"
              >
                {persona}&rsquo;s mood
              </h2>
              <div className="mt-2 @3xl:mt-0">
                <MoodMeter mood={shown.mood} previous={shown.previousMood} />
              </div>
            </section>

            <details
              className="mb-3 rounded-lg border border-slate-200 bg-white shadow-sm @3xl:mb-0"
              open={briefOpen}
              onToggle={(event) => setBriefOpen(event.currentTarget.open)}
            >
              <summary className="cursor-pointer rounded-lg px-4 py-2.5 font-medium text-slate-900 hover:bg-slate-50">
                Your brief <span className="font-normal text-slate-700">· version {brief.version}</span>
              </summary>
              <div className="space-y-2 px-4 pb-4 text-sm text-slate-800">
                {paragraphs(brief.brief).map((p) => (
                  <p key={p}>{p}</p>
                ))}
                <p>
                  <strong>{brief.persona.name}</strong>: {brief.persona.description}
                </p>
              </div>
            </details>
          </div>

          <div className="min-w-0 @3xl:col-start-1 @3xl:row-start-1">
            <section aria-labelledby="conversation-heading" className="pb-3">
              <h2 id="conversation-heading" className="sr-only">
                Conversation
              </h2>
              <div className="mb-3 hidden items-center gap-3 @3xl:flex">
                <Avatar name={persona} />
                <p className="min-w-0">
                  <span className="block font-semibold text-slate-900">{persona}</span>
                  <span className="block text-sm text-slate-700">On the line · practice call</span>
                </p>
              </div>
              <ol className="space-y-3">
                {shown.transcript.map((entry, index) => (
                  <Fragment key={index}>
                    <CustomerBubble persona={persona} text={entry.customer} />
                    <TraineeBubble text={entry.said} />
                  </Fragment>
                ))}
                <CustomerBubble persona={persona} text={shown.line} />
                {lastSaid !== null ? <TraineeBubble text={lastSaid} testId={waiting ? "pending-turn" : undefined} /> : null}
                {answering ? <TypingBubble persona={persona} /> : null}
              </ol>
            </section>

            {problems ? <div className="mb-3 empty:hidden">{problems}</div> : null}

            <section
              aria-labelledby="turn-heading"
              className="sticky bottom-0 z-20 -mx-1 rounded-t-xl border border-slate-200 bg-white px-3 pt-3 pb-3 shadow-[0_-6px_16px_-8px_rgb(15_23_42/0.25)] @3xl:mx-0 @3xl:rounded-xl @3xl:p-4"
            >
              <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
                <h2
                  id="turn-heading"
                  ref={headingRef}
                  tabIndex={-1}
                  className="-mx-1 rounded px-1 text-sm font-semibold uppercase tracking-wide text-slate-700"
                >
                  {done ? `Call ended after ${shown.turns} ${shown.turns === 1 ? "turn" : "turns"}` : `Turn ${shown.turns + 1}`}
                </h2>
                {status}
              </div>
              {done ? (
                <div className="mt-2">
                  <p className="font-medium text-slate-900">{outcomeSentence(shown.ended?.kind)}</p>
                  {shown.ended?.summary ? <p className="mt-1 text-slate-800">{shown.ended.summary}</p> : null}
                  <div className="mt-3">{ending}</div>
                </div>
              ) : (
                <>
                  <p className="mt-1 text-sm text-slate-700">
                    {/* Announced while the customer answers; the instructions are not re-read every turn. */}
                    <span role="status">{answering ? `${persona} is answering…` : ""}</span>
                    {!answering ? (
                      <>
                        Choose your response
                        <span className="hidden @md:inline">: click it or press its number key (1–{shown.options.length})</span>.
                      </>
                    ) : null}
                  </p>
                  <ol
                    ref={choicesRef}
                    className="mt-2 max-h-[50vh] space-y-2 overflow-y-auto overscroll-contain @3xl:max-h-none @3xl:overflow-visible"
                    data-keys-ready={enabled && keysReady ? "true" : "false"}
                  >
                    {shown.options.map((choice, i) => (
                      <li key={`${shown.turns}:${choice.option}`}>
                        <button
                          type="button"
                          onClick={(event) => choose(choice.option, event.detail)}
                          disabled={!enabled}
                          aria-keyshortcuts={String(i + 1)}
                          className="flex w-full items-start gap-2.5 rounded-lg border border-slate-300 bg-white px-3 py-2 text-left text-[0.9375rem] leading-snug text-slate-900 shadow-sm hover:border-brand-600 hover:bg-brand-50 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-600 @3xl:p-3 @3xl:text-base"
                        >
                          <kbd className="mt-px inline-flex h-5 w-5 shrink-0 items-center justify-center rounded border border-slate-400 bg-slate-50 font-sans text-xs font-semibold text-slate-800">
                            {i + 1}
                          </kbd>
                          <span>{choice.text}</span>
                        </button>
                      </li>
                    ))}
                  </ol>
                </>
              )}
            </section>
          </div>
        </div>
      </div>

      {/* The customer's new line, read out after each turn. Empty at first: the line is on screen on arrival. */}
      <div aria-live="polite" aria-atomic="true" className="sr-only" data-testid="announcer">
        {announcement}
      </div>
    </div>
  );
}

/** Where a call container counts as wide (the container query `@3xl`, 48rem): two columns, the brief open at the start. */
const WIDE_PX = 768;

function initials(name: string): string {
  const words = name
    .replace(/^(Mr|Mrs|Ms|Miss|Dr|Mx)\.?\s+/i, "")
    .split(/\s+/)
    .filter(Boolean);
  return ((words[0]?.[0] ?? "?") + (words.length > 1 ? words[words.length - 1]![0]! : "")).toUpperCase();
}

function Avatar({ name, small = false }: { name: string; small?: boolean }) {
  return (
    <span
      aria-hidden="true"
      className={`inline-flex shrink-0 items-center justify-center rounded-full bg-brand-100 font-semibold text-brand-800 ${small ? "h-8 w-8 text-xs" : "h-11 w-11 text-sm"}`}
    >
      {initials(name)}
    </span>
  );
}

function CustomerBubble({ persona, text }: { persona: string; text: string }) {
  return (
    <li className="flex items-end gap-2 pr-6">
      <Avatar name={persona} small />
      <p className="min-w-0 rounded-2xl rounded-bl-sm border border-slate-200 bg-white px-3.5 py-2.5 leading-relaxed text-slate-900 shadow-sm">
        <span className="sr-only">{persona}: </span>
        {text}
      </p>
    </li>
  );
}

function TraineeBubble({ text, testId }: { text: string; testId?: string }) {
  return (
    <li className="flex justify-end pl-10" data-testid={testId}>
      <p className="min-w-0 rounded-2xl rounded-br-sm bg-brand-700 px-3.5 py-2.5 leading-relaxed text-white shadow-sm">
        <span className="sr-only">You: </span>
        {text}
      </p>
    </li>
  );
}

function TypingBubble({ persona }: { persona: string }) {
  return (
    <li className="flex items-end gap-2" data-testid="typing">
      <Avatar name={persona} small />
      <p className="flex h-10 items-center gap-1 rounded-2xl rounded-bl-sm border border-slate-200 bg-white px-4 shadow-sm">
        <span className="sr-only">{persona} is typing</span>
        {[0, 150, 300].map((delay) => (
          <span
            key={delay}
            aria-hidden="true"
            className="h-2 w-2 rounded-full bg-slate-500 motion-safe:animate-bounce"
            style={{ animationDelay: `${delay}ms` }}
          />
        ))}
      </p>
    </li>
  );
}

/** "Turn 3 of at least 7", with a dot per turn played and per turn still to come at the least. */
function Progress({ view }: { view: CallView }) {
  const done = view.ended !== null;
  const left = view.turnsLeft;
  const total = left === null ? null : view.turns + left;
  const text = done
    ? `Call ended after ${view.turns} ${view.turns === 1 ? "turn" : "turns"}`
    : total === null
      ? `Turn ${view.turns + 1}`
      : `Turn ${view.turns + 1} of at least ${total}`;
  return (
    <div className="min-w-0">
      <p className="text-sm font-medium text-slate-900" data-testid="progress">
        {text}
      </p>
      {total !== null && total <= 24 ? (
        <div aria-hidden="true" className="mt-1 flex flex-wrap gap-1">
          {Array.from({ length: total }, (_, i) => (
            <span
              key={i}
              className={`h-1.5 w-3 rounded-full ${i < view.turns ? "bg-brand-600" : i === view.turns && !done ? "bg-brand-600/50" : "bg-slate-200"}`}
            />
          ))}
        </div>
      ) : null}
    </div>
  );
}

// ---------------------------------------------------------------- hooks

function subscribeReducedMotion(onChange: () => void) {
  const query = window.matchMedia("(prefers-reduced-motion: reduce)");
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

function useReducedMotion(): boolean {
  return useSyncExternalStore(
    subscribeReducedMotion,
    () => window.matchMedia("(prefers-reduced-motion: reduce)").matches,
    () => false,
  );
}

/**
 * The view on screen: the newest view, except that a reply to the trainee's choice waits out
 * the typing pause first (pacing.ts). `markChosen` starts the pause's clock; `skip` ends it.
 */
function useRevealedView(view: CallView, reducedMotion: boolean) {
  const [shown, setShown] = useState(view);
  const [typing, setTyping] = useState(false);
  const chosenAt = useRef<number | null>(null);
  const skipped = useRef(false);
  const latest = useRef(view);
  const shownRef = useRef(view);
  useEffect(() => {
    latest.current = view;
    if (view === shownRef.current) return;
    const afterChoice = chosenAt.current !== null && view.turns === shownRef.current.turns + 1;
    const wait = afterChoice
      ? remainingPauseMs(view.line, performance.now() - chosenAt.current!, { reducedMotion, skipped: skipped.current })
      : 0;
    chosenAt.current = null;
    skipped.current = false;
    const reveal = () => {
      shownRef.current = view;
      setShown(view);
      setTyping(false);
    };
    if (wait === 0) {
      reveal();
      return;
    }
    setTyping(true);
    const timer = setTimeout(reveal, wait);
    return () => clearTimeout(timer);
  }, [view, reducedMotion]);
  const markChosen = useCallback(() => {
    chosenAt.current = performance.now();
    skipped.current = false;
  }, []);
  const skip = useCallback(() => {
    if (latest.current !== shownRef.current) {
      shownRef.current = latest.current;
      setShown(latest.current);
      setTyping(false);
    } else if (chosenAt.current !== null) skipped.current = true;
  }, []);
  return { shown, typing, markChosen, skip };
}

function subscribeStorage(onChange: () => void) {
  window.addEventListener("storage", onChange);
  window.addEventListener(READ_ALOUD_EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(READ_ALOUD_EVENT, onChange);
  };
}

const READ_ALOUD_EVENT = "steady:read-aloud";
/** How long a line waits for the browser's voices to load before it is spoken with its default voice. */
const VOICES_WAIT_MS = 600;

function readAloudSetting(): boolean {
  try {
    return window.localStorage.getItem(READ_ALOUD_KEY) === "on";
  } catch {
    return false;
  }
}

/** Read-aloud of the customer's lines: off by default, remembered on this device; none without speech synthesis. */
function useReadAloud(persona: string) {
  const supported = useSyncExternalStore(
    noSubscription,
    () => typeof window.speechSynthesis !== "undefined" && typeof window.SpeechSynthesisUtterance !== "undefined",
    () => false,
  );
  const on = useSyncExternalStore(
    subscribeStorage,
    () => supported && readAloudSetting(),
    () => false,
  );
  const onRef = useRef(on);
  useEffect(() => {
    onRef.current = on;
  }, [on]);
  /** Drops a line still waiting for the voices to load. */
  const dropWaiting = useRef<(() => void) | null>(null);
  const stop = useCallback(() => {
    dropWaiting.current?.();
    window.speechSynthesis?.cancel();
  }, []);
  const say = useCallback(
    (line: string) => {
      if (typeof window.speechSynthesis === "undefined" || !line) return;
      const synth = window.speechSynthesis;
      stop();
      const sayWith = (voices: SpeechSynthesisVoice[]) => {
        const utterance = new SpeechSynthesisUtterance(line);
        const voice = voiceFor(voices, persona, document.documentElement.lang || "en");
        if (voice) {
          utterance.voice = voice;
          utterance.lang = voice.lang;
        }
        synth.speak(utterance);
      };
      const voices = synth.getVoices();
      if (voices.length) return sayWith(voices);
      // Some browsers (Chrome) load the voices after the page: wait for them a moment, so the
      // persona's first line is in the same voice as the rest; then speak with what there is.
      const go = () => {
        dropWaiting.current?.();
        sayWith(synth.getVoices());
      };
      const timer = window.setTimeout(go, VOICES_WAIT_MS);
      synth.addEventListener("voiceschanged", go);
      dropWaiting.current = () => {
        dropWaiting.current = null;
        window.clearTimeout(timer);
        synth.removeEventListener("voiceschanged", go);
      };
    },
    [persona, stop],
  );
  const speak = useCallback(
    (line: string) => {
      if (onRef.current) say(line);
    },
    [say],
  );
  const toggle = useCallback(
    (currentLine: string) => {
      const next = !readAloudSetting();
      try {
        window.localStorage.setItem(READ_ALOUD_KEY, next ? "on" : "off");
      } catch {
        // Storage refused (private mode): the toggle still works for this page.
      }
      window.dispatchEvent(new Event(READ_ALOUD_EVENT));
      if (!next) stop();
      else say(currentLine);
    },
    [say, stop],
  );
  // Stop speaking when the call leaves the screen.
  useEffect(() => stop, [stop]);
  return { supported, on, toggle, speak };
}

function noSubscription() {
  return () => {};
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
    <p className={`flex items-center gap-1 text-sm ${style}`} data-testid="save-status">
      {text === "Saved" ? <Check aria-hidden="true" className="h-4 w-4" /> : null}
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
