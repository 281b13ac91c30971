import { createHash, createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client.server";
import { PEER_IP_HEADER } from "../http/client-ip.server";
import { freshDatabase, PROVIDERS } from "../testing/db";
import { createAuth } from "./auth.server";
import { cookieValue, requestSessionUser, verifiedToken } from "./request-session.server";
import { signInLimits } from "./sign-in-guard.server";

const BASE = "http://localhost:3000";
const SECRET = "request-session-test-secret-0123456789";
const quickHash = async (password: string) => createHash("sha256").update(password).digest("hex");
const sign = (token: string, secret = SECRET) => `${token}.${createHmac("sha256", secret).update(token).digest("base64")}`;

describe("the session cookie", () => {
  it("finds a cookie by name, decoded, the first one winning", () => {
    expect(cookieValue("a=1; better-auth.session_token=abc.def%3D; b=2", "better-auth.session_token")).toBe("abc.def=");
    expect(cookieValue("better-auth.session_token=one; better-auth.session_token=two", "better-auth.session_token")).toBe("one");
    expect(cookieValue('x="quoted"', "x")).toBe("quoted");
    expect(cookieValue("xbetter-auth.session_token=no", "better-auth.session_token")).toBeNull();
    expect(cookieValue(null, "x")).toBeNull();
    expect(cookieValue("x=%E0%A4%A", "x")).toBe("%E0%A4%A");
  });

  it("accepts a token signed with the secret and nothing else", () => {
    expect(verifiedToken(sign("tok123"), SECRET)).toBe("tok123");
    expect(verifiedToken(sign("tok123", "another-secret"), SECRET)).toBeNull();
    const [token, signature] = sign("tok123").split(".");
    expect(verifiedToken(`${token}x.${signature}`, SECRET)).toBeNull();
    expect(verifiedToken(`${token}.${signature!.slice(0, -2)}A=`, SECRET)).toBeNull();
    expect(verifiedToken("tok123", SECRET)).toBeNull();
    expect(verifiedToken(".abc", SECRET)).toBeNull();
  });
});

describe.each(PROVIDERS)("requestSessionUser on %s", (provider) => {
  let db: Db;
  let auth: ReturnType<typeof createAuth>;
  const email = "session.person@company.test";
  let userId: string;

  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    auth = createAuth({
      db,
      secret: SECRET,
      baseURL: BASE,
      limits: signInLimits(),
      clientIp: () => "192.0.2.1",
      testing: { password: { hash: quickHash, verify: async ({ hash, password }) => hash === (await quickHash(password)) } },
    });
    userId = `user-${provider}`;
    await db.user.create({
      data: {
        id: userId,
        email,
        name: "Session Person",
        emailVerified: true,
        teamId: null,
        roles: { create: [{ role: "manager" }, { role: "trainer" }] },
      },
    });
    await db.account.create({
      data: {
        id: `${userId}-credential`,
        accountId: userId,
        providerId: "credential",
        userId,
        password: await quickHash("a-good-password"),
      },
    });
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
  });

  /** Signs in through Better Auth's own handler and returns the Cookie header a browser would send. */
  async function signIn(): Promise<string> {
    const response = await auth.handler(
      new Request(`${BASE}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", [PEER_IP_HEADER]: "192.0.2.1" },
        body: JSON.stringify({ email, password: "a-good-password" }),
      }),
    );
    expect(response.status).toBe(200);
    return response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0]!)
      .join("; ");
  }
  const lookUp = (cookie: string, now?: Date) => requestSessionUser(db, auth, new Headers({ cookie }), now);

  it("reads Better Auth's own session cookie and agrees with its getSession", async () => {
    const cookie = await signIn();
    const ours = await lookUp(cookie);
    const theirs = await auth.api.getSession({ headers: new Headers({ cookie }) });
    // With all their roles, in one query.
    expect(ours).toEqual({ id: userId, name: "Session Person", email, roles: ["trainer", "manager"], teamId: null });
    expect(theirs?.user.id).toBe(ours?.id);
  });

  it("signs out a tampered cookie, a missing one, and a session signed with another secret", async () => {
    const cookie = await signIn();
    const value = cookie.split("; ").find((c) => c.startsWith("better-auth.session_token="))!;
    const token = decodeURIComponent(value.split("=")[1]!).split(".")[0]!;
    expect(await lookUp(`better-auth.session_token=${encodeURIComponent(sign(token, "not-the-secret"))}`)).toBeNull();
    expect(await lookUp(`better-auth.session_token=${token}`)).toBeNull();
    expect(await lookUp("")).toBeNull();
    expect(await lookUp(`better-auth.session_token=${encodeURIComponent(sign("no-such-session"))}`)).toBeNull();
  });

  it("signs out at once an expired session, a deleted one, and a turned-off account", async () => {
    const cookie = await signIn();
    const session = (await db.session.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: 1 }))[0]!;
    expect(await lookUp(cookie, new Date(session.expiresAt.getTime() - 1000))).not.toBeNull();
    expect(await lookUp(cookie, new Date(session.expiresAt.getTime() + 1000))).toBeNull();

    await db.user.update({ where: { id: userId }, data: { deactivatedAt: new Date() } });
    expect(await lookUp(cookie)).toBeNull();
    await db.user.update({ where: { id: userId }, data: { deactivatedAt: null } });
    expect(await lookUp(cookie)).not.toBeNull();

    await db.session.delete({ where: { id: session.id } });
    expect(await lookUp(cookie)).toBeNull();
  });
});
