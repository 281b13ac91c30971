import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client.server";
import { deactivateUsers } from "../data/users/deactivate-users.server";
import { PEER_IP_HEADER, resolveClientIp } from "../http/client-ip.server";
import { createMailer, type Mailer } from "../mail/mailer.server";
import { deliverMail } from "../mail/outbox.server";
import { freshDatabase, PROVIDERS } from "../testing/db";
import { linkIn, startTestSmtp, type TestSmtp } from "../testing/smtp";
import { createAuth } from "./auth.server";
import { createPasswordResetLink, RESET_LIMITS, RESET_REQUESTED_MESSAGE, RESET_TOKEN_SECONDS } from "./password-reset.server";
import { signInLimits } from "./sign-in-guard.server";

const BASE = "http://localhost:3000";
const APP = "https://steady.example.com";
const PASSWORD = "old-password-1";
const NEW_PASSWORD = "new-password-2";
// The real scrypt hash is not what is tested here (see sign-in-guard.test.ts).
const quickHash = async (password: string) => createHash("sha256").update(password).digest("hex");
const testing = {
  password: {
    hash: quickHash,
    verify: async ({ hash, password }: { hash: string; password: string }) => hash === (await quickHash(password)),
  },
};
const quiet = () => {};

describe.each(PROVIDERS)("password reset by email on %s", (provider) => {
  let db: Db;
  let smtp: TestSmtp;
  let mailer: Mailer;
  let counter = 0;
  let peerCounter = 0;
  const resets: string[] = [];

  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    smtp = await startTestSmtp();
    mailer = createMailer(smtp.url, "Steady <steady@example.com>");
  }, 60_000);
  afterAll(async () => {
    mailer?.close();
    await smtp?.close();
    await db?.$disconnect();
  });

  function makeAuth(withEmail = true) {
    return createAuth({
      db,
      secret: "password-reset-test-secret-0123456789abcdef",
      baseURL: BASE,
      limits: signInLimits({ lockSeconds: 600 }),
      clientIp: (headers) => resolveClientIp(headers, { trustPeerHeader: true, forwardedHeader: "x-forwarded-for", trustedProxies: [] }),
      testing,
      ...(withEmail
        ? { passwordReset: { appUrl: APP, afterQueue: () => void deliverMail(db, mailer, { workerId: "test", log: quiet }) } }
        : {}),
      onPasswordReset: async (user) => void resets.push(user.id),
    });
  }
  type Auth = ReturnType<typeof makeAuth>;

  async function newUser() {
    const n = ++counter;
    const id = `reset-${provider}-${n}`;
    const email = `person-${n}-${provider}@reset.test`;
    await db.user.create({ data: { id, email, name: `Person ${n}`, emailVerified: true, roles: { create: { role: "trainee" } } } });
    await db.account.create({
      data: { id: `${id}-credential`, accountId: id, providerId: "credential", userId: id, password: await quickHash(PASSWORD) },
    });
    return { id, email };
  }

  /** A client address of its own per test, so the per-address limit of one test does not reach another. */
  const newPeer = () => `198.51.100.${++peerCounter}`;

  function post(auth: Auth, path: string, body: unknown, peer: string, cookie?: string) {
    const headers = new Headers({ "content-type": "application/json", [PEER_IP_HEADER]: peer });
    if (cookie) headers.set("cookie", cookie);
    return auth.handler(new Request(`${BASE}/api/auth${path}`, { method: "POST", headers, body: JSON.stringify(body) }));
  }
  const requestReset = (auth: Auth, email: string, peer: string) => post(auth, "/request-password-reset", { email }, peer);
  const setPassword = (auth: Auth, token: string, newPassword: string, peer: string) =>
    post(auth, "/reset-password", { token, newPassword }, peer);
  const signIn = (auth: Auth, email: string, password: string, peer: string) => post(auth, "/sign-in/email", { email, password }, peer);
  const cookieOf = (response: Response) =>
    response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0]!)
      .join("; ");

  async function tokenFor(email: string, count = 1): Promise<string> {
    const mails = await smtp.waitFor(email, count);
    const link = linkIn(mails[count - 1]!, `${APP}/reset-password?token=`);
    return new URL(link).searchParams.get("token")!;
  }

  it("emails a single-use link; the new password works, the old one and every session end", async () => {
    const auth = makeAuth();
    const peer = newPeer();
    const user = await newUser();
    const signedIn = await signIn(auth, user.email, PASSWORD, peer);
    expect(signedIn.status).toBe(200);
    const cookie = cookieOf(signedIn);
    const session = () => auth.api.getSession({ headers: new Headers({ cookie }) });
    expect((await session())?.user.id).toBe(user.id);

    const asked = await requestReset(auth, user.email, peer);
    expect(asked.status).toBe(200);
    expect(await asked.json()).toEqual({ status: true, message: RESET_REQUESTED_MESSAGE });
    const [mail] = await smtp.waitFor(user.email);
    expect(mail!.subject).toBe("Reset your Steady password");
    const token = await tokenFor(user.email);
    expect(token.length).toBeGreaterThanOrEqual(24);

    // Only a hash of the token is stored.
    const stored = await db.verification.findMany({ where: { value: user.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.identifier).not.toContain(token);
    const expiresIn = (stored[0]!.expiresAt.getTime() - Date.now()) / 1000;
    expect(expiresIn).toBeGreaterThan(RESET_TOKEN_SECONDS - 60);
    expect(expiresIn).toBeLessThanOrEqual(RESET_TOKEN_SECONDS);
    // The email's text is not kept once sent.
    await expect.poll(async () => (await db.mailJob.findFirst({ where: { userId: user.id } }))?.status).toBe("sent");
    expect(await db.mailJob.findFirst({ where: { userId: user.id } })).toMatchObject({ kind: "password-reset", text: "", html: "" });

    expect((await setPassword(auth, token, NEW_PASSWORD, peer)).status).toBe(200);
    expect(await session()).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await signIn(auth, user.email, PASSWORD, peer)).status).toBe(401);
    expect((await signIn(auth, user.email, NEW_PASSWORD, peer)).status).toBe(200);
    expect(resets).toContain(user.id);

    // Single use: the same link again is refused, and the password stays.
    const again = await setPassword(auth, token, "third-password-3", peer);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: "INVALID_TOKEN" });
    expect((await signIn(auth, user.email, NEW_PASSWORD, peer)).status).toBe(200);
  }, 30_000);

  it("answers an unknown address exactly as a known one, and emails nobody", async () => {
    const auth = makeAuth();
    const peer = newPeer();
    const known = await newUser();
    const unknown = `nobody-${provider}@reset.test`;
    const a = await requestReset(auth, known.email, peer);
    const b = await requestReset(auth, unknown, peer);
    expect([a.status, await a.text()]).toEqual([b.status, await b.text()]);
    // The form's path (auth.api) answers the same too.
    expect(await auth.api.requestPasswordReset({ body: { email: unknown }, headers: new Headers({ [PEER_IP_HEADER]: peer }) })).toEqual({
      status: true,
      message: RESET_REQUESTED_MESSAGE,
    });
    await smtp.waitFor(known.email);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.inbox.filter((m) => m.to.includes(unknown))).toEqual([]);
    expect(await db.mailJob.count({ where: { to: unknown } })).toBe(0);
  }, 30_000);

  it("refuses a link after an hour", async () => {
    const auth = makeAuth();
    const peer = newPeer();
    const user = await newUser();
    await requestReset(auth, user.email, peer);
    const token = await tokenFor(user.email);
    await db.verification.updateMany({ where: { value: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await setPassword(auth, token, NEW_PASSWORD, peer);
    expect(late.status).toBe(400);
    expect(await late.json()).toMatchObject({ code: "INVALID_TOKEN" });
    expect((await signIn(auth, user.email, PASSWORD, peer)).status).toBe(200);
  }, 30_000);

  it("never lets a turned-off account back in: no email, and an earlier link is refused", async () => {
    const auth = makeAuth();
    const peer = newPeer();
    const off = await newUser();
    await deactivateUsers(db, [off.email], "test");
    const asked = await requestReset(auth, off.email, peer);
    expect(await asked.json()).toEqual({ status: true, message: RESET_REQUESTED_MESSAGE });

    const later = await newUser();
    await requestReset(auth, later.email, peer);
    const token = await tokenFor(later.email);
    await deactivateUsers(db, [later.email], "test");
    const refused = await setPassword(auth, token, NEW_PASSWORD, peer);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "ACCOUNT_TURNED_OFF" });
    expect(await db.account.findFirst({ where: { userId: later.id } })).toMatchObject({ password: await quickHash(PASSWORD) });

    expect(smtp.inbox.filter((m) => m.to.includes(off.email))).toEqual([]);
    expect(await db.mailJob.count({ where: { userId: off.id } })).toBe(0);
  }, 30_000);

  it(`sends at most ${RESET_LIMITS.account.maxFailures} emails per address in 15 minutes, answering the same after`, async () => {
    const auth = makeAuth();
    const user = await newUser();
    const answers: string[] = [];
    for (let i = 0; i < RESET_LIMITS.account.maxFailures + 2; i++)
      answers.push(await (await requestReset(auth, user.email.toUpperCase(), newPeer())).text());
    expect(new Set(answers).size).toBe(1);
    await smtp.waitFor(user.email, RESET_LIMITS.account.maxFailures);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.inbox.filter((m) => m.to.includes(user.email))).toHaveLength(RESET_LIMITS.account.maxFailures);
  }, 30_000);

  it(`refuses a client address after ${RESET_LIMITS.address.maxFailures} requests in 15 minutes, saying when to try again`, async () => {
    const auth = makeAuth();
    const peer = newPeer();
    for (let i = 0; i < RESET_LIMITS.address.maxFailures; i++)
      expect((await requestReset(auth, `someone-${i}@reset.test`, peer)).status).toBe(200);
    const refused = await requestReset(auth, `someone-else@reset.test`, peer);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(await refused.json()).toMatchObject({ code: "TOO_MANY_RESET_REQUESTS", message: expect.stringMatching(/Wait 15 minutes/) });
    // The form's path counts against the same address.
    await expect(
      auth.api.requestPasswordReset({ body: { email: "x@reset.test" }, headers: new Headers({ [PEER_IP_HEADER]: peer }) }),
    ).rejects.toMatchObject({
      statusCode: 429,
    });
    expect((await requestReset(auth, "someone-else@reset.test", newPeer())).status).toBe(200);
  }, 30_000);

  it("clears a sign-in lock: the person proved they hold the address", async () => {
    const auth = makeAuth();
    const user = await newUser();
    for (let i = 0; i < 10; i++) expect((await signIn(auth, user.email, `guess-${i}`, newPeer())).status).toBe(401);
    expect((await signIn(auth, user.email, PASSWORD, newPeer())).status).toBe(429);
    await requestReset(auth, user.email, newPeer());
    expect((await setPassword(auth, await tokenFor(user.email), NEW_PASSWORD, newPeer())).status).toBe(200);
    expect((await signIn(auth, user.email, NEW_PASSWORD, newPeer())).status).toBe(200);
  }, 30_000);

  it("refuses oversized input before Better Auth sees it", async () => {
    const auth = makeAuth();
    const response = await setPassword(auth, "x".repeat(500), NEW_PASSWORD, newPeer());
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/token: at most/) });
    const email = await requestReset(auth, `${"a".repeat(300)}@reset.test`, newPeer());
    expect(email.status).toBe(400);
  }, 30_000);

  it("without email, refuses reset requests and makes no token; an admin's link still works", async () => {
    const auth = makeAuth(false);
    const user = await newUser();
    const refused = await requestReset(auth, user.email, newPeer());
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: "RESET_PASSWORD_DISABLED" });
    expect(await db.verification.count({ where: { value: user.id } })).toBe(0);

    const { link, expiresAt } = await createPasswordResetLink(auth, db, user.id, APP);
    expect(link.startsWith(`${APP}/reset-password?token=`)).toBe(true);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan((RESET_TOKEN_SECONDS - 60) * 1000);
    const token = new URL(link).searchParams.get("token")!;
    expect((await setPassword(auth, token, NEW_PASSWORD, newPeer())).status).toBe(200);
    expect((await setPassword(auth, token, "third-password-3", newPeer())).status).toBe(400);
    expect((await signIn(auth, user.email, NEW_PASSWORD, newPeer())).status).toBe(200);

    const off = await newUser();
    await deactivateUsers(db, [off.email], "test");
    await expect(createPasswordResetLink(auth, db, off.id, APP)).rejects.toMatchObject({ code: "conflict" });
  }, 30_000);
});
