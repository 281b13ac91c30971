import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { db as appDb, providerOf, type Db } from "../db/client.server";
import { env } from "../env.server";
import { RESOLVED_IP_HEADER, resolveClientIp } from "../http/client-ip.server";
import { inputLimits } from "./input-limits.server";
import type { Role } from "./roles";
import { authSecret } from "./secret.server";
import { signInGuard, signInLimits, type SignInLimits } from "./sign-in-guard.server";

export { ROLES, type Role } from "./roles";

export interface AuthSettings {
  db: Db;
  secret: string;
  baseURL?: string;
  limits: SignInLimits;
  /** The client's address for a request's headers (lib/http/client-ip.server.ts), or null when unknown. */
  clientIp: (headers: Headers) => string | null;
  now?: () => Date;
  /** Tests only: a cheaper password hash than Better Auth's scrypt, and no warnings logged. */
  testing?: {
    password: { hash: (password: string) => Promise<string>; verify: (data: { hash: string; password: string }) => Promise<boolean> };
  };
}

export const ACCOUNT_OFF_MESSAGE = "This account is turned off. Ask your administrator if you still need it.";

export function createAuth(settings: AuthSettings) {
  const { db } = settings;
  return betterAuth({
    database: prismaAdapter(db, { provider: providerOf(db) }),
    secret: settings.secret,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 8,
      ...(settings.testing ? { password: settings.testing.password } : {}),
    },
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
      customRules: { "/sign-in/email": false },
    },
    advanced: {
      // The address resolved by resolveClientIp, set by the auth route and the sign-in action.
      ipAddress: { ipAddressHeaders: [RESOLVED_IP_HEADER] },
      // Secure cookies need https; over plain http (localhost) the browser would drop them.
      useSecureCookies: settings.baseURL?.startsWith("https://") ?? false,
    },
    telemetry: { enabled: false },
    // nextCookies last: it copies the cookies of auth.api calls made in server actions.
    plugins: [inputLimits(), signInGuard(db, settings.limits, settings.clientIp, { now: settings.now }), nextCookies()],
  });
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
