import { assign, fromPromise, setup, type ActorRefFrom, type SnapshotFrom } from "xstate";

/**
 * The call session in the browser: the trainee's turns go to the server in order, one at a
 * time, with retries. An XState actor, tested without the UI (call-session.test.ts).
 *
 * - Turn n+1 is never sent before turn n was accepted.
 * - A network failure, a timeout, a 5xx, 408, 425 or 429 is retried with backoff; the server treats
 *   a resend of the same index and choice as a no-op, so retrying is always safe.
 * - When the retries run out the session stops in `failed`; RETRY carries on.
 * - 401 stops in `signedOut`; any other 4xx (409 conflict, 422 choice not offered, ...) stops in
 *   `rejected`: the browser is out of step with the saved call and must resync.
 *
 * The transport is the `post` actor, provided by the player (and by the tests); backoff delays
 * run on the actor's clock, so tests use XState's SimulatedClock.
 */

export interface TurnSubmission {
  /** 0-based turn index. */
  index: number;
  choiceId: string;
}

/** What the transport returns for a request that got an HTTP answer; it throws on a network error. */
export interface PostResult {
  status: number;
  body: unknown;
}

export interface CallSessionContext {
  /** Turns waiting to be saved, the first being sent. */
  queue: TurnSubmission[];
  /** Turns the server has confirmed as saved. */
  saved: number;
  /** Failed attempts at the turn being sent. */
  attempt: number;
  retryDelays: readonly number[];
  /** The server's call status after the last saved turn, when known. */
  callStatus: "in_progress" | "completed" | null;
  /** For failed, rejected and signed out: what went wrong, in words for the trainee. */
  message: string | null;
  httpStatus: number | null;
  /** Error code from the server's `{ error: { code } }`, when it sent one. */
  code: string | null;
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

function turnOf(body: unknown): { turnCount?: number; status?: string } {
  if (body && typeof body === "object" && "turn" in body) {
    const turn = (body as { turn: unknown }).turn;
    if (turn && typeof turn === "object") return turn as { turnCount?: number; status?: string };
  }
  return {};
}

const isOk = (r: PostResult) => r.status >= 200 && r.status < 300;
const isRejection = (r: PostResult) => r.status >= 400 && r.status < 500 && r.status !== 401 && !RETRYABLE.has(r.status);

export const callSessionMachine = setup({
  types: {
    context: {} as CallSessionContext,
    events: {} as { type: "SUBMIT"; turn: TurnSubmission } | { type: "RETRY" },
    input: {} as { saved: number; retryDelays?: readonly number[] },
  },
  actors: {
    post: fromPromise<PostResult, TurnSubmission>(async () => {
      throw new Error("the player provides the post actor");
    }),
  },
  delays: {
    backoff: ({ context }) => context.retryDelays[context.attempt - 1] ?? 0,
  },
  guards: {
    hasPending: ({ context }) => context.queue.length > 0,
    isSaved: (_, result: PostResult) => isOk(result),
    isSignedOut: (_, result: PostResult) => result.status === 401,
    isRejected: (_, result: PostResult) => isRejection(result),
    outOfRetries: ({ context }) => context.attempt + 1 > context.retryDelays.length,
  },
  actions: {
    enqueue: assign({ queue: ({ context }, turn: TurnSubmission) => [...context.queue, turn] }),
    markSaved: assign(({ context }, result: PostResult) => {
      const [sent, ...rest] = context.queue;
      const turn = turnOf(result.body);
      return {
        queue: rest,
        saved: typeof turn.turnCount === "number" ? turn.turnCount : sent!.index + 1,
        attempt: 0,
        callStatus: turn.status === "completed" || turn.status === "in_progress" ? turn.status : context.callStatus,
        message: null,
        httpStatus: null,
        code: null,
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
        message: message ?? `The server refused turn ${context.queue[0]!.index + 1} (HTTP ${result.status}).`,
        httpStatus: result.status,
        code,
      };
    }),
    countAttempt: assign({ attempt: ({ context }) => context.attempt + 1 }),
    noteFailed: assign(({ context }, result: PostResult | null) => ({
      attempt: context.attempt + 1,
      message: `Turn ${context.queue[0]!.index + 1} could not be saved${result ? ` (HTTP ${result.status})` : " (no connection)"}.`,
      httpStatus: result?.status ?? null,
      code: result ? errorOf(result.body).code : null,
    })),
    resetAttempt: assign({ attempt: 0, message: null, httpStatus: null, code: null }),
  },
}).createMachine({
  id: "callSession",
  context: ({ input }) => ({
    queue: [],
    saved: input.saved,
    attempt: 0,
    retryDelays: input.retryDelays ?? DEFAULT_DELAYS,
    callStatus: null,
    message: null,
    httpStatus: null,
    code: null,
  }),
  initial: "idle",
  // A turn can be chosen at any time; it waits in order behind the ones not yet saved.
  on: { SUBMIT: { actions: { type: "enqueue", params: ({ event }) => event.turn } } },
  states: {
    idle: { always: { guard: "hasPending", target: "sending" } },
    sending: {
      invoke: {
        src: "post",
        input: ({ context }) => context.queue[0]!,
        onDone: [
          {
            guard: { type: "isSaved", params: ({ event }) => event.output },
            target: "idle",
            actions: { type: "markSaved", params: ({ event }) => event.output },
          },
          {
            guard: { type: "isSignedOut", params: ({ event }) => event.output },
            target: "signedOut",
            actions: { type: "noteSignedOut", params: ({ event }) => event.output },
          },
          {
            guard: { type: "isRejected", params: ({ event }) => event.output },
            target: "rejected",
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
    failed: { on: { RETRY: { target: "idle", actions: "resetAttempt" } } },
    rejected: {},
    signedOut: {},
  },
});

export type CallSessionSnapshot = SnapshotFrom<typeof callSessionMachine>;
export type CallSessionRef = ActorRefFrom<typeof callSessionMachine>;

export type SessionPhase = "idle" | "saving" | "retrying" | "failed" | "rejected" | "signed-out";

/** What the player shows about saving, from a snapshot (components select just this). */
export interface SaveState {
  phase: SessionPhase;
  saved: number;
  pending: number;
  attempt: number;
  callStatus: CallSessionContext["callStatus"];
  message: string | null;
  httpStatus: number | null;
  code: string | null;
}

export function saveStateOf(snapshot: CallSessionSnapshot): SaveState {
  const c = snapshot.context;
  const phase: SessionPhase = snapshot.matches("failed")
    ? "failed"
    : snapshot.matches("rejected")
      ? "rejected"
      : snapshot.matches("signedOut")
        ? "signed-out"
        : snapshot.matches("backingOff") || (snapshot.matches("sending") && c.attempt > 0)
          ? "retrying"
          : snapshot.matches("sending")
            ? "saving"
            : "idle";
  return {
    phase,
    saved: c.saved,
    pending: c.queue.length,
    attempt: c.attempt,
    callStatus: c.callStatus,
    message: c.message,
    httpStatus: c.httpStatus,
    code: c.code,
  };
}

/** Shallow equality for `useSelector(ref, saveStateOf, sameSaveState)`: re-render only when something shown changed. */
export function sameSaveState(a: SaveState, b: SaveState): boolean {
  return (Object.keys(a) as (keyof SaveState)[]).every((k) => a[k] === b[k]);
}
