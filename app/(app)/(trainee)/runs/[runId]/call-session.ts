import { assign, fromPromise, setup, type ActorRefFrom, type SnapshotFrom } from "xstate";
import type { CallView } from "@/lib/call/call-view";

/**
 * The call session in the browser: the trainee picks a response, the server plays it through
 * the customer machine and answers with the next view of the call (the customer's reply, the
 * mood, the next responses). The browser never holds the scenario, so it cannot run ahead: one
 * turn is in flight at a time, and a choice made while one is in flight is ignored. An XState
 * actor, tested without the UI (call-session.test.ts).
 *
 * - `ready` → CHOOSE → `sending`: the trainee's own line is shown at once (`pending`).
 * - A network failure, a timeout, a 5xx, 408, 425 or 429 is retried with backoff; the server
 *   treats a resend of the same index and response as a no-op, so retrying is always safe. When
 *   the retries run out the session stops in `failed`; RETRY sends the turn again.
 * - 401 stops in `signedOut`.
 * - Any other 4xx (409: the saved call moved on elsewhere, e.g. in another tab or after
 *   Back/Forward; 422: a response not offered) means the browser is out of step: `resyncing`
 *   fetches the saved call and shows it (`resynced` says so); if that fails too, `outOfStep`.
 * - RESYNC (the page was shown again from the back/forward cache) fetches the saved call when ready.
 * - CHECK (the player has just arrived) asks for the saved call in the background: the responses
 *   stay usable meanwhile, and the view changes only if the saved call moved on (a page rendered
 *   from the router's cache). A choice made first wins: its answer is the saved call.
 *
 * The transport is two actors provided by the player (and the tests): `post` a turn, `fetchCall`
 * the saved call. Backoff delays run on the actor's clock, so tests use XState's SimulatedClock.
 */

export interface TurnSubmission {
  /** 0-based turn index. */
  index: number;
  /** The response's 1-based position as shown. */
  option: number;
}

/** What the transport returns for a request that got an HTTP answer; it throws on a network error. */
export interface PostResult {
  status: number;
  body: unknown;
}

export interface PendingTurn extends TurnSubmission {
  /** What the trainee said, shown at once. */
  said: string;
}

export interface CallSessionContext {
  view: CallView;
  /** The turn being sent, if any. */
  pending: PendingTurn | null;
  /** Failed attempts at the turn being sent. */
  attempt: number;
  retryDelays: readonly number[];
  /** The server's call status after the last answer, when known. */
  callStatus: "in_progress" | "completed" | null;
  /** For failed, out of step and signed out: what went wrong, in words for the trainee. */
  message: string | null;
  httpStatus: number | null;
  /** Error code from the server's `{ error: { code } }`, when it sent one. */
  code: string | null;
  /** Set when the view was replaced by the saved call after the browser fell out of step. */
  resynced: boolean;
}

const DEFAULT_DELAYS = [500, 1000, 2000, 4000] as const;
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

function errorOf(body: unknown): { code: string | null; message: string | null } {
  if (body && typeof body === "object" && "error" in body) {
    const error = (body as { error: unknown }).error;
    if (error && typeof error === "object") {
      const { code, message } = error as { code?: unknown; message?: unknown };
      return { code: typeof code === "string" ? code : null, message: typeof message === "string" ? message : null };
    }
  }
  return { code: null, message: null };
}

/** The call view in a server answer (`{ call }`), when it has a usable one. */
export function callOf(body: unknown): CallView | null {
  if (!body || typeof body !== "object" || !("call" in body)) return null;
  const call = (body as { call: unknown }).call;
  if (!call || typeof call !== "object") return null;
  const c = call as Partial<CallView>;
  return typeof c.turns === "number" && typeof c.line === "string" && Array.isArray(c.options) && Array.isArray(c.transcript)
    ? (call as CallView)
    : null;
}

function statusOf(body: unknown): "in_progress" | "completed" | null {
  if (body && typeof body === "object" && "turn" in body) {
    const status = ((body as { turn: unknown }).turn as { status?: unknown } | null)?.status;
    if (status === "completed" || status === "in_progress") return status;
  }
  if (body && typeof body === "object" && "status" in body) {
    const status = (body as { status: unknown }).status;
    if (status === "completed" || status === "in_progress") return status;
  }
  return null;
}

/**
 * Fetching the call as saved (a resync, or the check on arrival): it is shown when it comes, a
 * 401 signs out, anything else (a failure, a refusal) goes to `otherwise`.
 */
function fetchSavedCall(targets: { saved: string; signedOut: string; otherwise: string }) {
  const output = ({ event }: { event: { output: PostResult } }) => event.output;
  return {
    src: "fetchCall",
    onDone: [
      { guard: { type: "isSaved", params: output }, target: targets.saved, actions: { type: "showResynced", params: output } },
      { guard: { type: "isSignedOut", params: output }, target: targets.signedOut, actions: { type: "noteSignedOut", params: output } },
      { target: targets.otherwise },
    ],
    onError: { target: targets.otherwise },
  } as const;
}

/** Two views of the same call as saved (the server's views are plain JSON). */
function sameView(a: CallView, b: CallView): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

const isSaved = (r: PostResult) => r.status >= 200 && r.status < 300 && callOf(r.body) !== null;
const isRejection = (r: PostResult) => r.status >= 400 && r.status < 500 && r.status !== 401 && !RETRYABLE.has(r.status);

export const callSessionMachine = setup({
  types: {
    context: {} as CallSessionContext,
    events: {} as { type: "CHOOSE"; option: number } | { type: "RETRY" } | { type: "RESYNC" } | { type: "CHECK" } | { type: "DISMISS" },
    input: {} as { view: CallView; retryDelays?: readonly number[] },
  },
  actors: {
    post: fromPromise<PostResult, TurnSubmission>(async () => {
      throw new Error("the player provides the post actor");
    }),
    fetchCall: fromPromise<PostResult, void>(async () => {
      throw new Error("the player provides the fetchCall actor");
    }),
  },
  delays: {
    backoff: ({ context }) => context.retryDelays[context.attempt - 1] ?? 0,
  },
  guards: {
    isOffered: ({ context }, option: number) => context.view.ended === null && context.view.options.some((o) => o.option === option),
    isSaved: (_, result: PostResult) => isSaved(result),
    isSignedOut: (_, result: PostResult) => result.status === 401,
    isRejected: (_, result: PostResult) => isRejection(result),
    outOfRetries: ({ context }) => context.attempt + 1 > context.retryDelays.length,
  },
  actions: {
    setPending: assign(({ context }, option: number) => ({
      pending: { index: context.view.turns, option, said: context.view.options.find((o) => o.option === option)!.text },
      resynced: false,
      message: null,
      httpStatus: null,
      code: null,
    })),
    showAnswer: assign(({ context }, result: PostResult) => ({
      view: callOf(result.body)!,
      pending: null,
      attempt: 0,
      callStatus: statusOf(result.body) ?? context.callStatus,
      message: null,
      httpStatus: null,
      code: null,
    })),
    showResynced: assign(({ context }, result: PostResult) => {
      const view = callOf(result.body)!;
      return {
        resynced: view.turns !== context.view.turns || context.pending !== null,
        // The same call as shown keeps its object: nothing on the page renders again.
        view: sameView(view, context.view) ? context.view : view,
        pending: null,
        attempt: 0,
        callStatus: statusOf(result.body),
      };
    }),
    noteSignedOut: assign((_, result: PostResult) => ({
      message: "You have been signed out. Sign in again to carry on: every saved turn is kept.",
      httpStatus: 401,
      code: errorOf(result.body).code,
    })),
    noteRejected: assign(({ context }, result: PostResult) => {
      const { code, message } = errorOf(result.body);
      return {
        message: message ?? `The server refused turn ${(context.pending?.index ?? context.view.turns) + 1} (HTTP ${result.status}).`,
        httpStatus: result.status,
        code,
      };
    }),
    countAttempt: assign({ attempt: ({ context }) => context.attempt + 1 }),
    noteFailed: assign(({ context }, result: PostResult | null) => ({
      attempt: context.attempt + 1,
      message: `Turn ${(context.pending?.index ?? context.view.turns) + 1} could not be saved${result ? ` (HTTP ${result.status})` : " (no connection)"}.`,
      httpStatus: result?.status ?? null,
      code: result ? errorOf(result.body).code : null,
    })),
    resetAttempt: assign({ attempt: 0, message: null, httpStatus: null, code: null }),
    dismiss: assign({ resynced: false }),
  },
}).createMachine({
  id: "callSession",
  context: ({ input }) => ({
    view: input.view,
    pending: null,
    attempt: 0,
    retryDelays: input.retryDelays ?? DEFAULT_DELAYS,
    callStatus: null,
    message: null,
    httpStatus: null,
    code: null,
    resynced: false,
  }),
  initial: "ready",
  states: {
    ready: {
      initial: "idle",
      states: {
        idle: { on: { CHECK: "checking" } },
        // In the background: anything but the saved call (a failure, a refusal) is left for the
        // next choice to find out, as it would have without the check.
        checking: { invoke: fetchSavedCall({ saved: "idle", signedOut: "#callSession.signedOut", otherwise: "idle" }) },
      },
      on: {
        // One response per turn: only a response on offer, and only while nothing is in flight.
        CHOOSE: {
          guard: { type: "isOffered", params: ({ event }) => event.option },
          target: "sending",
          actions: { type: "setPending", params: ({ event }) => event.option },
        },
        RESYNC: "resyncing",
        DISMISS: { actions: "dismiss" },
      },
    },
    sending: {
      invoke: {
        src: "post",
        input: ({ context }) => ({ index: context.pending!.index, option: context.pending!.option }),
        onDone: [
          {
            guard: { type: "isSaved", params: ({ event }) => event.output },
            target: "ready",
            actions: { type: "showAnswer", params: ({ event }) => event.output },
          },
          {
            guard: { type: "isSignedOut", params: ({ event }) => event.output },
            target: "signedOut",
            actions: { type: "noteSignedOut", params: ({ event }) => event.output },
          },
          {
            guard: { type: "isRejected", params: ({ event }) => event.output },
            target: "resyncing",
            actions: { type: "noteRejected", params: ({ event }) => event.output },
          },
          // 5xx, 408, 425, 429: back off and try again.
          { guard: "outOfRetries", target: "failed", actions: { type: "noteFailed", params: ({ event }) => event.output } },
          { target: "backingOff", actions: "countAttempt" },
        ],
        // Network error or timeout.
        onError: [
          { guard: "outOfRetries", target: "failed", actions: { type: "noteFailed", params: null } },
          { target: "backingOff", actions: "countAttempt" },
        ],
      },
    },
    backingOff: { after: { backoff: "sending" } },
    failed: { on: { RETRY: { target: "sending", actions: "resetAttempt" }, RESYNC: "resyncing" } },
    resyncing: { invoke: fetchSavedCall({ saved: "ready", signedOut: "signedOut", otherwise: "outOfStep" }) },
    outOfStep: { on: { RETRY: "resyncing", RESYNC: "resyncing" } },
    signedOut: {},
  },
});

export type CallSessionSnapshot = SnapshotFrom<typeof callSessionMachine>;
export type CallSessionRef = ActorRefFrom<typeof callSessionMachine>;

export type SessionPhase = "ready" | "sending" | "retrying" | "failed" | "resyncing" | "out-of-step" | "signed-out";

/** What the player shows about the session, from a snapshot (components select just this). */
export interface SaveState {
  phase: SessionPhase;
  attempt: number;
  callStatus: CallSessionContext["callStatus"];
  message: string | null;
  httpStatus: number | null;
  code: string | null;
  resynced: boolean;
}

export function saveStateOf(snapshot: CallSessionSnapshot): SaveState {
  const c = snapshot.context;
  const phase: SessionPhase = snapshot.matches("failed")
    ? "failed"
    : snapshot.matches("outOfStep")
      ? "out-of-step"
      : snapshot.matches("signedOut")
        ? "signed-out"
        : snapshot.matches("resyncing")
          ? "resyncing"
          : snapshot.matches("backingOff") || (snapshot.matches("sending") && c.attempt > 0)
            ? "retrying"
            : snapshot.matches("sending")
              ? "sending"
              : "ready";
  return {
    phase,
    attempt: c.attempt,
    callStatus: c.callStatus,
    message: c.message,
    httpStatus: c.httpStatus,
    code: c.code,
    resynced: c.resynced,
  };
}

/** Shallow equality for `useSelector(ref, saveStateOf, sameSaveState)`: re-render only when something shown changed. */
export function sameSaveState(a: SaveState, b: SaveState): boolean {
  return (Object.keys(a) as (keyof SaveState)[]).every((k) => a[k] === b[k]);
}
