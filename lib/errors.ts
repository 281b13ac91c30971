/**
 * The one error type the app throws on purpose: a code, an HTTP status, and a message that is
 * safe to show the user. `detail` is sent to the client with the error (`toJSON`), so it may hold
 * only what the caller is allowed to see (the choices on offer, the turns saved), never internals.
 */
export type AppErrorCode =
  | "bad-request"
  | "unauthenticated"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "choice-not-offered"
  | "too-complex"
  | "rate-limited"
  | "busy";

const STATUS: Record<AppErrorCode, number> = {
  "bad-request": 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "choice-not-offered": 422,
  "too-complex": 422,
  "rate-limited": 429,
  busy: 503,
};

/**
 * A message as a sentence (D73): a capital first letter and a full stop, so a message composed
 * of lower-case parts ("line 3: " + "unknown tag") reads as a sentence where it is shown.
 * Idempotent: a sentence stays as it is.
 */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(first) ? first : `${first}.`;
}

export class AppError extends Error {
  readonly status: number;
  /** The message as a sentence ("Sign in first."), safe to show the user. */
  readonly userMessage: string;
  constructor(
    readonly code: AppErrorCode,
    userMessage: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(sentence(userMessage));
    this.userMessage = sentence(userMessage);
    this.status = STATUS[code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.userMessage, ...(this.detail ? { detail: this.detail } : {}) } };
  }
}

export const notFound = (what: string) => new AppError("not-found", `${what} not found`);
