import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ensureBuild, freePort, startServer } from "../lib/bench/load";
import { expectNoSeriousA11yViolations } from "./fixtures";

/**
 * A new organisation, as it would start on Monday morning, on a production server of this spec's
 * own with demo mode off and an empty database: `npm run admin:create` → the administrator sets a
 * password and lands on People → imports a roster → copies an invitation link → the invitee sets
 * name and password and lands on their library; a team lead lands on their team and can switch to
 * scenarios; turning someone off ends their session at once.
 */
test.describe.configure({ mode: "serial", timeout: 240_000 });

const PASSWORD = "a-long-password-1";
let dir: string;
let base: string;
let databaseUrl: string;
let stop: () => Promise<void>;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  ensureBuild(console.log);
  dir = mkdtempSync(join(tmpdir(), "steady-e2e-people-"));
  databaseUrl = `file:${resolve(dir, "org.db")}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    DEMO_MODE: "false",
    BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
    BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
  };
  delete env.TRUSTED_PROXIES;
  const server = await startServer(dir, env, () => {}, port);
  base = server.base;
  stop = server.stop;
});

test.afterAll(async () => {
  await stop?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The documented command, as an operator runs it on the server. */
function adminCreate(...args: string[]) {
  const result = spawnSync("npm", ["run", "-s", "admin:create", "--", ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, BETTER_AUTH_URL: base, NODE_OPTIONS: "" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

async function choosePassword(page: Page, button: string) {
  await page.getByLabel("Choose a password").fill(PASSWORD);
  await page.getByLabel("The same password again").fill(PASSWORD);
  await page.getByRole("button", { name: button }).click();
}

let adminPage: Page;
const links: Record<string, string> = {};

test("admin:create on an empty database prints a one-time link; the administrator sets a password and lands on People", async ({
  browser,
}) => {
  const context = await browser.newContext();
  adminPage = await context.newPage();
  await adminPage.goto(`${base}/sign-in`);
  await expect(adminPage.getByRole("region", { name: "Demo accounts" })).toHaveCount(0);

  const made = adminCreate("--email", "ada@org.test", "--name", "Ada Admin");
  expect(made.code, made.err).toBe(0);
  const link = /https?:\/\/\S+\/sign-in\/link\/[A-Za-z0-9_-]{43}/.exec(made.out)?.[0];
  expect(link, made.out).toBeTruthy();
  expect(link!.startsWith(`${base}/sign-in/link/`)).toBe(true);

  await adminPage.goto(link!);
  await expect(adminPage.getByRole("heading", { name: "Welcome to Steady" })).toBeVisible();
  await expect(adminPage.getByLabel("Email")).toHaveValue("ada@org.test");
  await choosePassword(adminPage, "Set password and sign in");
  // Two password hashes (set, then sign in) on a busy machine.
  await expect(adminPage).toHaveURL(`${base}/admin/people`, { timeout: 20_000 });
  await expect(adminPage.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
  await expect(adminPage.getByRole("navigation", { name: "Main" })).toContainText("Ada Admin · Admin");
  await expectNoSeriousA11yViolations(adminPage);

  // The link worked once; the command now refuses and says who the administrator is.
  const other = await browser.newContext();
  const again = await other.newPage();
  await again.goto(link!);
  await expect(again.getByRole("alert").filter({ hasText: "used already" })).toContainText("This sign-in link was used already");
  await other.close();
  const refused = adminCreate("--email", "eve@org.test", "--name", "Eve");
  expect(refused.code).toBe(1);
  expect(refused.err).toContain("An administrator already exists (ada@org.test)");
});

test("the administrator imports a roster: a line with a problem stops it; the preview says what happens; the links are shown once", async () => {
  const page = adminPage;
  await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Import a roster" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import a roster" })).toBeVisible();
  const roster = [
    "email,name,roles,team",
    "tara@org.test,Tara Trainee,trainee,Riverside",
    "max@org.test,Max Manager,manager,Riverside",
    "lee@org.test,Lee Lead,trainer manager,Northgate",
  ];
  await page.getByLabel("Or paste its lines").fill([...roster, "not-an-email,Oops,trainee,Riverside"].join("\n"));
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Fix these lines" })).toContainText(
    'Line 5: "not-an-email" is not an email address',
  );
  await expect(page.getByRole("button", { name: /^Import:/ })).toHaveCount(0);

  await page.getByLabel("Or paste its lines").fill(roster.join("\n"));
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: /Preview/ });
  await expect(preview.getByRole("row")).toHaveCount(4);
  await expect(preview.getByRole("row").filter({ hasText: "tara@org.test" })).toContainText("Invite as Trainee, team Riverside");
  await expect(preview.getByRole("row").filter({ hasText: "lee@org.test" })).toContainText("Invite as Trainer, Manager, team Northgate");
  await expect(page.getByText("New teams: Riverside, Northgate.")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("button", { name: "Import: 3 to invite, 0 to update" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toContainText(
    "Imported: 3 invited, 0 updated, 0 unchanged; new teams Riverside, Northgate.",
  );
  for (const email of ["tara@org.test", "lee@org.test"]) {
    links[email] = await page.getByRole("textbox", { name: `Invitation link for ${email}` }).inputValue();
    expect(links[email]).toMatch(new RegExp(`^${base}/invite/[A-Za-z0-9_-]{43}$`));
  }

  // The same file again: nothing to do.
  await page.goto(`${base}/admin/roster`);
  await page.getByLabel("Or paste its lines").fill(roster.join("\n"));
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(
    page
      .getByRole("region", { name: /Preview/ })
      .getByRole("row")
      .filter({ hasText: "Nothing to do: invited already" }),
  ).toHaveCount(3);
});

async function acceptInvitation(browser: Browser, link: string, name: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Join Steady" })).toBeVisible();
  await expect(page.getByLabel("Your name")).toHaveValue(name);
  await choosePassword(page, "Join and sign in");
  return page;
}

let traineePage: Page;

test("the invitee sets name and password and lands on their library; the link works once", async ({ browser }) => {
  traineePage = await acceptInvitation(browser, links["tara@org.test"]!, "Tara Trainee");
  await expect(traineePage).toHaveURL(`${base}/`, { timeout: 20_000 });
  await expect(traineePage.getByRole("heading", { level: 1, name: "Scenario library" })).toBeVisible();
  await expect(traineePage.getByRole("navigation", { name: "Main" })).toContainText("Tara Trainee · Trainee");
  await expect(traineePage.getByRole("link", { name: "People" })).toHaveCount(0);
  expect((await traineePage.request.get(`${base}/admin/people`)).status()).toBe(404);

  const again = await browser.newContext();
  const page = await again.newPage();
  await page.goto(links["tara@org.test"]!);
  await expect(page.getByRole("alert").filter({ hasText: "used already" })).toContainText("This invitation was used already");
  await again.close();
});

test("a team lead (trainer and manager) lands on their team and switches to scenarios from the navigation", async ({ browser }) => {
  const page = await acceptInvitation(browser, links["lee@org.test"]!, "Lee Lead");
  await expect(page).toHaveURL(/\/manager\/teams\/[^/]+$/, { timeout: 20_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Northgate: scorecard" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toContainText("Lee Lead · Trainer, Manager");
  await nav.getByRole("link", { name: "Scenarios" }).click();
  await expect(page).toHaveURL(`${base}/trainer/scenarios`);
  await nav.getByRole("link", { name: "Library" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Scenario library" })).toBeVisible();
  await page.context().close();
});

test("an administrator makes a password reset link for a person: it sets a new password once, and the audit log says who made it", async ({
  browser,
}) => {
  const page = adminPage;
  await page.goto(`${base}/admin/people?q=lee`);
  await page.getByRole("link", { name: "Lee Lead" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Lee Lead" })).toBeVisible();
  await page.getByRole("button", { name: "Make a password reset link" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Send this to Lee Lead" })).toBeVisible();
  const link = await page.getByRole("textbox", { name: "Password reset link for Lee Lead" }).inputValue();
  expect(link).toMatch(new RegExp(`^${base}/reset-password\\?token=`));

  const context = await browser.newContext();
  const lee = await context.newPage();
  const NEW_PASSWORD = "a-new-password-22";
  for (const attempt of [1, 2]) {
    await lee.goto(link);
    await lee.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await lee.getByLabel("New password again").fill(NEW_PASSWORD);
    await lee.getByRole("button", { name: "Set the new password" }).click();
    if (attempt === 1) await expect(lee).toHaveURL(`${base}/sign-in?reset=done`);
    // The link works once.
    else await expect(lee.locator("#reset-error")).toContainText("This link has expired or was already used");
  }
  await lee.goto(`${base}/sign-in`);
  await lee.getByLabel("Email").fill("lee@org.test");
  await lee.getByLabel("Password").fill(NEW_PASSWORD);
  await lee.getByRole("button", { name: "Sign in" }).click();
  await expect(lee).toHaveURL(/\/manager\/teams\/[^/]+$/, { timeout: 20_000 });
  await context.close();

  await page.goto(`${base}/admin/audit`);
  const log = page.getByRole("region", { name: "Audit log, newest first" });
  await expect(log.getByRole("row").filter({ hasText: "A password reset link was made for them" })).toContainText(
    "Ada Admin <ada@org.test>",
  );
  await expect(
    log
      .getByRole("row")
      .filter({ hasText: /Password reset/ })
      .filter({ hasText: "lee@org.test" }),
  ).toHaveCount(1);
});

test("turning a person off ends their session at once: their next page and API call are signed out, and they cannot sign in", async () => {
  const page = adminPage;
  await page.goto(`${base}/admin/people?q=tara`);
  await page.getByRole("link", { name: "Tara Trainee" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tara Trainee" })).toBeVisible();
  const personUrl = page.url();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Turn off" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Turned off" })).toBeVisible();

  // The cookie the trainee holds stops working on the very next request.
  expect((await traineePage.request.get(`${base}/api/runs/anything`)).status()).toBe(401);
  await traineePage.goto(`${base}/my-runs`);
  await expect(traineePage).toHaveURL(/\/sign-in/);
  await traineePage.getByLabel("Email").fill("tara@org.test");
  await traineePage.getByLabel("Password").fill(PASSWORD);
  await traineePage.getByRole("button", { name: "Sign in" }).click();
  await expect(traineePage.locator("#sign-in-error")).toContainText("turned off", { timeout: 15_000 });

  // The administrator can export her data, and the audit log tells the story.
  const personId = personUrl.split("/").pop()!;
  const exported = await page.request.get(`${base}/api/admin/people/${personId}/export`);
  expect(exported.status()).toBe(200);
  expect(exported.headers()["content-disposition"]).toMatch(/^attachment; filename="person-/);
  const data = (await exported.json()) as { profile: { email: string; roles: string[]; team: { name: string } } };
  expect(data.profile).toMatchObject({ email: "tara@org.test", roles: ["trainee"], team: { name: "Riverside" } });

  await page.goto(`${base}/admin/audit`);
  const log = page.getByRole("region", { name: "Audit log, newest first" });
  await expect(log.getByRole("row").nth(1)).toContainText("Exported their data");
  await expect(log.getByRole("row").filter({ hasText: "Turned off (signed out)" })).toContainText("Ada Admin <ada@org.test>");
  await expect(log.getByRole("row").filter({ hasText: "Imported a roster: 3 invited, 0 updated, 0 unchanged" })).toHaveCount(1);
  await expect(log.getByRole("row").filter({ hasText: "Made the first administrator" })).toContainText("npm run admin:create");
  await expectNoSeriousA11yViolations(page);
});
