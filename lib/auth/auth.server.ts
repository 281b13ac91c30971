import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { db as appDb, providerOf, type Db } from "../db/client.server";
import { env } from "../env.server";
import { RESOLVED_IP_HEADER, resolveClientIp } from "../http/client-ip.server";
import { appUrl, kickMail, mailEnabled } from "../mail/mail.server";
import { inputLimits } from "./input-limits.server";
import { recordAudit } from "../data/audit/record-audit.server";
import type { Role } from "./roles";
import { passwordResetGuard, queuePasswordResetEmail, RESET_TOKEN_SECONDS, type RequestPasswordReset } from "./password-reset.server";
import { authSecret } from "./secret.server";
import { clearSignInFailures } from "../data/sign-in-locks/clear-sign-in-failures.server";
import { attemptKeys, signInGuard, signInLimits, type SignInLimits } from "./sign-in-guard.server";

export { ROLES, type Role } from "./roles";

export interface AuthSettings {
  db: Db;
  secret: string;
  baseURL?: string;
  limits: SignInLimits;
  /** The client's address for a request's headers (lib/http/client-ip.server.ts), or null when unknown. */
  clientIp: (headers: Headers) => string | null;
  now?: () => Date;
  /**
   * Password reset by email: on when given (SMTP_URL is set). Links start with `appUrl`;
   * `afterQueue` runs after a reset email is queued (the server then sends it).
   */
  passwordReset?: { appUrl: string; afterQueue?: () => void };
  /** After a password was reset (its sessions are already gone): the app records it in the audit log. */
  onPasswordReset?: (user: { id: string; email: string }) => Promise<void>;
  /** Tests only: a cheaper password hash than Better Auth's scrypt, and no warnings logged. */
  testing?: {
    password: { hash: (password: string) => Promise<string>; verify: (data: { hash: string; password: string }) => Promise<boolean> };
  };
}

export const ACCOUNT_OFF_MESSAGE = "This account is turned off. Ask your administrator if you still need it.";

export function createAuth(settings: AuthSettings) {
  const { db } = settings;
  // The reset guard calls the instance's own endpoint, which exists once betterAuth returns.
  const own: { requestPasswordReset?: RequestPasswordReset } = {};
  const instance = betterAuth({
    database: prismaAdapter(db, { provider: providerOf(db) }),
    secret: settings.secret,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 8,
      ...(settings.testing ? { password: settings.testing.password } : {}),
      // Reset (decision D61): a single-use link for an hour; setting the new password ends every session.
      resetPasswordTokenExpiresIn: RESET_TOKEN_SECONDS,
      revokeSessionsOnPasswordReset: true,
      ...(settings.passwordReset
        ? {
            // Runs after the request was answered (passwordResetGuard).
            sendResetPassword: ({ user, token }: { user: { id: string; name: string; email: string }; token: string }) =>
              queuePasswordResetEmail(db, { user, token }, { ...settings.passwordReset!, now: settings.now }),
          }
        : {}),
      onPasswordReset: async ({ user }) => {
        // The person proved they hold the address: wrong passwords typed before no longer lock them out.
        await clearSignInFailures(db, attemptKeys(user.email, null).account);
        await settings.onPasswordReset?.({ id: user.id, email: user.email });
      },
    },
    // Reset tokens are kept only as hashes: a copy of the database cannot reset anyone's password.
    verification: { storeIdentifier: { default: "plain", overrides: { "reset-password:": "hashed" } } },
    ...(settings.testing ? { logger: { disabled: true } } : {}),
    user: {
      additionalFields: {
        teamId: { type: "string", required: false, input: false },
        deactivatedAt: { type: "date", required: false, input: false },
      },
    },
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
      // No signed copy of the session in a cookie: every request looks the session up, so a
      // sign-out, a deleted session or a turned-off account applies at once (decision D36).
      cookieCache: { enabled: false },
    },
    databaseHooks: {
      session: {
        create: {
          // A turned-off account gets no new session, whatever path signs it in.
          before: async (session) => {
            const user = await db.user.findUnique({ where: { id: session.userId }, select: { deactivatedAt: true } });
            if (user?.deactivatedAt) throw new APIError("FORBIDDEN", { code: "ACCOUNT_TURNED_OFF", message: ACCOUNT_OFF_MESSAGE });
          },
        },
      },
    },
    rateLimit: {
      enabled: true,
      // In the database, so several app servers share the count.
      storage: "database",
      // Sign-in has its own limiter (sign-in-guard.server.ts), which counts failures only;
      // Better Auth's would count every sign-in, successful ones included.
      // Reset requests likewise (password-reset.server.ts: per address typed and per client address).
      customRules: { "/sign-in/email": false, "/request-password-reset": false },
    },
    advanced: {
      // The address resolved by resolveClientIp, set by the auth route and the sign-in action.
      ipAddress: { ipAddressHeaders: [RESOLVED_IP_HEADER] },
      // Secure cookies need https; over plain http (localhost) the browser would drop them.
      useSecureCookies: settings.baseURL?.startsWith("https://") ?? false,
    },
    telemetry: { enabled: false },
    // nextCookies last: it copies the cookies of auth.api calls made in server actions.
    plugins: [
      inputLimits(),
      signInGuard(db, settings.limits, settings.clientIp, { now: settings.now }),
      passwordResetGuard(db, settings.clientIp, {
        endpoint: () => own.requestPasswordReset!,
        now: settings.now,
        offMessage: ACCOUNT_OFF_MESSAGE,
        ...(settings.testing ? { log: () => {} } : {}),
      }),
      nextCookies(),
    ],
  });
  own.requestPasswordReset = instance.api.requestPasswordReset;
  return instance;
}

export function clientIpFromEnv(headers: Headers): string | null {
  const e = env();
  return resolveClientIp(headers, {
    trustPeerHeader: e.STEADY_PEER_HEADER === "1",
    forwardedHeader: e.CLIENT_IP_HEADER.toLowerCase(),
    trustedProxies: e.TRUSTED_PROXIES,
  });
}

/**
 * Headers for a call into Better Auth: a copy of the request's, with the client address resolved
 * here in RESOLVED_IP_HEADER (any copy the client sent is replaced or removed).
 */
export function withResolvedIp(headers: Headers): Headers {
  const copy = new Headers(headers);
  copy.delete(RESOLVED_IP_HEADER);
  const ip = clientIpFromEnv(headers);
  if (ip) copy.set(RESOLVED_IP_HEADER, ip);
  return copy;
}

export type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { __steadyAuth?: Auth };

export function auth(): Auth {
  globalForAuth.__steadyAuth ??= (() => {
    const e = env();
    return createAuth({
      db: appDb(),
      secret: authSecret(),
      ...(e.BETTER_AUTH_URL ? { baseURL: e.BETTER_AUTH_URL } : {}),
      limits: signInLimits({ lockSeconds: e.SIGN_IN_LOCK_SECONDS, addressMaxFailures: e.SIGN_IN_IP_MAX_FAILURES }),
      clientIp: clientIpFromEnv,
      ...(mailEnabled() ? { passwordReset: { appUrl: appUrl(), afterQueue: kickMail } } : {}),
      onPasswordReset: (user) =>
        recordAudit(appDb(), {
          actor: { id: user.id, label: user.email },
          action: "person.password-reset",
          target: { userId: user.id, label: user.email },
        }),
    });
  })();
  return globalForAuth.__steadyAuth;
}

/** Forgets the process's auth instance (made on one database: see `closeDb`). */
export function forgetAuth(): void {
  globalForAuth.__steadyAuth = undefined;
}

/** A signed-in person: their roles are rows of their own (UserRole), read with the session. */
export type SessionUser = { id: string; name: string; email: string; roles: Role[]; teamId: string | null };
