import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { analyzeScenario } from "../lib/analysis/analyze";
import { ensureBuild, freePort, startServer } from "../lib/bench/load";
import { replay } from "../lib/customer/replay";
import { loadScenario } from "../lib/scenario/load";
import { linkIn, startTestSmtp, type TestSmtp } from "../lib/testing/smtp";

/**
 * A fresh deployment walked through as a new organisation would, on a production server of this
 * spec's own (demo mode off, an empty SQLite database) whose SMTP_URL points at a real SMTP server
 * (smtp-server) started here: `npm run admin:create` → the administrator sets a password → imports
 * a roster of 30 → the 30 invitations arrive by email → a trainee joins from their email, plays a
 * call → their manager joins from their email and sees the call on the team scorecard.
 */
test.describe.configure({ mode: "serial", timeout: 300_000 });

const PASSWORD = "a-long-password-1";
const TEAM = "North desk";
const TRAINEES = Array.from({ length: 29 }, (_, i) => ({
  email: `trainee${String(i + 1).padStart(2, "0")}@north.test`,
  name: `Trainee ${String(i + 1).padStart(2, "0")}`,
}));
const MANAGER = { email: "mia@north.test", name: "Mia Manager" };

let dir: string;
let base: string;
let databaseUrl: string;
let stop: () => Promise<void>;
let smtp: TestSmtp;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  ensureBuild(console.log);
  smtp = await startTestSmtp(0);
  dir = mkdtempSync(join(tmpdir(), "steady-e2e-org-"));
  databaseUrl = `file:${resolve(dir, "org.db")}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    DEMO_MODE: "false",
    BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
    BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: smtp.url,
    MAIL_FROM: "Steady <steady@north.test>",
  };
  delete env.TRUSTED_PROXIES;
  ({ base, stop } = await startServer(dir, env, () => {}, port));
});

test.afterAll(async () => {
  await stop?.();
  await smtp?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function choosePassword(page: Page, button: string) {
  await page.getByLabel("Choose a password").fill(PASSWORD);
  await page.getByLabel("The same password again").fill(PASSWORD);
  await page.getByRole("button", { name: button }).click();
}

/** Opens the invitation link from the person's email and joins (name kept, a password chosen). */
async function joinFromEmail(browser: Browser, person: { email: string; name: string }): Promise<Page> {
  const [mail] = await smtp.waitFor(person.email);
  expect(mail!.subject).toBe("Ada Admin invited you to Steady");
  const page = await (await browser.newContext()).newPage();
  await page.goto(linkIn(mail!, `${base}/invite/`));
  await expect(page.getByRole("heading", { name: "Join Steady" })).toBeVisible();
  await expect(page.getByLabel("Your name")).toHaveValue(person.name);
  await choosePassword(page, "Join and sign in");
  return page;
}

test("empty database → first administrator → a roster of 30 → invitations by email → a trainee plays → their manager sees them", async ({
  browser,
}) => {
  // 1. The operator makes the first administrator with the documented command.
  const made = spawnSync("npm", ["run", "-s", "admin:create", "--", "--email", "ada@north.test", "--name", "Ada Admin"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, BETTER_AUTH_URL: base, NODE_OPTIONS: "" },
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(made.status, made.stderr).toBe(0);
  const link = /https?:\/\/\S+\/sign-in\/link\/[A-Za-z0-9_-]{43}/.exec(made.stdout)?.[0];
  expect(link, made.stdout).toBeTruthy();
  const admin = await (await browser.newContext()).newPage();
  await admin.goto(link!);
  await choosePassword(admin, "Set password and sign in");
  await expect(admin).toHaveURL(`${base}/admin/people`, { timeout: 20_000 });

  // 2. The administrator imports a roster of 30: 29 trainees and their manager, one new team.
  const roster = [
    "email,name,roles,team",
    `${MANAGER.email},${MANAGER.name},manager,${TEAM}`,
    ...TRAINEES.map((t) => `${t.email},${t.name},trainee,${TEAM}`),
  ];
  await admin.goto(`${base}/admin/roster`);
  await admin.getByLabel("Or paste its lines").fill(roster.join("\n"));
  await admin.getByRole("button", { name: "Preview" }).click();
  await expect(admin.getByText(`New teams: ${TEAM}.`)).toBeVisible();
  await admin.getByRole("button", { name: "Import: 30 to invite, 0 to update" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Imported" })).toContainText("Imported: 30 invited, 0 updated, 0 unchanged");
  await expect(admin.getByText("30 of 30 invitations were emailed.")).toBeVisible();

  // 3. Every invitation arrives by email, once.
  for (const person of [MANAGER, ...TRAINEES]) await smtp.waitFor(person.email, 1, 60_000);
  expect(smtp.inbox.filter((m) => m.to.some((to) => to.endsWith("@north.test")))).toHaveLength(30);

  // 4. A trainee joins from their email and plays the billing call along its best path.
  const trainee = await joinFromEmail(browser, TRAINEES[0]!);
  await expect(trainee).toHaveURL(`${base}/`, { timeout: 20_000 });
  await expect(trainee.getByRole("heading", { level: 1, name: "Scenario library" })).toBeVisible();
  const loaded = loadScenario(readFileSync("scenarios/billing-error.yaml", "utf8"), "billing-error.yaml");
  if (!loaded.ok) throw new Error("billing-error.yaml does not load");
  const scenario = loaded.scenario;
  const best = analyzeScenario(scenario).bestPath;
  await trainee.goto(`${base}/scenarios/${scenario.id}`);
  await trainee.getByRole("button", { name: "Start the call" }).click();
  for (let i = 0; i < best.length; i++) {
    const at = replay(scenario, best.slice(0, i));
    const choice = scenario.nodes[at.node]!.choices.find((c) => c.id === best[i])!;
    await expect(trainee.getByRole("heading", { name: `Turn ${i + 1}` })).toBeVisible();
    await trainee.getByRole("button", { name: choice.text, exact: false }).click();
    await expect(trainee.getByTestId("announcer")).toContainText(
      replay(scenario, best.slice(0, i + 1))
        .turns.at(-1)!
        .reply.slice(0, 40),
    );
  }
  await trainee.getByRole("button", { name: "See your debrief" }).click();
  await expect(trainee.getByText("Debrief", { exact: true })).toBeVisible();

  // 5. Their manager joins from their email, lands on the team and sees the trainee's call.
  const manager = await joinFromEmail(browser, MANAGER);
  await expect(manager).toHaveURL(/\/manager\/teams\/[^/]+$/, { timeout: 20_000 });
  await expect(manager.getByRole("heading", { level: 1, name: `${TEAM}: scorecard` })).toBeVisible();
  const rows = manager.getByRole("region", { name: /One row per trainee/ }).getByRole("row");
  // One row per trainee with an account: those still to accept their invitation are not there yet.
  await expect(rows).toHaveCount(2);
  const row = manager.getByRole("row").filter({ has: manager.getByRole("rowheader", { name: new RegExp(`^${TRAINEES[0]!.name}`) }) });
  await expect(row.getByRole("cell").first()).toHaveText("1");
});
