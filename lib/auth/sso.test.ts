import { createHash } from "node:crypto";
import { isAPIError } from "better-auth/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client.server";
import { setSsoRequired } from "../data/organisation-settings/set-sso-required.server";
import { deactivateUsers } from "../data/users/deactivate-users.server";
import { PEER_IP_HEADER, resolveClientIp } from "../http/client-ip.server";
import { freshDatabase, PROVIDERS } from "../testing/db";
import { personOf, startOidcProvider, type TestOidcProvider } from "../testing/oidc-provider";
import { createAuth, ROLES, type Role } from "./auth.server";
import { signInLimits } from "./sign-in-guard.server";
import { parseSsoConfig, SSO_PROVIDER_ID } from "./sso-config.server";
import { DISCOVERY_WAIT_MS, existingPersonRefusal, newPersonRefusal, ssoErrorMessage } from "./sso.server";

/**
 * Single sign-on through Better Auth against a real OpenID provider on loopback (oidc-provider),
 * on both databases: the browser's part (the provider's sign-in form, the redirects and cookies)
 * is played with fetch. e2e/sso.spec.ts does the same in Chromium on a production server.
 */
const BASE = "http://127.0.0.1:3999";
const CALLBACK = `${BASE}/api/auth/callback/${SSO_PROVIDER_ID}`;
const PASSWORD = "right-password-1";
const quickHash = async (password: string) => createHash("sha256").update(password).digest("hex");
const testing = {
  password: {
    hash: quickHash,
    verify: async ({ hash, password }: { hash: string; password: string }) => hash === (await quickHash(password)),
  },
};

/** A cookie jar of name=value, fed by Set-Cookie headers (expired ones removed). */
class Jar {
  private cookies = new Map<string, string>();
  take(setCookies: string[]) {
    for (const line of setCookies) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join("; ");
  }
  get(name: string) {
    return this.cookies.get(name);
  }
}

let idp: TestOidcProvider;
beforeAll(async () => {
  idp = await startOidcProvider({ redirectUris: [CALLBACK] });
});
afterAll(async () => {
  await idp?.stop();
});

describe.each(PROVIDERS)("single sign-on on %s", (provider) => {
  let db: Db;
  let auth: ReturnType<typeof createAuth>;
  let counter = 0;

  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    const sso = parseSsoConfig(
      {
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: idp.clientId,
        OIDC_CLIENT_SECRET: idp.clientSecret,
        OIDC_ALLOWED_DOMAINS: "allowed.test",
        OIDC_DEFAULT_ROLES: "trainer",
        OIDC_BREAK_GLASS_EMAILS: "root@allowed.test",
      },
      ROLES,
    );
    auth = createAuth({
      db,
      secret: "sso-test-secret-0123456789abcdef0123456789",
      baseURL: BASE,
      limits: signInLimits(),
      sso,
      clientIp: (headers) => resolveClientIp(headers, { trustPeerHeader: true, forwardedHeader: "x-forwarded-for", trustedProxies: [] }),
      testing,
    });
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
  });

  /**
   * Signs in through the provider as `login` the way a browser would: start (our /sign-in/sso
   * route's call), the provider's sign-in form, its redirect to our callback. Returns where the
   * callback sent the browser and the session cookie it set, if any.
   */
  async function ssoSignIn(login: string): Promise<{ location: string; session?: string }> {
    const app = new Jar();
    const { headers, response } = await auth.api.signInSocial({
      body: { provider: SSO_PROVIDER_ID, callbackURL: "/", errorCallbackURL: "/sign-in", disableRedirect: true },
      headers: new Headers({ [PEER_IP_HEADER]: "192.0.2.10" }),
      returnHeaders: true,
    });
    app.take(headers.getSetCookie());
    const authorize = new URL(response.url!);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("nonce")).toBeTruthy();

    const provider = new Jar();
    let url = authorize.toString();
    let body: string | undefined;
    // Follow the provider's redirects, posting its sign-in form once, until it sends us back.
    for (let hop = 0; hop < 10 && !url.startsWith(BASE); hop++) {
      const answer = await fetch(url, {
        method: body ? "POST" : "GET",
        headers: { cookie: provider.header(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
        body,
        redirect: "manual",
      });
      provider.take(answer.headers.getSetCookie());
      body = undefined;
      if (answer.status >= 300 && answer.status < 400) {
        url = new URL(answer.headers.get("location")!, url).toString();
        continue;
      }
      const html = await answer.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      expect(action, html.slice(0, 500)).toBeTruthy();
      url = new URL(action!, url).toString();
      body = new URLSearchParams({ prompt: "login", login, password: "anything" }).toString();
    }
    expect(url.startsWith(CALLBACK), url).toBe(true);

    const back = await auth.handler(new Request(url, { headers: { cookie: app.header(), [PEER_IP_HEADER]: "192.0.2.10" } }));
    expect(back.status).toBe(302);
    app.take(back.headers.getSetCookie());
    return { location: back.headers.get("location")!, session: app.get("better-auth.session_token") };
  }

  async function passwordUser(email: string, role: string, options: { emailVerified?: boolean } = {}) {
    const id = `sso-${provider}-${++counter}`;
    await db.user.create({
      data: {
        id,
        email,
        name: `Person ${counter}`,
        emailVerified: options.emailVerified ?? true,
        roles: { create: { role: role as Role } },
      },
    });
    await db.account.create({
      data: { id: `${id}-credential`, accountId: id, providerId: "credential", userId: id, password: await quickHash(PASSWORD) },
    });
    return id;
  }

  async function passwordSignIn(email: string): Promise<number | { code: string; message: string }> {
    try {
      await auth.api.signInEmail({ body: { email, password: PASSWORD }, headers: new Headers({ [PEER_IP_HEADER]: "192.0.2.10" }) });
      return 200;
    } catch (err) {
      if (!isAPIError(err)) throw err;
      return { code: String(err.body?.code), message: err.message };
    }
  }

  it("creates a new person from an allowed domain with the default roles, bound to the provider's subject", async () => {
    const result = await ssoSignIn(`new.person-${provider}@allowed.test`);
    expect(result.location).toBe("/");
    expect(result.session).toBeTruthy();
    const user = await db.user.findUniqueOrThrow({ where: { email: `new.person-${provider}@allowed.test` }, include: { accounts: true } });
    expect(user).toMatchObject({ emailVerified: true, name: personOf(user.email).name });
    expect(await db.userRole.findMany({ where: { userId: user.id }, select: { role: true } })).toEqual([{ role: "trainer" }]);
    expect(user.name).toMatch(/^New Person /);
    expect(user.accounts.map((a) => [a.providerId, a.accountId])).toEqual([[SSO_PROVIDER_ID, `new.person-${provider}@allowed.test`]]);
    // The second time, the same person.
    expect((await ssoSignIn(`new.person-${provider}@allowed.test`)).session).toBeTruthy();
    expect(await db.user.count({ where: { email: `new.person-${provider}@allowed.test` } })).toBe(1);
  }, 60_000);

  it("refuses another domain, and an address the provider has not verified, creating nobody", async () => {
    const other = await ssoSignIn("someone@other.test");
    expect(other).toEqual({ location: expect.stringMatching(/^\/sign-in\?error=SSO_DOMAIN_NOT_ALLOWED(&|$)/) });
    const sub = await ssoSignIn("sub@eu.allowed.test");
    expect(sub.location).toMatch(/error=SSO_DOMAIN_NOT_ALLOWED/);
    const unverified = await ssoSignIn(`fresh-${provider}@allowed.test#unverified`);
    expect(unverified).toEqual({ location: expect.stringMatching(/^\/sign-in\?error=SSO_EMAIL_NOT_VERIFIED/) });
    expect(
      await db.user.count({ where: { email: { in: ["someone@other.test", "sub@eu.allowed.test", `fresh-${provider}@allowed.test`] } } }),
    ).toBe(0);
  }, 60_000);

  it("signs an existing password user in to the same account, keeping their role and their password", async () => {
    const email = `pat-${provider}@allowed.test`;
    const id = await passwordUser(email, "manager");
    const result = await ssoSignIn(email);
    expect(result).toEqual({ location: "/", session: expect.any(String) });
    const session = await auth.api.getSession({ headers: new Headers({ cookie: `better-auth.session_token=${result.session}` }) });
    expect(session?.user).toMatchObject({ id });
    expect(await db.userRole.findMany({ where: { userId: id }, select: { role: true } })).toEqual([{ role: "manager" }]);
    expect((await db.account.findMany({ where: { userId: id } })).map((a) => a.providerId).sort()).toEqual(["credential", SSO_PROVIDER_ID]);
    expect(await passwordSignIn(email)).toBe(200);
  }, 60_000);

  it("does not join an SSO identity to an account it could take over", async () => {
    // The provider does not vouch for the address.
    const email = `lee-${provider}@allowed.test`;
    const id = await passwordUser(email, "trainee");
    expect((await ssoSignIn(`${email}#unverified`)).location).toMatch(/^\/sign-in\?error=account_not_linked/);
    // Our copy of the address was never verified.
    const unverifiedHere = `kim-${provider}@allowed.test`;
    await passwordUser(unverifiedHere, "trainee", { emailVerified: false });
    expect((await ssoSignIn(unverifiedHere)).location).toMatch(/^\/sign-in\?error=account_not_linked/);
    // A person outside the allowed domains keeps their account to themselves, even with a verified address at the provider.
    const outside = `sam-${provider}@partner.test`;
    await passwordUser(outside, "manager");
    expect((await ssoSignIn(outside)).location).toMatch(/^\/sign-in\?error=SSO_DOMAIN_NOT_ALLOWED/);
    for (const e of [email, unverifiedHere, outside]) {
      expect(await db.account.count({ where: { user: { email: e }, providerId: SSO_PROVIDER_ID } })).toBe(0);
    }
    expect(await db.session.count({ where: { userId: id } })).toBe(0);
  }, 60_000);

  it("refuses a turned-off account, already joined or not", async () => {
    const joined = `jo-${provider}@allowed.test`;
    await passwordUser(joined, "trainee");
    expect((await ssoSignIn(joined)).session).toBeTruthy();
    const notJoined = `max-${provider}@allowed.test`;
    await passwordUser(notJoined, "trainee");
    await deactivateUsers(db, [joined, notJoined], "test");
    expect(await ssoSignIn(joined)).toEqual({ location: expect.stringMatching(/^\/sign-in\?error=ACCOUNT_TURNED_OFF/) });
    expect(await ssoSignIn(notJoined)).toEqual({ location: expect.stringMatching(/^\/sign-in\?error=ACCOUNT_TURNED_OFF/) });
    expect(await db.account.count({ where: { user: { email: notJoined }, providerId: SSO_PROVIDER_ID } })).toBe(0);
  }, 60_000);

  it("with SSO required, refuses every password sign-in except break-glass addresses, before counting it", async () => {
    const email = `ren-${provider}@allowed.test`;
    await passwordUser(email, "trainee");
    await setSsoRequired(db, true, null);
    try {
      expect(await passwordSignIn(email)).toEqual({
        code: "SSO_REQUIRED",
        message: expect.stringMatching(/signs in with SSO: use “Sign in with SSO”/),
      });
      // Not counted against the account: the limiter's table has no row for it.
      expect(await db.signInLock.count({ where: { key: `account:${email}` } })).toBe(0);
      // Over HTTP too.
      const http = await auth.handler(
        new Request(`${BASE}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", [PEER_IP_HEADER]: "192.0.2.11" },
          body: JSON.stringify({ email, password: PASSWORD }),
        }),
      );
      expect(http.status).toBe(403);
      expect(await http.json()).toMatchObject({ code: "SSO_REQUIRED" });
      // Single sign-on still works for them.
      expect((await ssoSignIn(email)).session).toBeTruthy();
    } finally {
      await setSsoRequired(db, false, null);
    }
    expect(await passwordSignIn(email)).toBe(200);
  }, 60_000);

  it("lets a break-glass address use its password while SSO is required", async () => {
    const breakGlass = "root@allowed.test";
    await passwordUser(breakGlass, "manager");
    await setSsoRequired(db, true, null);
    try {
      expect(await passwordSignIn(breakGlass)).toBe(200);
      expect(await passwordSignIn(breakGlass.toUpperCase())).toBe(200);
    } finally {
      await setSsoRequired(db, false, null);
    }
  }, 60_000);

  it("starts sign-in only by the redirect flow: an ID token posted to /sign-in/social is refused", async () => {
    const answer = await auth.handler(
      new Request(`${BASE}/api/auth/sign-in/social`, {
        method: "POST",
        headers: { "content-type": "application/json", [PEER_IP_HEADER]: "192.0.2.12" },
        body: JSON.stringify({ provider: SSO_PROVIDER_ID, idToken: { token: "x.y.z" } }),
      }),
    );
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/starts at \/sign-in\/sso/) });
  });

  it("sends a callback with a forged or missing state back to the sign-in page", async () => {
    for (const query of ["code=abc&state=forged", "code=abc"]) {
      const answer = await auth.handler(new Request(`${CALLBACK}?${query}`, { headers: { [PEER_IP_HEADER]: "192.0.2.13" } }));
      expect(answer.status).toBe(302);
      expect(answer.headers.get("location")).toMatch(/^\/sign-in\?error=state_/);
      expect(answer.headers.getSetCookie().join()).not.toContain("session_token=");
    }
  });
});

describe("a provider that is not there when the server starts", () => {
  const BASE2 = "http://127.0.0.1:3998";
  const settingsFor = (issuer: string, db: Db) => ({
    db,
    secret: "sso-test-secret-0123456789abcdef0123456789",
    baseURL: BASE2,
    limits: signInLimits(),
    sso: parseSsoConfig(
      { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: "steady-test", OIDC_CLIENT_SECRET: "x", OIDC_ALLOWED_DOMAINS: "allowed.test" },
      ROLES,
    ),
    clientIp: () => "192.0.2.20",
    testing,
  });
  const start = (auth: ReturnType<typeof createAuth>) =>
    auth.api.signInSocial({ body: { provider: SSO_PROVIDER_ID, callbackURL: "/", disableRedirect: true }, headers: new Headers() });

  it("holds up nothing when it accepts connections and never answers; sign-in says it is not there", async () => {
    const { createServer } = await import("node:net");
    const sockets: import("node:net").Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const { db } = await freshDatabase("sqlite");
    try {
      const port = (silent.address() as import("node:net").AddressInfo).port;
      const auth = createAuth(settingsFor(`http://127.0.0.1:${port}`, db));
      let started = Date.now();
      // A session check (every page) waits at most DISCOVERY_WAIT_MS for the provider, then goes on.
      expect(await auth.api.getSession({ headers: new Headers() })).toBeNull();
      expect(Date.now() - started).toBeLessThan(DISCOVERY_WAIT_MS + 3_000);
      started = Date.now();
      expect(await auth.api.getSession({ headers: new Headers() })).toBeNull();
      expect(Date.now() - started).toBeLessThan(1_000);
      // Starting SSO tries again (Better Auth waits 10 s), then refuses: the route says "not reachable".
      await expect(start(auth)).rejects.toMatchObject({ statusCode: 404 });
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
      await db.$disconnect();
    }
  }, 60_000);

  it("is found at the next sign-in once it is up", async () => {
    const { db } = await freshDatabase("sqlite");
    const { createServer } = await import("node:net");
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as import("node:net").AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    let late: TestOidcProvider | undefined;
    try {
      const auth = createAuth(settingsFor(`http://localhost:${port}`, db));
      await expect(start(auth)).rejects.toMatchObject({ statusCode: 404 });
      late = await startOidcProvider({ redirectUris: [`${BASE2}/api/auth/callback/${SSO_PROVIDER_ID}`], port });
      const answer = await start(auth);
      expect(answer.url).toMatch(new RegExp(`^http://localhost:${port}/auth\\?`));
    } finally {
      await late?.stop();
      await db.$disconnect();
    }
  }, 60_000);
});

describe("the rules, on their own", () => {
  const config = parseSsoConfig(
    { OIDC_ISSUER: "https://id.example.com", OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "s", OIDC_ALLOWED_DOMAINS: "example.com" },
    ROLES,
  )!;

  it("a new person needs an allowed domain and a verified address", () => {
    expect(newPersonRefusal(config, { email: "ana@example.com", emailVerified: true })).toBeNull();
    expect(newPersonRefusal(config, { email: "ana@example.com", emailVerified: false })?.body?.code).toBe("SSO_EMAIL_NOT_VERIFIED");
    expect(newPersonRefusal(config, { email: "ana@example.com", emailVerified: "true" })?.body?.code).toBe("SSO_EMAIL_NOT_VERIFIED");
    expect(newPersonRefusal(config, { email: "ana@other.com", emailVerified: true })?.body?.code).toBe("SSO_DOMAIN_NOT_ALLOWED");
    expect(newPersonRefusal(config, { email: undefined, emailVerified: true })?.body?.code).toBe("SSO_DOMAIN_NOT_ALLOWED");
  });

  it("an existing person needs their account on and an allowed domain", () => {
    expect(existingPersonRefusal(config, { email: "ana@example.com", deactivatedAt: null })).toBeNull();
    expect(existingPersonRefusal(config, { email: "ana@example.com", deactivatedAt: new Date() })?.body?.code).toBe("ACCOUNT_TURNED_OFF");
    expect(existingPersonRefusal(config, { email: "ana@other.com", deactivatedAt: null })?.body?.code).toBe("SSO_DOMAIN_NOT_ALLOWED");
  });

  it("the sign-in page says what happened in its own words, whatever text the URL carries", () => {
    expect(ssoErrorMessage(undefined)).toBeNull();
    expect(ssoErrorMessage("SSO_DOMAIN_NOT_ALLOWED")).toMatch(/not open to your email address's domain/);
    expect(ssoErrorMessage("<script>alert(1)</script>")).toBe("Single sign-on did not complete. Try again, or ask your administrator.");
  });
});
