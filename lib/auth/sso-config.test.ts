import { describe, expect, it } from "vitest";
import { emailDomain, isAllowedDomain, parseSsoConfig } from "./sso-config.server";

const ROLES = ["trainee", "trainer", "manager"];
const GOOD = {
  OIDC_ISSUER: "https://login.example.com/realms/acme/",
  OIDC_CLIENT_ID: "steady",
  OIDC_CLIENT_SECRET: "s3cret",
  OIDC_ALLOWED_DOMAINS: "Example.com, @example.org",
};

const problems = (vars: Record<string, string | undefined>) => {
  try {
    parseSsoConfig(vars, ROLES);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected the configuration to be refused");
};

describe("single sign-on configuration (OIDC_*)", () => {
  it("is off when no OIDC variable is set (empty ones count as unset)", () => {
    expect(parseSsoConfig({}, ROLES)).toBeNull();
    expect(parseSsoConfig({ OIDC_ISSUER: "", OIDC_CLIENT_ID: "  " }, ROLES)).toBeNull();
  });

  it("reads a full configuration, with defaults for the optional variables", () => {
    expect(parseSsoConfig(GOOD, ROLES)).toEqual({
      issuer: "https://login.example.com/realms/acme",
      discoveryUrl: "https://login.example.com/realms/acme/.well-known/openid-configuration",
      clientId: "steady",
      clientSecret: "s3cret",
      allowedDomains: ["example.com", "example.org"],
      defaultRoles: ["trainee"],
      displayName: "SSO",
      breakGlassEmails: [],
    });
    const full = parseSsoConfig(
      {
        ...GOOD,
        OIDC_DEFAULT_ROLES: "trainee, Trainer",
        OIDC_DISPLAY_NAME: "Acme Login",
        OIDC_BREAK_GLASS_EMAILS: "Root@Example.com",
      },
      ROLES,
    );
    expect(full).toMatchObject({ defaultRoles: ["trainee", "trainer"], displayName: "Acme Login", breakGlassEmails: ["root@example.com"] });
  });

  it("names every missing variable of a partial configuration", () => {
    const message = problems({ OIDC_ISSUER: GOOD.OIDC_ISSUER, OIDC_CLIENT_ID: "steady" });
    expect(message).toMatch(/^Invalid environment:\n/);
    expect(message).toMatch(/OIDC_CLIENT_SECRET: required for single sign-on \(OIDC_ISSUER, OIDC_CLIENT_ID are set\)/);
    expect(message).toMatch(/OIDC_ALLOWED_DOMAINS: required for single sign-on/);
    expect(message).not.toMatch(/OIDC_ISSUER:/);
    // An optional one alone is a mistake too (it would silently do nothing).
    expect(problems({ OIDC_DISPLAY_NAME: "Acme" })).toMatch(/OIDC_ISSUER: required .*\(OIDC_DISPLAY_NAME is set\)/);
  });

  it("refuses an issuer that is not an https URL, except a provider on this machine", () => {
    expect(problems({ ...GOOD, OIDC_ISSUER: "login.example.com" })).toMatch(/OIDC_ISSUER: the provider's issuer URL/);
    expect(problems({ ...GOOD, OIDC_ISSUER: "http://login.example.com" })).toMatch(/OIDC_ISSUER: must be https:\/\//);
    expect(problems({ ...GOOD, OIDC_ISSUER: "https://login.example.com/?tenant=1" })).toMatch(/OIDC_ISSUER: the issuer URL has no query/);
    expect(parseSsoConfig({ ...GOOD, OIDC_ISSUER: "http://127.0.0.1:4010" }, ROLES)?.discoveryUrl).toBe(
      "http://127.0.0.1:4010/.well-known/openid-configuration",
    );
    expect(parseSsoConfig({ ...GOOD, OIDC_ISSUER: "http://localhost:4010/oidc" }, ROLES)?.issuer).toBe("http://localhost:4010/oidc");
  });

  it("refuses domains that are not domain names, wildcards included, and an empty list", () => {
    expect(problems({ ...GOOD, OIDC_ALLOWED_DOMAINS: "example.com,*.example.org,user@example.net" })).toMatch(
      /OIDC_ALLOWED_DOMAINS: "\*\.example\.org", "user@example\.net" are not domain names; list each domain exactly/,
    );
    expect(problems({ ...GOOD, OIDC_ALLOWED_DOMAINS: " , " })).toMatch(/OIDC_ALLOWED_DOMAINS: at least one domain/);
  });

  it("refuses unknown default roles, and admin as a default role", () => {
    expect(problems({ ...GOOD, OIDC_DEFAULT_ROLES: "trainee,coach" })).toMatch(
      /OIDC_DEFAULT_ROLES: unknown role "coach"; use one or more of trainee, trainer, manager/,
    );
    expect(problems({ ...GOOD, OIDC_DEFAULT_ROLES: "admin" })).toMatch(/OIDC_DEFAULT_ROLES: admin cannot be a default role/);
    // Even where admin is a role people can hold.
    expect(() => parseSsoConfig({ ...GOOD, OIDC_DEFAULT_ROLES: "trainee,admin" }, [...ROLES, "admin"])).toThrow(
      /admin cannot be a default role/,
    );
  });

  it("refuses a long display name and break-glass entries that are not addresses, listing every problem at once", () => {
    const message = problems({
      ...GOOD,
      OIDC_DISPLAY_NAME: "x".repeat(41),
      OIDC_BREAK_GLASS_EMAILS: "root@example.com,root",
      OIDC_CLIENT_ID: "",
    });
    expect(message.split("\n").slice(1)).toEqual([
      expect.stringMatching(/^ {2}OIDC_CLIENT_ID: required/),
      expect.stringMatching(/^ {2}OIDC_DISPLAY_NAME: at most 40 characters/),
      expect.stringMatching(/^ {2}OIDC_BREAK_GLASS_EMAILS: not an email address: "root"$/),
    ]);
  });
});

describe("the domain rule", () => {
  const allowed = ["example.com", "example.org"];

  it("allows an address whose domain is exactly an allowed one, in any case", () => {
    expect(isAllowedDomain("ana@example.com", allowed)).toBe(true);
    expect(isAllowedDomain("Ana.Lopez@EXAMPLE.ORG", allowed)).toBe(true);
    expect(isAllowedDomain("ana@example.com.", allowed)).toBe(true);
  });

  it("refuses subdomains, look-alikes, other domains and things that are not addresses", () => {
    expect(isAllowedDomain("ana@eu.example.com", allowed)).toBe(false);
    expect(isAllowedDomain("ana@example.com.evil.test", allowed)).toBe(false);
    expect(isAllowedDomain("ana@notexample.com", allowed)).toBe(false);
    expect(isAllowedDomain("ana@other.test", allowed)).toBe(false);
    expect(isAllowedDomain("example.com", allowed)).toBe(false);
    expect(isAllowedDomain("@example.com", allowed)).toBe(false);
    expect(isAllowedDomain("ana@", allowed)).toBe(false);
    expect(isAllowedDomain("", allowed)).toBe(false);
  });

  it("reads the domain after the last @, as mail does", () => {
    expect(emailDomain('"ana@example.com"@other.test')).toBe("other.test");
    expect(isAllowedDomain('"ana@example.com"@other.test', allowed)).toBe(false);
  });
});
