import { createHash } from "node:crypto";
import { isAPIError } from "better-auth/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client.server";
import { deactivateUsers } from "../data/users/deactivate-users.server";
import { PEER_IP_HEADER, RESOLVED_IP_HEADER, resolveClientIp } from "../http/client-ip.server";
import { freshDatabase, PROVIDERS } from "../testing/db";
import { createAuth } from "./auth.server";
import { attemptKeys, signInLimits, type SignInLimits } from "./sign-in-guard.server";

const BASE = "http://localhost:3000";
const PASSWORD = "right-password-1";
const OFFICE = "198.51.100.7";
// Better Auth's scrypt takes most of a second on a busy machine; what is tested here is what
// happens around the password check, so a quick hash stands in (e2e/sign-in-limits.spec.ts and
// `npm run bench:sign-in` sign in with the real one).
const quickHash = async (password: string) => createHash("sha256").update(password).digest("hex");
const testing = {
  password: {
    hash: quickHash,
    verify: async ({ hash, password }: { hash: string; password: string }) => hash === (await quickHash(password)),
  },
};

describe.each(PROVIDERS)("sign-in over Better Auth's endpoint and auth.api on %s", (provider) => {
  let db: Db;
  let hash: string;
  let userCounter = 0;
  /** The limiter's clock runs this far ahead of the real one (sessions keep real time). */
  let skewMs = 0;

  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    hash = await quickHash(PASSWORD);
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
  });

  function makeAuth(limits: SignInLimits = signInLimits({ lockSeconds: 600 }), trustedProxies: string[] = []) {
    return createAuth({
      db,
      secret: "sign-in-guard-test-secret-0123456789abcdef",
      baseURL: BASE,
      limits,
      clientIp: (headers) => resolveClientIp(headers, { trustPeerHeader: true, forwardedHeader: "x-forwarded-for", trustedProxies }),
      now: () => new Date(Date.now() + skewMs),
      testing,
    });
  }
  type Auth = ReturnType<typeof makeAuth>;

  async function newUser(): Promise<{ id: string; email: string }> {
    const n = ++userCounter;
    const id = `guard-${provider}-${n}`;
    const email = `trainee-${n}@guard.test`;
    await db.user.create({ data: { id, email, name: `Trainee ${n}`, emailVerified: true, roles: { create: { role: "trainee" } } } });
    await db.account.create({ data: { id: `${id}-credential`, accountId: id, providerId: "credential", userId: id, password: hash } });
    return { id, email };
  }

  /** POST /api/auth/sign-in/email as a client at `peer` (what server.mjs stamps) claiming `forwardedFor`. */
  function overHttp(auth: Auth, email: unknown, password: unknown, peer = OFFICE, forwardedFor?: string) {
    const headers = new Headers({ "content-type": "application/json", [PEER_IP_HEADER]: peer });
    if (forwardedFor) headers.set("x-forwarded-for", forwardedFor);
    return auth.handler(
      new Request(`${BASE}/api/auth/sign-in/email`, { method: "POST", headers, body: JSON.stringify({ email, password }) }),
    );
  }

  /** The sign-in form's path: auth.api.signInEmail with the request's headers. */
  async function throughApi(auth: Auth, email: string, password: string, peer = OFFICE): Promise<number> {
    try {
      await auth.api.signInEmail({ body: { email, password }, headers: new Headers({ [PEER_IP_HEADER]: peer }) });
      return 200;
    } catch (err) {
      if (isAPIError(err)) return err.statusCode;
      throw err;
    }
  }

  const sessionCookie = (response: Response) =>
    response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0]!)
      .join("; ");

  it("locks an account after 10 wrong passwords from rotating X-Forwarded-For, for the whole lock time", async () => {
    const auth = makeAuth();
    const { email } = await newUser();
    const statuses: number[] = [];
    let locked: Response | undefined;
    for (let i = 0; i < 60; i++) {
      const response = await overHttp(auth, email, `guess-${i}`, OFFICE, `203.0.113.${i + 1}`);
      statuses.push(response.status);
      if (response.status === 429) locked = response;
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(50).fill(429));
    expect(await locked!.json()).toMatchObject({ code: "ACCOUNT_LOCKED", message: expect.stringMatching(/locked\. Wait 10 minutes/) });
    expect(Number(locked!.headers.get("retry-after"))).toBeGreaterThan(590);

    // The right password, from anywhere, waits for the lock to end.
    expect((await overHttp(auth, email, PASSWORD, "192.0.2.99")).status).toBe(429);
    const row = await db.signInLock.findUniqueOrThrow({ where: { key: attemptKeys(email, null).account } });
    const remaining = row.lockedUntil!.getTime() - Date.now();
    expect(remaining).toBeGreaterThan(590_000);
    expect(remaining).toBeLessThanOrEqual(600_000);
    try {
      skewMs = remaining - 5_000;
      expect((await overHttp(auth, email, PASSWORD)).status).toBe(429);
      skewMs = remaining + 1_000;
      expect((await overHttp(auth, email, PASSWORD)).status).toBe(200);
    } finally {
      skewMs = 0;
    }
    // The right password cleared the account's failures.
    expect(await db.signInLock.findUnique({ where: { key: attemptKeys(email, null).account } })).toBeNull();
  }, 60_000);

  it("applies a lock made through the form's path to the HTTP endpoint, and the other way round", async () => {
    const auth = makeAuth();
    const viaForm = await newUser();
    for (let i = 0; i < 10; i++) expect(await throughApi(auth, viaForm.email, `guess-${i}`)).toBe(401);
    expect(await throughApi(auth, viaForm.email, PASSWORD)).toBe(429);
    expect((await overHttp(auth, viaForm.email, PASSWORD, "192.0.2.1")).status).toBe(429);

    const viaHttp = await newUser();
    for (let i = 0; i < 10; i++) expect((await overHttp(auth, viaHttp.email.toUpperCase(), `guess-${i}`)).status).toBe(401);
    expect((await overHttp(auth, viaHttp.email, PASSWORD)).status).toBe(429);
    expect(await throughApi(auth, viaHttp.email, PASSWORD, "192.0.2.2")).toBe(429);
  }, 60_000);

  it("lets exactly 10 guesses through when 30 arrive at once", async () => {
    const auth = makeAuth();
    const { email } = await newUser();
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => overHttp(auth, email, `guess-${i}`, `203.0.113.${i + 1}`)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(20).fill(429)]);
  }, 60_000);

  it("lets 50 trainees behind one address sign in within a minute; only failures count against an address", async () => {
    const auth = makeAuth();
    const room = await Promise.all(Array.from({ length: 50 }, () => newUser()));
    const started = Date.now();
    const statuses = await Promise.all(room.map((u) => overHttp(auth, u.email, PASSWORD, "192.0.2.50").then((r) => r.status)));
    expect(statuses).toEqual(Array(50).fill(200));
    expect(Date.now() - started).toBeLessThan(60_000);
    // Their successes left nothing counted against the address.
    const address = await db.signInLock.findUnique({ where: { key: attemptKeys("x", "192.0.2.50").address } });
    expect(address?.failures ?? 0).toBe(0);
    // And again, the same minute.
    expect(await Promise.all(room.slice(0, 20).map((u) => overHttp(auth, u.email, PASSWORD, "192.0.2.50").then((r) => r.status)))).toEqual(
      Array(20).fill(200),
    );
  }, 120_000);

  it("refuses an address after too many failures across accounts, whatever it claims in X-Forwarded-For", async () => {
    const auth = makeAuth(signInLimits({ lockSeconds: 600, addressMaxFailures: 12 }));
    const accounts = await Promise.all(Array.from({ length: 4 }, () => newUser()));
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await overHttp(auth, accounts[i % 4]!.email, `guess-${i}`, "192.0.2.77", `203.0.113.${i}`)).status);
    }
    expect(statuses).toEqual(Array(12).fill(401));
    const refused = await overHttp(auth, accounts[0]!.email, PASSWORD, "192.0.2.77", "203.0.113.200");
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: "TOO_MANY_FAILED_SIGN_INS" });
    // Another address is not affected, and the refusal did not count against the account.
    expect((await overHttp(auth, accounts[0]!.email, PASSWORD, "192.0.2.78")).status).toBe(200);
  }, 60_000);

  it("believes X-Forwarded-For only from a trusted proxy, read from the right", async () => {
    const auth = makeAuth(signInLimits({ lockSeconds: 600, addressMaxFailures: 3 }), ["10.0.0.0/8"]);
    const { email } = await newUser();
    for (let i = 0; i < 3; i++) {
      // The client forges the left part; the proxy appends the address it saw.
      expect((await overHttp(auth, email, `guess-${i}`, "10.0.0.5", `1.1.1.${i}, 203.0.113.60`)).status).toBe(401);
    }
    expect((await overHttp(auth, email, PASSWORD, "10.0.0.5", "203.0.113.60")).status).toBe(429);
    // Another client behind the same proxy is another address.
    expect((await overHttp(auth, email, PASSWORD, "10.0.0.5", "203.0.113.61")).status).toBe(200);
  }, 60_000);

  it("refuses a turned-off account by either path (not as a wrong password) and ends its sessions", async () => {
    const auth = makeAuth();
    const user = await newUser();
    const signedIn = await overHttp(auth, user.email, PASSWORD);
    expect(signedIn.status).toBe(200);
    const cookie = sessionCookie(signedIn);
    const session = () => auth.api.getSession({ headers: new Headers({ cookie }) });
    expect((await session())?.user.email).toBe(user.email);

    expect(await deactivateUsers(db, [user.email], "test")).toBe(1);
    expect(await session()).toBeNull();
    const refused = await overHttp(auth, user.email, PASSWORD);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "ACCOUNT_TURNED_OFF", message: expect.stringMatching(/turned off/) });
    expect(await throughApi(auth, user.email, PASSWORD)).toBe(403);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    // A right password for a turned-off account is not a failure.
    expect((await db.signInLock.findUnique({ where: { key: attemptKeys(user.email, null).account } }))?.failures ?? 0).toBe(0);
  }, 60_000);

  it("applies a sign-out at once: the old cookie no longer opens the session", async () => {
    const auth = makeAuth();
    const user = await newUser();
    const signedIn = await overHttp(auth, user.email, PASSWORD);
    const cookie = sessionCookie(signedIn);
    // No signed session copy in a cookie (cookie cache off): the session is looked up every time.
    expect(cookie).not.toMatch(/session_data/);
    const signOut = await auth.handler(new Request(`${BASE}/api/auth/sign-out`, { method: "POST", headers: { cookie, origin: BASE } }));
    expect(signOut.status).toBe(200);
    const after = await auth.handler(new Request(`${BASE}/api/auth/get-session`, { headers: { cookie } }));
    expect(await after.json()).toBeNull();
  }, 60_000);

  it("records the address it resolved on the session, not the one the client claims", async () => {
    const auth = makeAuth();
    const user = await newUser();
    const headers = new Headers({ "content-type": "application/json", [RESOLVED_IP_HEADER]: "192.0.2.33", "x-forwarded-for": "6.6.6.6" });
    const response = await auth.handler(
      new Request(`${BASE}/api/auth/sign-in/email`, {
        method: "POST",
        headers,
        body: JSON.stringify({ email: user.email, password: PASSWORD }),
      }),
    );
    expect(response.status).toBe(200);
    expect((await db.session.findFirstOrThrow({ where: { userId: user.id } })).ipAddress).toBe("192.0.2.33");
  }, 60_000);

  describe("what a user may send", () => {
    let auth: Auth;
    let cookie: string;
    let userId: string;
    beforeAll(async () => {
      auth = makeAuth();
      const user = await newUser();
      userId = user.id;
      cookie = sessionCookie(await overHttp(auth, user.email, PASSWORD));
    }, 60_000);

    const updateUser = (body: string) =>
      auth.handler(
        new Request(`${BASE}/api/auth/update-user`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json", origin: BASE },
          body,
        }),
      );

    it.each([
      ["a 20 MB name", JSON.stringify({ name: "x".repeat(20 * 1024 * 1024) }), /name: at most 100 characters/],
      ["an object as the name", JSON.stringify({ name: { first: "A" } }), /name: text/],
      ["an empty name", JSON.stringify({ name: "   " }), /name: must not be empty/],
      ["an image that is not a URL", JSON.stringify({ image: "javascript:alert(1)" }), /image: an http\(s\) URL/],
      ["a 3 KB image URL", JSON.stringify({ image: `https://example.test/${"a".repeat(3000)}` }), /image: at most 2048 characters/],
      ["an email", JSON.stringify({ email: "someone-else@guard.test" }), /only name and image can be changed/],
      ["a role", JSON.stringify({ role: "manager" }), /only name and image can be changed/],
      ["an array", JSON.stringify(["name"]), /JSON object/],
    ])("refuses %s with a 400 that says what is wrong", async (_what, body, message) => {
      const response = await updateUser(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ message: expect.stringMatching(message) });
      const user = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { roles: true } });
      expect(user.roles.map((r) => r.role)).toEqual(["trainee"]);
      expect(user.name.length).toBeLessThanOrEqual(100);
    });

    it("stores a good name, trimmed, and a good image URL", async () => {
      const response = await updateUser(JSON.stringify({ name: "  Alex Rivera  ", image: "https://example.test/alex.png" }));
      expect(response.status).toBe(200);
      const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
      expect([user.name, user.image]).toEqual(["Alex Rivera", "https://example.test/alex.png"]);
    });

    it.each([
      ["an object as the email", { email: { $ne: "" }, password: "x" }, /email: text/],
      ["a 1 KB email", { email: `${"a".repeat(1000)}@guard.test`, password: "x" }, /email: at most 254/],
      ["a 1 MB password", { email: "a@guard.test", password: "p".repeat(1024 * 1024) }, /password: at most 128/],
    ])("refuses a sign-in with %s with a 400", async (_what, body, message) => {
      const response = await overHttp(auth, body.email, body.password);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(message) });
    });
  });
});
