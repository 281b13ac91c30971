import { createHash } from "node:crypto";
import { isAPIError } from "better-auth/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth } from "../auth/auth.server";
import { signInLimits } from "../auth/sign-in-guard.server";
import type { Db } from "../db/client.server";
import { startNewRun } from "../data/runs/start-call.server";
import { syncBuiltinScenarios } from "../data/scenarios/sync-builtin-scenarios.server";
import { deactivateUsers } from "../data/users/deactivate-users.server";
import { PEER_IP_HEADER } from "../http/client-ip.server";
import { freshDatabase, PROVIDERS } from "../testing/db";
import { applyDemoMode, DEMO_MODE_OFF, demoEmails } from "./demo-mode.server";
import { DEMO_ACCOUNTS } from "./seed.server";

const BASE = "http://localhost:3000";
const quickHash = async (password: string) => createHash("sha256").update(password).digest("hex");

describe.each(PROVIDERS)("demo accounts and DEMO_MODE on %s", (provider) => {
  let db: Db;
  let auth: ReturnType<typeof createAuth>;
  const trainee = DEMO_ACCOUNTS.find((a) => a.roles.includes("trainee"))!;

  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    await syncBuiltinScenarios(db);
    auth = createAuth({
      db,
      secret: "demo-mode-test-secret-0123456789abcdef",
      baseURL: BASE,
      limits: signInLimits(),
      clientIp: () => "192.0.2.1",
      testing: {
        password: { hash: quickHash, verify: async ({ hash, password }) => hash === (await quickHash(password)) },
      },
    });
    // A database a demo-mode server seeded: every demo account (the simulated trainees too), and one real account.
    const passwords = new Map(DEMO_ACCOUNTS.map((a) => [a.email, a.password]));
    for (const [i, email] of [...demoEmails(), "real.person@company.test"].entries()) {
      const id = `user-${provider}-${i}`;
      await db.user.create({ data: { id, email, name: email, emailVerified: true, roles: { create: { role: "trainee" } } } });
      const hash = await quickHash(passwords.get(email) ?? "steady-trainee");
      await db.account.create({ data: { id: `${id}-credential`, accountId: id, providerId: "credential", userId: id, password: hash } });
    }
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
  });

  async function signIn(email: string, password: string): Promise<{ status: number; cookie: string }> {
    const response = await auth.handler(
      new Request(`${BASE}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", [PEER_IP_HEADER]: "192.0.2.1" },
        body: JSON.stringify({ email, password }),
      }),
    );
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0]!)
      .join("; ");
    return { status: response.status, cookie };
  }

  async function signInThroughForm(email: string, password: string): Promise<number> {
    try {
      await auth.api.signInEmail({ body: { email, password }, headers: new Headers() });
      return 200;
    } catch (err) {
      if (isAPIError(err)) return err.statusCode;
      throw err;
    }
  }

  it("turns the demo accounts off when demo mode is off: no sign-in by either path, sessions end, runs stay", async () => {
    const before = await signIn(trainee.email, trainee.password);
    expect(before.status).toBe(200);
    const userId = (await db.user.findUniqueOrThrow({ where: { email: trainee.email } })).id;
    const run = await startNewRun(db, userId, "billing-error");

    const log: string[] = [];
    expect(await applyDemoMode(db, false, (l) => log.push(l))).toBe(demoEmails().length);
    expect(log.join("\n")).toMatch(/demo mode off: \d+ demo account\(s\) turned off and signed out/);

    expect(await auth.api.getSession({ headers: new Headers({ cookie: before.cookie }) })).toBeNull();
    for (const account of DEMO_ACCOUNTS) {
      expect((await signIn(account.email, account.password)).status).toBe(403);
      expect(await signInThroughForm(account.email, account.password)).toBe(403);
    }
    expect((await signIn("sam.okoye@demo.test", "steady-trainee")).status).toBe(403);
    // Nothing else is lost: the run is there, and a real account is untouched.
    expect(await db.run.findUnique({ where: { id: run.id } })).not.toBeNull();
    expect((await signIn("real.person@company.test", "steady-trainee")).status).toBe(200);
    const off = await db.user.findMany({ where: { deactivatedAt: { not: null } }, select: { email: true, deactivatedBy: true } });
    expect(off.map((u) => u.email).sort()).toEqual(demoEmails().sort());
    expect(new Set(off.map((u) => u.deactivatedBy))).toEqual(new Set([DEMO_MODE_OFF]));
    // Starting again with demo mode off changes nothing more.
    expect(await applyDemoMode(db, false)).toBe(0);
  });

  it("turns them on again with demo mode, but not an account turned off for another reason", async () => {
    await deactivateUsers(db, ["real.person@company.test"], "manager-1");
    expect(await applyDemoMode(db, true)).toBe(demoEmails().length);
    expect((await signIn(trainee.email, trainee.password)).status).toBe(200);
    expect(await signInThroughForm(trainee.email, trainee.password)).toBe(200);
    expect((await signIn("real.person@company.test", "steady-trainee")).status).toBe(403);
  });
});
