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

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: AppErrorCode,
    readonly userMessage: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(userMessage);
    this.status = STATUS[code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.userMessage, ...(this.detail ? { detail: this.detail } : {}) } };
  }
}

export const notFound = (what: string) => new AppError("not-found", `${what} not found`);
