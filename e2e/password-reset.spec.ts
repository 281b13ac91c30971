import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, test } from "@playwright/test";
import { hashPassword } from "better-auth/crypto";
import { ensureBuild, freePort, startServer } from "../lib/bench/load";
import { createDb, type Db } from "../lib/db/client.server";
import { linkIn, startTestSmtp, type TestSmtp } from "../lib/testing/smtp";
import { expectNoSeriousA11yViolations } from "./fixtures";

/**
 * Password reset through the browser, on a production server of this spec's own whose SMTP_URL
 * points at a real SMTP server (smtp-server) started here, on E2E_SMTP_PORT or a free port. The
 * shared e2e server has no SMTP: its forgot-password page says so (last test).
 */
const PASSWORD = "old-password-1";
const NEW_PASSWORD = "brand-new-password-2";

test.describe.configure({ mode: "serial", timeout: 180_000 });

let dir: string;
let base: string;
let stop: () => Promise<void>;
let logFile: string;
let db: Db;
let smtp: TestSmtp;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  ensureBuild(console.log);
  smtp = await startTestSmtp(process.env.E2E_SMTP_PORT ? Number(process.env.E2E_SMTP_PORT) : 0);
  dir = mkdtempSync(join(tmpdir(), "steady-e2e-reset-"));
  const url = `file:${resolve(dir, "app.db")}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: url,
    DEMO_MODE: "false",
    BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
    BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: smtp.url,
    MAIL_FROM: "Steady <steady@e2e.test>",
  };
  delete env.TRUSTED_PROXIES;
  const server = await startServer(dir, env, () => {}, port);
  ({ base, stop, logFile } = server);
  db = createDb(url);
});

test.afterAll(async () => {
  await db?.$disconnect();
  await stop?.();
  await smtp?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let userCounter = 0;
async function newUser(): Promise<{ id: string; email: string }> {
  const n = ++userCounter;
  const id = `e2e-reset-${n}`;
  const email = `reset-${n}@e2e.test`;
  await db.user.create({ data: { id, email, name: `Reset Person ${n}`, emailVerified: true, roles: { create: { role: "trainee" } } } });
  await db.account.create({
    data: { id: `${id}-credential`, accountId: id, providerId: "credential", userId: id, password: await hashPassword(PASSWORD) },
  });
  return { id, email };
}

test("forgot password → emailed link → new password → signed in; every other session ends and the link works once", async ({ browser }) => {
  const user = await newUser();

  // Signed in elsewhere (another browser), before the reset.
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await other.goto(`${base}/sign-in`);
  await other.getByLabel("Email").fill(user.email);
  await other.getByLabel("Password").fill(PASSWORD);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other).toHaveURL(`${base}/`);

  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${base}/sign-in`);
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.getByLabel("Email").fill(user.email);
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await expect(page.getByRole("status")).toContainText("Check your email.");
    await expect(page.getByRole("status")).toContainText(user.email);

    const [mail] = await smtp.waitFor(user.email);
    expect(mail!.from).toBe("Steady <steady@e2e.test>");
    expect(mail!.subject).toBe("Reset your Steady password");
    const link = linkIn(mail!, `${base}/reset-password?token=`);

    await page.goto(link);
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    // Two different passwords are caught before anything is spent.
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("New password again").fill("something-else-9");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await expect(page.locator("#reset-error")).toContainText("The two passwords are not the same");
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("New password again").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set the new password" }).click();
    await expect(page).toHaveURL(`${base}/sign-in?reset=done`);
    await expect(page.getByRole("status")).toContainText("Your password is changed");

    // The old password no longer works; the new one does.
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("#sign-in-error")).toContainText("do not match");
    await page.getByLabel("Password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${base}/`);

    // The other browser's session ended with the reset.
    await other.goto(`${base}/my-runs`);
    await expect(other).toHaveURL(/\/sign-in/);

    // The link works once.
    const again = await context.newPage();
    await again.goto(link);
    await again.getByLabel("New password", { exact: true }).fill("third-password-3");
    await again.getByLabel("New password again").fill("third-password-3");
    await again.getByRole("button", { name: "Set the new password" }).click();
    await expect(again.locator("#reset-error")).toContainText("This link has expired or was already used");
    await expect(again.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
  } finally {
    await context.close();
    await elsewhere.close();
  }

  // No reset link in the server's log.
  expect(readFileSync(logFile, "utf8")).not.toContain("reset-password?token=");
  // The reset is in the audit log, once (the second use of the link was refused).
  expect(await db.auditEntry.findMany({ where: { targetUserId: user.id }, select: { action: true, actorId: true } })).toEqual([
    { action: "person.password-reset", actorId: user.id },
  ]);
});

test("with SMTP, an administrator's invitation is emailed as well as shown, and the emailed link lets the person join", async ({
  browser,
}) => {
  const admin = await newUser();
  await db.userRole.create({ data: { userId: admin.id, role: "admin" } });
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${base}/admin/people`);
    await page.goto(`${base}/admin/invitations`);
    await page.getByLabel("Email", { exact: true }).fill("invited@e2e.test");
    await page.getByRole("button", { name: "Create the invitation link" }).click();
    const status = page.getByRole("status").filter({ hasText: "Invitation emailed to invited@e2e.test" });
    await expect(status).toBeVisible();
    const shown = await page.getByRole("textbox", { name: "Invitation link for invited@e2e.test" }).inputValue();

    const [mail] = await smtp.waitFor("invited@e2e.test");
    expect(mail!.from).toBe("Steady <steady@e2e.test>");
    const emailed = linkIn(mail!, `${base}/invite/`);
    expect(emailed).toBe(shown);
    const invitee = await context.newPage();
    await invitee.goto(emailed);
    await expect(invitee.getByRole("heading", { name: "Join Steady" })).toBeVisible();
  } finally {
    await context.close();
  }
});

test("an unknown address sees the same answer, and nobody is emailed", async ({ page }) => {
  const before = smtp.inbox.length;
  await page.goto(`${base}/forgot-password`);
  await page.getByLabel("Email").fill("nobody-here@e2e.test");
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByRole("status")).toContainText("Check your email.");
  await expect(page.getByRole("status")).toContainText("If an account uses nobody-here@e2e.test");
  await page.waitForTimeout(1000);
  expect(smtp.inbox.length).toBe(before);
});

test("without SMTP (the shared e2e server), the page says to ask an admin and offers no form", async ({ page, baseURL }) => {
  await page.goto(`${baseURL}/forgot-password`);
  await expect(page.getByText("Email is not set up on this server")).toBeVisible();
  await expect(page.getByRole("button", { name: "Email me a reset link" })).toHaveCount(0);
  const api = await page.request.post(`${baseURL}/api/auth/request-password-reset`, { data: { email: "trainee@demo.test" } });
  expect(api.status()).toBe(400);
  expect(await api.json()).toMatchObject({ code: "RESET_PASSWORD_DISABLED" });
});
