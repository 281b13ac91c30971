import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { hashPassword } from "better-auth/crypto";
import { ensureBuild, freePort, startServer } from "../lib/bench/load";
import { createDb, type Db } from "../lib/db/client.server";
import { deactivateUsers } from "../lib/data/users/deactivate-users.server";
import { startOidcProvider, type TestOidcProvider } from "../lib/testing/oidc-provider";

/**
 * Single sign-on in Chromium against a real OpenID provider on loopback (oidc-provider, on
 * OIDC_TEST_PORT or a free port, at http://localhost:<port>: another site than the app), and a
 * production server of this spec's own (E2E_SSO_PORT or a free port) configured for it.
 */
const PASSWORD = "right-password-1";
const PROVIDER = "Acme ID";

test.describe.configure({ mode: "serial", timeout: 120_000 });

let dir: string;
let base: string;
let idp: TestOidcProvider;
let stop: () => Promise<void>;
let db: Db;
let serverEnv: NodeJS.ProcessEnv;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  ensureBuild(console.log);
  dir = mkdtempSync(join(tmpdir(), "steady-e2e-sso-"));
  const port = Number(process.env.E2E_SSO_PORT ?? 0) || (await freePort());
  base = `http://127.0.0.1:${port}`;
  idp = await startOidcProvider({ redirectUris: [`${base}/api/auth/callback/oidc`] });
  const url = `file:${resolve(dir, "app.db")}`;
  serverEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: url,
    DEMO_MODE: "false",
    BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
    BETTER_AUTH_URL: base,
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_ALLOWED_DOMAINS: "allowed.test",
    OIDC_DEFAULT_ROLES: "trainer",
    OIDC_DISPLAY_NAME: PROVIDER,
    OIDC_BREAK_GLASS_EMAILS: "root@allowed.test",
  };
  delete serverEnv.TRUSTED_PROXIES;
  const server = await startServer(dir, serverEnv, () => {}, port);
  stop = server.stop;
  db = createDb(url);

  const hash = await hashPassword(PASSWORD);
  for (const [id, email, name, role] of [
    ["pat", "pat@allowed.test", "Pat Example", "manager"],
    ["root", "root@allowed.test", "Root Admin", "manager"],
    ["mo", "mo@allowed.test", "Mo Admin", "admin"],
    ["tess", "tess@allowed.test", "Tess Trainee", "trainee"],
  ] as const) {
    await db.user.create({ data: { id, email, name, emailVerified: true, roles: { create: { role } } } });
    await db.account.create({ data: { id: `${id}-credential`, accountId: id, providerId: "credential", userId: id, password: hash } });
  }
});

test.afterAll(async () => {
  await db?.$disconnect();
  await stop?.();
  await idp?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Collects the CSP violations Chromium reports on this page (there must be none on ours). */
function cspViolations(page: Page): string[] {
  const found: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text()) && page.url().startsWith(base)) found.push(message.text());
  });
  return found;
}

/** From the sign-in page: the SSO button, the provider's own sign-in form, and back. */
async function signInWithSso(page: Page, login: string) {
  await page.getByRole("link", { name: `Sign in with ${PROVIDER}` }).click();
  await page.waitForURL((url) => url.toString().startsWith(idp.issuer));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.waitForURL((url) => url.toString().startsWith(base));
}

async function newPage(browser: Browser) {
  const context = await browser.newContext({ baseURL: base });
  return { context, page: await context.newPage() };
}

async function submitPasswordForm(page: Page, email: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("a new person from an allowed domain gets an account with the default roles and lands on the page they asked for", async ({
  browser,
}) => {
  const { context, page } = await newPage(browser);
  const violations = cspViolations(page);
  try {
    // Signed out, a trainer's page sends them to sign in first.
    await page.goto("/trainer/scenarios");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Ftrainer%2Fscenarios$/);
    const csp = (await page.request.get(page.url())).headers()["content-security-policy"];
    expect(csp).toContain("form-action 'self'");
    await expect(page.getByRole("link", { name: `Sign in with ${PROVIDER}` })).toBeVisible();
    await expect(page.getByText("or with your email and password")).toBeVisible();

    await signInWithSso(page, "new.person@allowed.test");
    // OIDC_DEFAULT_ROLES=trainer: the trainer's page opens (any other role gets a 404 there).
    await expect(page).toHaveURL(`${base}/trainer/scenarios`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Scenarios");
    await expect(page.getByRole("navigation", { name: "Main" })).toContainText("New Person · Trainer");
    const user = await db.user.findUniqueOrThrow({ where: { email: "new.person@allowed.test" }, include: { accounts: true } });
    expect(user).toMatchObject({ emailVerified: true });
    expect(await db.userRole.findMany({ where: { userId: user.id }, select: { role: true } })).toEqual([{ role: "trainer" }]);
    expect(user.accounts.map((a) => a.providerId)).toEqual(["oidc"]);
    expect(violations).toEqual([]);
  } finally {
    await context.close();
  }
});

test("a person from another domain is refused with a message on the sign-in page, and nothing is created", async ({ browser }) => {
  const { context, page } = await newPage(browser);
  try {
    await page.goto("/sign-in");
    await signInWithSso(page, "someone@other.test");
    await expect(page).toHaveURL(/\/sign-in\?error=SSO_DOMAIN_NOT_ALLOWED/);
    await expect(page.getByRole("alert").filter({ hasText: "Single sign-on" })).toHaveText(
      /Single sign-on is not open to your email address's domain here\. Sign in with the email and password you were given, or ask your administrator to invite you\./,
    );
    await expect(page.getByRole("heading", { name: "Sign in to Steady" })).toBeVisible();
    expect(await db.user.count({ where: { email: "someone@other.test" } })).toBe(0);
    // The page does not repeat text put in the URL.
    await page.goto("/sign-in?error=SSO_DOMAIN_NOT_ALLOWED&error_description=Call%20555-0100%20now");
    await expect(page.getByText("555-0100")).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test("an existing password user signs in with SSO to the same account, and their password still works", async ({ browser }) => {
  const { context, page } = await newPage(browser);
  try {
    await page.goto("/sign-in");
    await signInWithSso(page, "pat@allowed.test");
    // SSO comes back to `/`, and a manager's start page is their team (D70).
    await expect(page).toHaveURL(new RegExp(`^${base}/manager`));
    await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Pat Example · Manager");
    expect(await db.user.count({ where: { email: "pat@allowed.test" } })).toBe(1);
    expect((await db.account.findMany({ where: { userId: "pat" } })).map((a) => a.providerId).sort()).toEqual(["credential", "oidc"]);

    const password = await page.request.post("/api/auth/sign-in/email", {
      data: { email: "pat@allowed.test", password: PASSWORD },
      headers: { origin: base },
    });
    expect(password.status()).toBe(200);
  } finally {
    await context.close();
  }
});

test("a turned-off person cannot sign in through SSO", async ({ browser }) => {
  await deactivateUsers(db, ["new.person@allowed.test"], "e2e");
  const { context, page } = await newPage(browser);
  try {
    await page.goto("/sign-in");
    await signInWithSso(page, "new.person@allowed.test");
    await expect(page).toHaveURL(/\/sign-in\?error=ACCOUNT_TURNED_OFF/);
    await expect(page.getByRole("alert").filter({ hasText: "turned off" })).toHaveText(/This account is turned off/);
    expect(await db.session.count({ where: { user: { email: "new.person@allowed.test" } } })).toBe(0);
  } finally {
    await context.close();
  }
});

test("with SSO required, password sign-in is refused with a message to use SSO; break-glass and SSO still work", async ({ browser }) => {
  // An administrator who has never used SSO (and is not break-glass) cannot turn it on: it would lock them out.
  const mo = await newPage(browser);
  try {
    await mo.page.goto("/sign-in");
    await submitPasswordForm(mo.page, "mo@allowed.test");
    await expect(mo.page).toHaveURL(`${base}/admin/people`);
    const refused = await mo.page.request.put("/api/settings/sign-in", { data: { ssoRequired: true } });
    expect(refused.status()).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/Sign in once with Acme ID yourself first/);
  } finally {
    await mo.context.close();
  }

  // Pat has signed in with SSO before: the settings page turns it on.
  const pat = await newPage(browser);
  try {
    await pat.page.goto("/sign-in");
    await signInWithSso(pat.page, "pat@allowed.test");
    // Pat, new from SSO as a trainer, is made an administrator (as one would on People).
    const patId = (await db.user.findUniqueOrThrow({ where: { email: "pat@allowed.test" } })).id;
    await db.userRole.create({ data: { userId: patId, role: "admin" } });
    await pat.page.goto("/admin/sign-in");
    await expect(pat.page.getByRole("heading", { name: "Require single sign-on" })).toBeVisible();
    await expect(pat.page.getByText("root@allowed.test")).toBeVisible();
    await pat.page.getByRole("button", { name: `Require ${PROVIDER}` }).click();
    await expect(pat.page.getByRole("status")).toHaveText(`${PROVIDER} is now required: passwords work only for break-glass accounts.`);

    const { context, page } = await newPage(browser);
    try {
      await page.goto("/sign-in");
      await expect(
        page.getByText(`Your organisation signs in with ${PROVIDER}. Passwords work only for break-glass accounts.`),
      ).toBeVisible();
      await submitPasswordForm(page, "tess@allowed.test");
      await expect(page.locator("#sign-in-error")).toHaveText(
        `Your organisation signs in with ${PROVIDER}: use “Sign in with ${PROVIDER}” instead of a password.`,
      );
      await expect(page).toHaveURL(/\/sign-in/);
      // The same over the API, not counted as a failure.
      const api = await page.request.post("/api/auth/sign-in/email", {
        data: { email: "tess@allowed.test", password: PASSWORD },
        headers: { origin: base },
      });
      expect(api.status()).toBe(403);
      expect(await api.json()).toMatchObject({ code: "SSO_REQUIRED" });
      expect(await db.signInLock.count({ where: { key: "account:tess@allowed.test" } })).toBe(0);

      // The break-glass address keeps its password.
      await submitPasswordForm(page, "root@allowed.test");
      await expect(page).toHaveURL(`${base}/manager`);
      await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Root Admin · Manager");
    } finally {
      await context.close();
    }

    // The trainee signs in with SSO instead (and is joined to their account).
    const tess = await newPage(browser);
    try {
      await tess.page.goto("/sign-in");
      await signInWithSso(tess.page, "tess@allowed.test");
      await expect(tess.page.getByRole("navigation", { name: "Main" })).toContainText("Tess Trainee · Trainee");
    } finally {
      await tess.context.close();
    }

    await pat.page.getByRole("button", { name: "Allow passwords again" }).click();
    await expect(pat.page.getByRole("status")).toHaveText("Passwords work again for everyone.");
    const again = await pat.page.request.post("/api/auth/sign-in/email", {
      data: { email: "tess@allowed.test", password: PASSWORD },
      headers: { origin: base },
    });
    expect(again.status()).toBe(200);
  } finally {
    await pat.context.close();
  }
});

test("the sign-in settings are for administrators only", async ({ browser }) => {
  const { context, page } = await newPage(browser);
  try {
    await page.goto("/sign-in");
    await submitPasswordForm(page, "tess@allowed.test");
    await expect(page).toHaveURL(`${base}/`);
    expect((await page.goto("/admin/sign-in"))?.status()).toBe(404);
    const api = await page.request.put("/api/settings/sign-in", { data: { ssoRequired: true } });
    expect(api.status()).toBe(403);
    expect((await page.request.get("/api/settings/sign-in")).status()).toBe(403);
  } finally {
    await context.close();
  }
});

test("a bad OIDC setting stops the server at start with a readable message", async () => {
  const badDir = mkdtempSync(join(tmpdir(), "steady-e2e-sso-bad-"));
  try {
    const env: NodeJS.ProcessEnv = {
      ...serverEnv,
      DATABASE_URL: `file:${resolve(badDir, "app.db")}`,
      OIDC_ALLOWED_DOMAINS: "*.allowed.test",
    };
    delete env.OIDC_CLIENT_SECRET;
    await expect(startServer(badDir, env, () => {})).rejects.toThrow(
      /the server exited while starting[\s\S]*OIDC_CLIENT_SECRET: required for single sign-on[\s\S]*OIDC_ALLOWED_DOMAINS: "\*\.allowed\.test" is not a domain name/,
    );
  } finally {
    rmSync(badDir, { recursive: true, force: true });
  }
});
