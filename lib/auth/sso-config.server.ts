import "server-only";
import { z } from "zod";
import { isLoopbackHost } from "../env.server";

/**
 * Single sign-on over OpenID Connect, configured by environment variables (README "For
 * operators", decision D62). Parsed once at start: a bad value stops the server with a readable
 * list, as `env()` does for the other variables.
 */

/** Better Auth's provider id: the callback URL to register at the provider ends with it. */
export const SSO_PROVIDER_ID = "oidc";
/** Where the provider sends people back (under Better Auth's base path). */
export const SSO_CALLBACK_PATH = `/api/auth/callback/${SSO_PROVIDER_ID}`;

export interface SsoConfig {
  /** The issuer as configured (no trailing slash); its discovery document is below it. */
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  /** Lower-case domain names; an address qualifies when the part after its last @ is one of them exactly. */
  allowedDomains: string[];
  /** What a new person from an allowed domain gets (never `admin`). */
  defaultRoles: string[];
  /** The button says "Sign in with <displayName>". */
  displayName: string;
  /** Lower-case addresses that may still sign in with a password while SSO is required (break-glass). */
  breakGlassEmails: string[];
}

const CORE = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_ALLOWED_DOMAINS"] as const;
const OPTIONAL = ["OIDC_DEFAULT_ROLES", "OIDC_DISPLAY_NAME", "OIDC_BREAK_GLASS_EMAILS"] as const;

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;
const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);

/** The domain part of an address, lower-cased (after its last @), or null when there is none. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at < 1 || at === email.length - 1) return null;
  return email
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, "");
}

/** The domain rule: exactly one of the allowed domains (no subdomains, no wildcards). */
export function isAllowedDomain(email: string, allowedDomains: readonly string[]): boolean {
  const domain = emailDomain(email);
  return domain !== null && allowedDomains.includes(domain);
}

/**
 * The SSO settings in `vars`, or null when single sign-on is not configured (none of the OIDC_
 * variables set). Throws "Invalid environment:" and one line per problem otherwise.
 * `knownRoles`: the roles a person can hold (lib/auth/auth.server.ts ROLES).
 */
export function parseSsoConfig(vars: Record<string, string | undefined>, knownRoles: readonly string[]): SsoConfig | null {
  const value = (name: string) => {
    const v = vars[name]?.trim();
    return v ? v : undefined;
  };
  const set = [...CORE, ...OPTIONAL].filter((name) => value(name) !== undefined);
  if (set.length === 0) return null;

  const problems: string[] = [];
  const problem = (name: string, message: string) => problems.push(`  ${name}: ${message}`);
  const missing = CORE.filter((name) => value(name) === undefined);
  for (const name of missing) {
    problem(
      name,
      `required for single sign-on (${set.join(", ")} ${set.length === 1 ? "is" : "are"} set); set all of ${CORE.join(", ")}, or none`,
    );
  }

  let issuer = "";
  const rawIssuer = value("OIDC_ISSUER");
  if (rawIssuer !== undefined) {
    const parsed = z.url().safeParse(rawIssuer);
    if (!parsed.success) {
      problem("OIDC_ISSUER", "the provider's issuer URL, e.g. https://login.example.com/realms/acme");
    } else {
      const url = new URL(rawIssuer);
      if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
        problem("OIDC_ISSUER", "must be https:// (plain http only for a provider on this machine, such as a test one)");
      } else if (url.search || url.hash) {
        problem("OIDC_ISSUER", "the issuer URL has no query or fragment");
      } else {
        issuer = rawIssuer.replace(/\/+$/, "");
      }
    }
  }

  const allowedDomains = list(value("OIDC_ALLOWED_DOMAINS")).map((d) => d.replace(/^@/, "").toLowerCase());
  const badDomains = allowedDomains.filter((d) => !DOMAIN.test(d));
  if (badDomains.length > 0) {
    problem(
      "OIDC_ALLOWED_DOMAINS",
      `${badDomains.map((d) => `"${d}"`).join(", ")} ${badDomains.length === 1 ? "is not a domain name" : "are not domain names"}; list each domain exactly, comma-separated, e.g. "example.com,example.org" (no wildcards: subdomains are not included)`,
    );
  } else if (value("OIDC_ALLOWED_DOMAINS") !== undefined && allowedDomains.length === 0) {
    problem("OIDC_ALLOWED_DOMAINS", 'at least one domain, e.g. "example.com"');
  }

  const defaultRoles = list(value("OIDC_DEFAULT_ROLES") ?? "trainee").map((r) => r.toLowerCase());
  const unknownRoles = defaultRoles.filter((r) => !knownRoles.includes(r));
  if (defaultRoles.includes("admin")) {
    problem(
      "OIDC_DEFAULT_ROLES",
      "admin cannot be a default role (everyone from the allowed domains would get it); an admin gives it to a person",
    );
  } else if (unknownRoles.length > 0) {
    problem(
      "OIDC_DEFAULT_ROLES",
      `unknown role ${unknownRoles.map((r) => `"${r}"`).join(", ")}; use one or more of ${knownRoles.join(", ")}, comma-separated`,
    );
  } else if (defaultRoles.length === 0) {
    problem("OIDC_DEFAULT_ROLES", `at least one of ${knownRoles.join(", ")}`);
  }

  const displayName = value("OIDC_DISPLAY_NAME") ?? "SSO";
  if (displayName.length > 40) problem("OIDC_DISPLAY_NAME", "at most 40 characters (the button says “Sign in with <name>”)");

  const breakGlassEmails = list(value("OIDC_BREAK_GLASS_EMAILS")).map((e) => e.toLowerCase());
  const badEmails = breakGlassEmails.filter((e) => !z.email().safeParse(e).success);
  if (badEmails.length > 0) problem("OIDC_BREAK_GLASS_EMAILS", `not an email address: ${badEmails.map((e) => `"${e}"`).join(", ")}`);

  if (problems.length > 0) throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    clientId: value("OIDC_CLIENT_ID")!,
    clientSecret: value("OIDC_CLIENT_SECRET")!,
    allowedDomains: [...new Set(allowedDomains)],
    defaultRoles: [...new Set(defaultRoles)],
    displayName,
    breakGlassEmails,
  };
}
