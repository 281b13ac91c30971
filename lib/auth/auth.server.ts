import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { db } from "../db/client.server";
import { env, isPostgres } from "../env.server";
import { authSecret } from "./secret.server";

export const ROLES = ["trainee", "trainer", "manager"] as const;
export type Role = (typeof ROLES)[number];

/** Sign-in attempts allowed per client IP per minute. */
export const SIGN_IN_LIMIT = { window: 60, max: 10 };

function createAuth() {
  const e = env();
  return betterAuth({
    database: prismaAdapter(db(), { provider: isPostgres(e.DATABASE_URL) ? "postgresql" : "sqlite" }),
    secret: authSecret(),
    ...(e.BETTER_AUTH_URL ? { baseURL: e.BETTER_AUTH_URL } : {}),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
    user: {
      additionalFields: {
        role: { type: "string", required: true, defaultValue: "trainee", input: false },
        teamId: { type: "string", required: false, input: false },
      },
    },
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
      // A signed copy of the session in a cookie, trusted for a minute: most requests (every
      // turn of a call) need no session lookup. Sign-out and expiry still apply within a minute.
      cookieCache: { enabled: true, maxAge: 60 },
    },
    rateLimit: {
      enabled: true,
      // In the database, so several app servers share the count.
      storage: "database",
      customRules: { "/sign-in/email": SIGN_IN_LIMIT },
    },
    advanced: {
      ipAddress: {
        ipAddressHeaders: [e.CLIENT_IP_HEADER.toLowerCase()],
        ...(e.TRUSTED_PROXIES.length ? { trustedProxies: e.TRUSTED_PROXIES } : {}),
      },
      // Secure cookies need https; over plain http (localhost) the browser would drop them.
      useSecureCookies: e.BETTER_AUTH_URL?.startsWith("https://") ?? false,
    },
    telemetry: { enabled: false },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { __steadyAuth?: Auth };

export function auth(): Auth {
  globalForAuth.__steadyAuth ??= createAuth();
  return globalForAuth.__steadyAuth;
}

export type SessionUser = { id: string; name: string; email: string; role: Role; teamId: string | null };
