import "server-only";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { genericOAuth, type GenericOAuthConfig } from "better-auth/plugins/generic-oauth";
import { isAllowedDomain, SSO_PROVIDER_ID, type SsoConfig } from "./sso-config.server";

/**
 * Single sign-on through Better Auth's generic OAuth plugin (an OpenID Connect provider found by
 * discovery; PKCE, state and nonce by Better Auth), and the rules around it (decision D62):
 *
 * - a new person is created only for an address the provider says is verified, in an allowed
 *   domain, with the configured default roles;
 * - an existing person (same address) is joined to their SSO identity only when the provider
 *   says the address is verified, our copy is verified too (Better Auth's own conditions), the
 *   domain is allowed, and the account is on; from then on the SSO identity is the provider's
 *   subject (`sub`), not the address;
 * - every SSO sign-in needs the person's domain to be allowed still, and the account on.
 *
 * Each refusal is an APIError with a code; Better Auth's callback turns it into a redirect to
 * the sign-in page with `?error=<code>`, which says what happened (ssoErrorMessage).
 */

export const SSO_ERROR = {
  domainNotAllowed: "SSO_DOMAIN_NOT_ALLOWED",
  emailNotVerified: "SSO_EMAIL_NOT_VERIFIED",
  accountOff: "ACCOUNT_TURNED_OFF",
  unavailable: "SSO_UNAVAILABLE",
  required: "SSO_REQUIRED",
} as const;

const MESSAGES: Record<string, string> = {
  [SSO_ERROR.domainNotAllowed]:
    "Single sign-on is not open to your email address's domain here. Sign in with the email and password you were given, or ask your administrator to invite you.",
  [SSO_ERROR.emailNotVerified]:
    "Your identity provider has not verified your email address, so Steady cannot use it. Verify it with your provider, or ask your administrator.",
  [SSO_ERROR.accountOff]: "This account is turned off, so single sign-on cannot open it. Ask your manager if you still need it.",
  [SSO_ERROR.unavailable]: "Single sign-on is not reachable just now. Try again in a minute, or ask your administrator.",
  // Better Auth's own codes on the way back from the provider.
  account_not_linked:
    "An account with this email address already exists here, but it cannot be joined to your single sign-on because the address is not verified on both sides. Sign in with your password, or ask your administrator.",
  access_denied: "Single sign-on was cancelled. Try again, or sign in with your password.",
  state_not_found: "That single sign-on attempt had expired or was started in another browser. Try again.",
  state_mismatch: "That single sign-on attempt had expired or was started in another browser. Try again.",
  state_invalid: "That single sign-on attempt had expired or was started in another browser. Try again.",
  email_not_found: "Your identity provider did not tell Steady your email address. Ask your administrator.",
};
const FALLBACK = "Single sign-on did not complete. Try again, or ask your administrator.";

/**
 * What the sign-in page shows for `?error=<code>` after single sign-on: our own words for every
 * code, never the text in the URL (anyone can put text there). Null when there is no code.
 */
export function ssoErrorMessage(code: string | undefined | null): string | null {
  if (!code) return null;
  return MESSAGES[code] ?? FALLBACK;
}

export function ssoRequiredMessage(config: SsoConfig): string {
  return `Your organisation signs in with ${config.displayName}: use “Sign in with ${config.displayName}” instead of a password.`;
}

/** Better Auth's endpoint context, as far as these rules read it. */
export interface EndpointLike {
  path?: string;
  params?: unknown;
  body?: unknown;
}

/**
 * Whether this request is our provider's sign-in coming back (`/callback/oidc`), through the HTTP
 * handler (the real path) or a direct `auth.api` call (the route pattern and its params).
 */
export function isSsoCallback(ctx: EndpointLike | null | undefined): boolean {
  if (!ctx?.path) return false;
  if (ctx.path === `/callback/${SSO_PROVIDER_ID}`) return true;
  return ctx.path === "/callback/:id" && (ctx.params as { id?: unknown } | undefined)?.id === SSO_PROVIDER_ID;
}

const refuse = (code: string) => new APIError("FORBIDDEN", { code, message: MESSAGES[code] ?? FALLBACK });

/** A new person from single sign-on: a verified address in an allowed domain, or the refusal. */
export function newPersonRefusal(config: SsoConfig, user: { email?: unknown; emailVerified?: unknown }): APIError | null {
  const email = typeof user.email === "string" ? user.email : "";
  if (!isAllowedDomain(email, config.allowedDomains)) return refuse(SSO_ERROR.domainNotAllowed);
  if (user.emailVerified !== true) return refuse(SSO_ERROR.emailNotVerified);
  return null;
}

/**
 * An SSO identity joined to (or signing in to) an existing person: their account must be on and
 * their address in an allowed domain. (Better Auth itself joins only verified addresses.)
 */
export function existingPersonRefusal(config: SsoConfig, user: { email: string; deactivatedAt: Date | null }): APIError | null {
  if (user.deactivatedAt) return refuse(SSO_ERROR.accountOff);
  if (!isAllowedDomain(user.email, config.allowedDomains)) return refuse(SSO_ERROR.domainNotAllowed);
  return null;
}

/** How long the first start of Better Auth waits for the provider's discovery document. */
export const DISCOVERY_WAIT_MS = 5_000;

/**
 * Better Auth fetches the discovery document while it starts (on the first request), with no time
 * limit: a provider that accepts connections and never answers would hold up every request,
 * password sign-ins and session checks included. After DISCOVERY_WAIT_MS the plugin starts without
 * the provider and marks it pending, as it does itself when discovery fails: the next "Sign in
 * with …" tries discovery again (within Better Auth's 10 s), and the button says the provider is
 * not reachable until it answers.
 */
function withDiscoveryDeadline(plugin: BetterAuthPlugin, pending: unknown): BetterAuthPlugin {
  const init = plugin.init;
  if (!init) return plugin;
  return {
    ...plugin,
    init: (async (ctx: Parameters<typeof init>[0]) => {
      const started = Promise.resolve(init(ctx));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => {
        timer = setTimeout(() => resolve("late"), DISCOVERY_WAIT_MS);
      });
      const result = await Promise.race([started, late]).finally(() => clearTimeout(timer));
      if (result !== "late") return result;
      started.catch(() => {});
      ctx.logger.error(
        `single sign-on: the provider's discovery document did not arrive within ${DISCOVERY_WAIT_MS} ms; trying again at the next sign-in`,
      );
      // The field Better Auth 1.7's generic OAuth keeps its pending providers in.
      return { context: { genericOAuthPendingDiscovery: new Map([[SSO_PROVIDER_ID, pending]]) } as never };
    }) as typeof init,
  };
}

/**
 * The plugins for single sign-on: Better Auth's generic OAuth with our provider, and a guard that
 * lets sign-in start only by the redirect flow (an ID token posted to `/sign-in/social` would skip
 * the provider's redirect, state and nonce: refused).
 */
export function ssoPlugins(config: SsoConfig): BetterAuthPlugin[] {
  const provider: GenericOAuthConfig = {
    providerId: SSO_PROVIDER_ID,
    name: config.displayName,
    discoveryUrl: config.discoveryUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    scopes: ["openid", "email", "profile"],
    pkce: true,
    // The identity (sub) comes from an ID token checked against the provider's keys.
    requireIdTokenVerification: true,
    // Signing out of Steady leaves the organisation's own session at the provider alone.
    disableProviderLogout: true,
    mapProfileToUser: (profile) => {
      const email = typeof profile.email === "string" ? profile.email : "";
      const name = typeof profile.name === "string" && profile.name.trim() ? profile.name.trim() : email.split("@")[0] || "New person";
      return { name: name.slice(0, 100) };
    },
  };
  return [
    withDiscoveryDeadline(genericOAuth({ config: [provider] }), provider),
    {
      id: "steady-sso-guard",
      hooks: {
        before: [
          {
            matcher: (ctx) => ctx.path === "/sign-in/social",
            handler: createAuthMiddleware(async (ctx) => {
              const body = (ctx.body ?? {}) as { provider?: unknown; idToken?: unknown };
              if (body.provider !== SSO_PROVIDER_ID || body.idToken !== undefined) {
                throw new APIError("BAD_REQUEST", {
                  code: "INVALID_INPUT",
                  message: `single sign-on starts at /sign-in/sso (the “Sign in with ${config.displayName}” button)`,
                });
              }
            }),
          },
        ],
      },
    },
  ];
}
