/**
 * Sends a call's turns to the server in order, one at a time, with retries.
 *
 * - Turn n+1 is never sent before turn n was accepted.
 * - A network failure, a timeout, a 5xx, 408 or 429 is retried with backoff; the server
 *   treats a resend of the same index and choice as a no-op, so retrying is always safe.
 * - When the retries run out the queue stops in `failed`; `retry()` carries on.
 * - 401 stops in `signed-out`; any other 4xx (409 conflict, 422 choice not offered, ...)
 *   stops in `rejected`: the browser is out of step with the saved call and must resync.
 *
 * Pure TypeScript: the transport and the clock are injected, so it is tested without a browser.
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

export type QueuePhase = "idle" | "saving" | "retrying" | "failed" | "rejected" | "signed-out";

export interface QueueState {
  phase: QueuePhase;
  /** Turns the server has confirmed as saved. */
  saved: number;
  /** Turns waiting to be saved (including the one being sent). */
  pending: number;
  /** Failed attempts at the turn being sent. */
  attempt: number;
  /** The server's call status after the last saved turn, when known. */
  callStatus: "in_progress" | "completed" | null;
  /** For `failed`, `rejected`, `signed-out`: what went wrong, in words for the trainee. */
  message: string | null;
  /** HTTP status of a rejection. */
  httpStatus: number | null;
  /** Error code from the server's `{ error: { code } }`, when it sent one. */
  code: string | null;
}

export interface TurnQueueOptions {
  post: (turn: TurnSubmission) => Promise<PostResult>;
  /** Delays before each retry, in ms. Default 0.5 s, 1 s, 2 s, 4 s. */
  retryDelays?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  /** Turns already saved when the queue starts (the resumed call). */
  saved?: number;
  onChange?: (state: QueueState) => void;
}

export interface TurnQueue {
  push(turn: TurnSubmission): void;
  /** After `failed`: try the waiting turns again. */
  retry(): void;
  getState(): QueueState;
  /**
   * Stops reporting changes (the component unmounted). Turns already queued are still sent,
   * in order, so leaving the page through an in-app link loses nothing.
   */
  dispose(): void;
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

export function createTurnQueue(options: TurnQueueOptions): TurnQueue {
  const delays = options.retryDelays ?? DEFAULT_DELAYS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const items: TurnSubmission[] = [];
  let running = false;
  let disposed = false;
  let state: QueueState = initialQueueState(options.saved ?? 0);

  const set = (patch: Partial<QueueState>) => {
    state = { ...state, ...patch, pending: items.length };
    if (!disposed) options.onChange?.(state);
  };

  const halted = () => state.phase === "failed" || state.phase === "rejected" || state.phase === "signed-out";

  async function pump() {
    if (running) return;
    running = true;
    try {
      while (items.length > 0 && !halted()) {
        const turn = items[0]!;
        set({ phase: state.attempt > 0 ? "retrying" : "saving" });
        let result: PostResult | null = null;
        try {
          result = await options.post(turn);
        } catch {
          result = null; // network error or timeout: retry
        }

        if (result && result.status >= 200 && result.status < 300) {
          items.shift();
          const saved = turnOf(result.body);
          set({
            phase: items.length > 0 ? "saving" : "idle",
            saved: typeof saved.turnCount === "number" ? saved.turnCount : turn.index + 1,
            attempt: 0,
            callStatus: saved.status === "completed" || saved.status === "in_progress" ? saved.status : state.callStatus,
            message: null,
            httpStatus: null,
            code: null,
          });
          continue;
        }

        if (result && result.status === 401) {
          const { code } = errorOf(result.body);
          set({
            phase: "signed-out",
            message: "You have been signed out. Sign in again to carry on: every saved turn is kept.",
            httpStatus: 401,
            code,
          });
          return;
        }

        if (result && result.status >= 400 && result.status < 500 && !RETRYABLE.has(result.status)) {
          const { code, message } = errorOf(result.body);
          set({
            phase: "rejected",
            message: message ?? `The server refused turn ${turn.index + 1} (HTTP ${result.status}).`,
            httpStatus: result.status,
            code,
          });
          return;
        }

        // Network error, timeout, 5xx, 408, 429: back off and try again.
        const attempt = state.attempt + 1;
        if (attempt > delays.length) {
          set({
            phase: "failed",
            attempt,
            message: `Turn ${turn.index + 1} could not be saved${result ? ` (HTTP ${result.status})` : " (no connection)"}.`,
            httpStatus: result?.status ?? null,
            code: result ? errorOf(result.body).code : null,
          });
          return;
        }
        set({ phase: "retrying", attempt });
        await sleep(delays[attempt - 1]!);
      }
    } finally {
      running = false;
    }
  }

  return {
    push(turn) {
      items.push(turn);
      set({});
      void pump();
    },
    retry() {
      if (state.phase !== "failed") return;
      set({ phase: items.length > 0 ? "saving" : "idle", attempt: 0, message: null, httpStatus: null, code: null });
      void pump();
    },
    getState: () => state,
    dispose() {
      disposed = true;
    },
  };
}

/** True while turns are waiting or being sent (the trainee should not leave the page). */
export function hasUnsavedTurns(state: QueueState): boolean {
  return state.pending > 0;
}

/** The queue's state before anything is sent, with `saved` turns already on the server. */
export function initialQueueState(saved: number): QueueState {
  return { phase: "idle", saved, pending: 0, attempt: 0, callStatus: null, message: null, httpStatus: null, code: null };
}
