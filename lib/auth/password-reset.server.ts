import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { z } from "zod";
import type { Db } from "../db/client.server";
import { AppError } from "../errors";
import { enqueueMail } from "../data/mail-jobs/enqueue-mail.server";
import { pruneSignInLocks } from "../data/sign-in-locks/prune-sign-in-locks.server";
import { reserveSignInAttempt, type AttemptRule } from "../data/sign-in-locks/reserve-sign-in-attempt.server";
import { addressBucket } from "../http/client-ip.server";
import { passwordResetEmail } from "../mail/templates";

/** How long a reset link works (Better Auth's resetPasswordTokenExpiresIn). */
export const RESET_TOKEN_SECONDS = 60 * 60;

/**
 * Better Auth's answer to every reset request it accepts, known address or not; the limiter's
 * silent refusal answers the same, so nothing tells whether an address has an account.
 */
export const RESET_REQUESTED_MESSAGE = "If this email exists in our system, check your email for the reset link";

/**
 * Reset requests, counted in the sign-in limiter's table (lib/data/sign-in-locks) under keys of
 * their own. Per address typed: 3 in 15 minutes, then no more emails (the answer stays the same,
 * so an address with no account is limited alike). Per client address: 20 in 15 minutes, then a
 * 429 that says when to try again. The window is the sign-in limiter's, whose pruning they share.
 */
export const RESET_LIMITS: { account: AttemptRule; address: AttemptRule } = {
  account: { maxFailures: 3, windowSeconds: 15 * 60 },
  address: { maxFailures: 20, windowSeconds: 15 * 60 },
};

export function resetKeys(email: string, clientIp: string | null): { account: string; address: string } {
  return { account: `reset:${email.trim().toLowerCase()}`, address: `reset-ip:${clientIp ? addressBucket(clientIp) : "unknown"}` };
}

/** The page where a reset link's holder chooses a new password. */
export function resetLink(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, "")}/reset-password?token=${encodeURIComponent(token)}`;
}

/** The reset email's job key: a hash of the token, so the token itself is not a key anyone can look up. */
function jobKey(token: string): string {
  return `password-reset:${createHash("sha256").update(token).digest("hex").slice(0, 40)}`;
}

/**
 * Better Auth's sendResetPassword, when email is on: queues the reset email (the outbox sends
 * it, retrying on failure) unless the account is turned off. It runs after the request was
 * answered (passwordResetGuard); failures are logged, never thrown.
 */
export function queuePasswordResetEmail(
  db: Db,
  data: { user: { id: string; name: string; email: string; deactivatedAt?: unknown }; token: string },
  options: { appUrl: string; afterQueue?: () => void; log?: (line: string) => void; now?: () => Date },
): Promise<void> {
  const log = options.log ?? console.log;
  const now = options.now?.() ?? new Date();
  return (async () => {
    if (data.user.deactivatedAt) {
      log(`[steady] password reset asked for a turned-off account (${data.user.id}): no email sent`);
      return;
    }
    const expiresAt = new Date(now.getTime() + RESET_TOKEN_SECONDS * 1000);
    const message = passwordResetEmail({ name: data.user.name, link: resetLink(options.appUrl, data.token), expiresAt });
    await enqueueMail(
      db,
      { key: jobKey(data.token), kind: "password-reset", to: data.user.email, userId: data.user.id, message, sendBefore: expiresAt },
      now,
    );
    options.afterQueue?.();
  })().catch((err: unknown) => log(`[steady] password reset email not queued: ${(err as Error).message}`));
}

function tooMany(retryAfterSeconds: number): APIError {
  const wait = retryAfterSeconds < 90 ? `${retryAfterSeconds} seconds` : `${Math.ceil(retryAfterSeconds / 60)} minutes`;
  return new APIError(
    "TOO_MANY_REQUESTS",
    { code: "TOO_MANY_RESET_REQUESTS", message: `Too many password reset requests from your network. Wait ${wait} and try again.` },
    { "Retry-After": String(retryAfterSeconds) },
  );
}

/** Better Auth's reset-request endpoint, as the guard calls it once the answer has gone. */
export type RequestPasswordReset = (input: { body: { email: string }; headers: Headers }) => Promise<unknown>;

/**
 * Limits and checks around Better Auth's reset endpoints, for the HTTP API and the forms alike:
 * - a reset request counts against the client address (over the limit: 429) and the address
 *   typed (over the limit: the usual answer, and no email);
 * - an accepted request is answered at once, the same for every address, and Better Auth's own
 *   endpoint (user lookup, token, email) runs after, in the background: how long the answer
 *   takes cannot tell whether an account exists (the endpoint alone writes a token for a known
 *   address and only reads for an unknown one);
 * - a new password is refused for a turned-off account, whose reset link may predate it.
 * `endpoint` is the auth instance's `api.requestPasswordReset`, given once it exists.
 */
export function passwordResetGuard(
  db: Db,
  clientIp: (headers: Headers) => string | null,
  options: {
    endpoint: () => RequestPasswordReset;
    offMessage: string;
    now?: () => Date;
    limits?: typeof RESET_LIMITS;
    log?: (line: string) => void;
  },
): BetterAuthPlugin {
  const now = options.now ?? (() => new Date());
  const limits = options.limits ?? RESET_LIMITS;
  const log = options.log ?? console.log;
  // Marks the background call, so it is not limited or deferred again; a client cannot know it.
  const innerCall = randomBytes(24).toString("base64url");
  let requestsSincePrune = 0;
  return {
    id: "steady-password-reset-guard",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === "/request-password-reset",
          handler: createAuthMiddleware(async (ctx) => {
            if (ctx.headers?.get(INNER_CALL_HEADER) === innerCall) return;
            // Email off: say so (Better Auth would answer the same code, and log an error each time).
            if (!ctx.context.options.emailAndPassword?.sendResetPassword) {
              throw new APIError("BAD_REQUEST", {
                code: "RESET_PASSWORD_DISABLED",
                message: "Email is not set up on this server, so no reset link can be sent. Ask your admin for one.",
              });
            }
            const email = (ctx.body as { email?: unknown } | undefined)?.email;
            // Not an email address: Better Auth's own check answers 400.
            if (typeof email !== "string" || !z.email().safeParse(email).success) return;
            const keys = resetKeys(email, clientIp(ctx.request?.headers ?? ctx.headers ?? new Headers()));
            const at = now();
            const address = await reserveSignInAttempt(db, keys.address, limits.address, at);
            if (!address.allowed) throw tooMany(address.retryAfterSeconds);
            const account = await reserveSignInAttempt(db, keys.account, limits.account, at);
            if (++requestsSincePrune >= 200) {
              requestsSincePrune = 0;
              await pruneSignInLocks(
                db,
                new Date(at.getTime() - Math.max(limits.account.windowSeconds, limits.address.windowSeconds) * 1000),
                at,
              );
            }
            if (account.allowed) {
              // Started once the answer is out: on SQLite a query holds the event loop while it
              // runs, and a known address's token and email writes must not delay the answer.
              setTimeout(() => {
                options
                  .endpoint()({ body: { email }, headers: new Headers({ [INNER_CALL_HEADER]: innerCall }) })
                  .catch((err: unknown) => log(`[steady] password reset request failed: ${(err as Error).message}`));
              }, BACKGROUND_DELAY_MS);
            }
            return ctx.json({ status: true, message: RESET_REQUESTED_MESSAGE });
          }),
        },
        {
          matcher: (ctx) => ctx.path === "/reset-password",
          handler: createAuthMiddleware(async (ctx) => {
            const token = (ctx.body as { token?: unknown } | undefined)?.token ?? (ctx.query as { token?: unknown } | undefined)?.token;
            if (typeof token !== "string" || !token) return; // Better Auth answers INVALID_TOKEN
            const verification = await ctx.context.internalAdapter.findVerificationValue(`reset-password:${token}`);
            if (!verification) return;
            const user = await db.user.findUnique({ where: { id: verification.value }, select: { deactivatedAt: true } });
            if (user?.deactivatedAt) throw new APIError("FORBIDDEN", { code: "ACCOUNT_TURNED_OFF", message: options.offMessage });
          }),
        },
      ],
    },
  };
}

const INNER_CALL_HEADER = "x-steady-reset-inner-call";
const BACKGROUND_DELAY_MS = 50;

/**
 * SEAM for admins (issue 13, People: "reset link"): a single-use reset link for one person, to
 * copy to them (when email is off, the only way back in for someone who forgot theirs). It is the
 * same kind of token the emailed link carries (Better Auth's `reset-password:` verification,
 * stored hashed), so the same page and endpoint take it. Refused for a turned-off account.
 */
export async function createPasswordResetLink(
  auth: {
    $context: Promise<{
      internalAdapter: { createVerificationValue: (data: { identifier: string; value: string; expiresAt: Date }) => Promise<unknown> };
    }>;
  },
  db: Db,
  userId: string,
  appUrl: string,
  now = new Date(),
): Promise<{ link: string; expiresAt: Date }> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { deactivatedAt: true } });
  if (!user) throw new AppError("not-found", "person not found");
  if (user.deactivatedAt) throw new AppError("conflict", "this account is turned off; turn it on before making a reset link");
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + RESET_TOKEN_SECONDS * 1000);
  const ctx = await auth.$context;
  await ctx.internalAdapter.createVerificationValue({ identifier: `reset-password:${token}`, value: userId, expiresAt });
  return { link: resetLink(appUrl, token), expiresAt };
}
