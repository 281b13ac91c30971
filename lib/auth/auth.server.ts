import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { db as appDb, providerOf, type Db } from "../db/client.server";
import { env } from "../env.server";
import { RESOLVED_IP_HEADER, resolveClientIp } from "../http/client-ip.server";
import { appUrl, kickMail, mailEnabled } from "../mail/mail.server";
import { getSsoRequired } from "../data/organisation-settings/get-sso-required.server";
import { inputLimits } from "./input-limits.server";
import { recordAudit } from "../data/audit/record-audit.server";
import { ROLES, type Role } from "./roles";
import { passwordResetGuard, queuePasswordResetEmail, RESET_TOKEN_SECONDS, type RequestPasswordReset } from "./password-reset.server";
import { authSecret } from "./secret.server";
import { clearSignInFailures } from "../data/sign-in-locks/clear-sign-in-failures.server";
import { attemptKeys, signInGuard, signInLimits, type SignInLimits } from "./sign-in-guard.server";
import { parseSsoConfig, SSO_PROVIDER_ID, type SsoConfig } from "./sso-config.server";
import { existingPersonRefusal, isSsoCallback, newPersonRefusal, SSO_ERROR, ssoPlugins, ssoRequiredMessage } from "./sso.server";

export { ROLES, type Role } from "./roles";

/** Single sign-on's default roles for a new person (OIDC_DEFAULT_ROLES), trainee when none is valid. */
function defaultRolesOf(sso: SsoConfig): Role[] {
  const roles = sso.defaultRoles.filter((r): r is Role => ROLES.includes(r as Role));
  return roles.length ? roles : ["trainee"];
}

const globalForSso = globalThis as unknown as { __steadySso?: SsoConfig | null };

/** Single sign-on's settings from the environment (OIDC_*), or null when it is not configured. */
export function ssoConfig(): SsoConfig | null {
  if (globalForSso.__steadySso === undefined) globalForSso.__steadySso = parseSsoConfig(process.env, ROLES);
  return globalForSso.__steadySso;
}

export interface AuthSettings {
  db: Db;
  secret: string;
  baseURL?: string;
  limits: SignInLimits;
  /** Single sign-on (lib/auth/sso-config.server.ts); none when null or absent. */
  sso?: SsoConfig | null;
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
  const sso = settings.sso ?? null;
  /**
   * With single sign-on configured and required by an admin, password sign-in is refused, except
   * for the break-glass addresses (OIDC_BREAK_GLASS_EMAILS): decision D63. Not counted as a failure.
   */
  const refusePassword = sso
    ? async (email: string) => {
        if (sso.breakGlassEmails.includes(email.toLowerCase())) return null;
        if (!(await getSsoRequired(db)).required) return null;
        return new APIError("FORBIDDEN", { code: SSO_ERROR.required, message: ssoRequiredMessage(sso) });
      }
    : undefined;
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
    account: {
      // The OAuth state and PKCE verifier ride in an encrypted cookie (10 minutes): nothing is
      // stored for a sign-in that is started and never finished.
      storeStateStrategy: "cookie",
      encryptOAuthTokens: true,
      // An SSO identity joins an existing person with the same address only when the provider
      // says the address is verified and our copy is verified too (Better Auth's conditions);
      // the hooks below add the allowed domains and a turned-off account (decision D62).
      accountLinking: { enabled: true, trustedProviders: [], allowDifferentEmails: false, requireLocalEmailVerified: true },
    },
    // Better Auth's errors on the way back from the provider land on the sign-in page (?error=…).
    onAPIError: { errorURL: "/sign-in" },
    databaseHooks: {
      user: {
        create: {
          // A new person from single sign-on: an allowed domain, a verified address, the default roles.
          before: async (user, ctx) => {
            if (!sso || !isSsoCallback(ctx)) return;
            const refusal = newPersonRefusal(sso, user);
            if (refusal) throw refusal;
          },
          // Roles are rows of their own (D54): written once the person's row exists.
          after: async (user, ctx) => {
            if (!sso || !isSsoCallback(ctx)) return;
            await db.userRole.createMany({ data: defaultRolesOf(sso).map((role) => ({ userId: user.id, role })) });
          },
        },
      },
      account: {
        create: {
          // An SSO identity joined to a person (new or existing): on, and in an allowed domain.
          before: async (account) => {
            if (!sso || account.providerId !== SSO_PROVIDER_ID) return;
            const user = await db.user.findUnique({ where: { id: account.userId }, select: { email: true, deactivatedAt: true } });
            const refusal = user ? existingPersonRefusal(sso, user) : null;
            if (refusal) throw refusal;
          },
        },
      },
      session: {
        create: {
          // A turned-off account gets no new session, whatever path signs it in; single sign-on
          // also needs the person's domain to be allowed still.
          before: async (session, ctx) => {
            const user = await db.user.findUnique({ where: { id: session.userId }, select: { email: true, deactivatedAt: true } });
            if (sso && user && isSsoCallback(ctx)) {
              const refusal = existingPersonRefusal(sso, user);
              if (refusal) throw refusal;
            }
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
      signInGuard(db, settings.limits, settings.clientIp, { now: settings.now, refusePassword }),
      passwordResetGuard(db, settings.clientIp, {
        endpoint: () => own.requestPasswordReset!,
        now: settings.now,
        offMessage: ACCOUNT_OFF_MESSAGE,
        ...(settings.testing ? { log: () => {} } : {}),
      }),
      ...(sso ? ssoPlugins(sso) : []),
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
      sso: ssoConfig(),
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
