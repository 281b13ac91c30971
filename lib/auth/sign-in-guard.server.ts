import "server-only";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import type { Db } from "../db/client.server";
import { clearSignInFailures } from "../data/sign-in-locks/clear-sign-in-failures.server";
import { pruneSignInLocks } from "../data/sign-in-locks/prune-sign-in-locks.server";
import { releaseSignInAttempt } from "../data/sign-in-locks/release-sign-in-attempt.server";
import { reserveSignInAttempt, type AttemptRule } from "../data/sign-in-locks/reserve-sign-in-attempt.server";
import { addressBucket } from "../http/client-ip.server";

export interface SignInLimits {
  /** Per account: failures in a row (a success resets them) before the account is locked for lockSeconds. */
  account: AttemptRule & { lockSeconds: number };
  /** Per client address: failures only (successes do not count), whatever the account. */
  address: AttemptRule;
}

/**
 * The defaults (README "For operators"). 10 wrong passwords lock an account for 15 minutes, from
 * any number of addresses. One address may fail 100 times in 15 minutes across accounts: a room
 * of 50 trainees behind one office NAT, each mistyping twice, stays under it, and successful
 * sign-ins never count.
 */
export function signInLimits(options: { lockSeconds?: number; addressMaxFailures?: number } = {}): SignInLimits {
  return {
    account: { maxFailures: 10, windowSeconds: 15 * 60, lockSeconds: options.lockSeconds ?? 15 * 60 },
    address: { maxFailures: options.addressMaxFailures ?? 100, windowSeconds: 15 * 60 },
  };
}

/** The limiter's keys for one attempt. The email is lower-cased as Better Auth looks it up. */
export function attemptKeys(email: string, clientIp: string | null): { account: string; address: string } {
  return { account: `account:${email.toLowerCase()}`, address: `ip:${clientIp ? addressBucket(clientIp) : "unknown"}` };
}

function wait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

function tooMany(code: string, message: string, retryAfterSeconds: number): APIError {
  return new APIError("TOO_MANY_REQUESTS", { code, message }, { "Retry-After": String(retryAfterSeconds) });
}

/**
 * One limiter on every sign-in path: a Better Auth plugin whose hooks run for
 * `POST /api/auth/sign-in/email` and for `auth.api.signInEmail` (the sign-in form) alike. Before
 * the password is checked, the attempt is counted against the account and the client address
 * (lib/data/sign-in-locks); after, a right password clears the account's failures and takes the
 * address's count back, a wrong one (401) stays counted, anything else (bad input, a turned-off
 * account) is taken back.
 */
export function signInGuard(
  db: Db,
  limits: SignInLimits,
  clientIp: (headers: Headers) => string | null,
  options: {
    now?: () => Date;
    /**
     * Checked first on every password sign-in: an error refuses it before anything is counted
     * (single sign-on required: lib/auth/auth.server.ts, decision D63).
     */
    refusePassword?: (email: string) => Promise<APIError | null>;
  } = {},
): BetterAuthPlugin {
  const now = options.now ?? (() => new Date());
  const isSignIn = (ctx: { path?: string }) => ctx.path === "/sign-in/email";
  const keysOf = (ctx: { body?: unknown; headers?: Headers; request?: Request }) => {
    const email = (ctx.body as { email?: unknown } | undefined)?.email;
    if (typeof email !== "string") return null; // Better Auth's own check answers 400
    return attemptKeys(email, clientIp(ctx.request?.headers ?? ctx.headers ?? new Headers()));
  };
  let attemptsSincePrune = 0;

  return {
    id: "steady-sign-in-guard",
    hooks: {
      before: [
        {
          matcher: isSignIn,
          handler: createAuthMiddleware(async (ctx) => {
            const keys = keysOf(ctx);
            if (!keys) return;
            const refusal = await options.refusePassword?.((ctx.body as { email: string }).email);
            if (refusal) throw refusal;
            const at = now();
            const account = await reserveSignInAttempt(db, keys.account, limits.account, at);
            if (!account.allowed) {
              throw tooMany(
                "ACCOUNT_LOCKED",
                `Too many wrong passwords for this account: it is locked. Wait ${wait(account.retryAfterSeconds)} and try again, or ask your manager.`,
                account.retryAfterSeconds,
              );
            }
            const address = await reserveSignInAttempt(db, keys.address, limits.address, at);
            if (!address.allowed) {
              await releaseSignInAttempt(db, keys.account);
              throw tooMany(
                "TOO_MANY_FAILED_SIGN_INS",
                `Too many failed sign-ins from your network. Wait ${wait(address.retryAfterSeconds)} and try again.`,
                address.retryAfterSeconds,
              );
            }
            if (++attemptsSincePrune >= 200) {
              attemptsSincePrune = 0;
              const longest = Math.max(limits.account.windowSeconds, limits.address.windowSeconds);
              await pruneSignInLocks(db, new Date(at.getTime() - longest * 1000), at);
            }
          }),
        },
      ],
      after: [
        {
          matcher: isSignIn,
          handler: createAuthMiddleware(async (ctx) => {
            const keys = keysOf(ctx);
            if (!keys) return;
            const returned = ctx.context.returned;
            const status = isAPIError(returned) ? returned.statusCode : returned instanceof Response ? returned.status : 200;
            if (status < 400) {
              await clearSignInFailures(db, keys.account);
              await releaseSignInAttempt(db, keys.address);
            } else if (status !== 401) {
              await releaseSignInAttempt(db, keys.account);
              await releaseSignInAttempt(db, keys.address);
            }
          }),
        },
      ],
    },
  };
}
