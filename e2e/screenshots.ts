/**
 * `npm run screenshots`: serves the production build on a scratch database, signs in as the
 * demo trainee, and saves a screenshot of each main page to public/screenshots/ for the
 * README, including phone-sized (390 × 844) ones of the player and the debrief and a dark-mode
 * one. Run `npm run build` first; SCREENSHOTS_PORT sets the port (default 3199).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { analyzeScenario } from "../lib/analysis/analyze";
import { replay } from "../lib/customer/replay";
import { loadScenario } from "../lib/scenario/load";

const PORT = Number(process.env.SCREENSHOTS_PORT ?? 3199);
const base = `http://127.0.0.1:${PORT}`;
const dbDir = mkdtempSync(path.join(tmpdir(), "steady-shots-"));
const server = spawn(process.execPath, ["server.mjs"], {
  stdio: "ignore",
  detached: true,
  env: {
    ...process.env,
    NODE_OPTIONS: "",
    PORT: String(PORT),
    HOST: "127.0.0.1",
    DATABASE_URL: `file:${dbDir}/shots.db`,
    DEMO_MODE: "true",
  },
});

async function shoot(page: Page, file: string) {
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: `public/screenshots/${file}`, fullPage: true });
  console.log(`public/screenshots/${file}`);
}

try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/sign-in`)).ok) break;
    } catch {
      if (i > 100) throw new Error("the server did not start");
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";
  const browser = await chromium.launch({
    ...(executablePath && existsSync(executablePath) ? { executablePath } : {}),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: "reduce" });
  mkdirSync("public/screenshots", { recursive: true });

  await page.goto(`${base}/sign-in`);
  await shoot(page, "sign-in.png");
  await page.getByLabel("Email").fill("trainee@demo.test");
  await page.getByLabel("Password").fill("steady-trainee");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}/`);

  const loaded = loadScenario(readFileSync("scenarios/billing-error.yaml"), "billing-error.yaml");
  if (!loaded.ok) throw new Error("billing-error does not load");
  const scenario = loaded.scenario;
  const best = analyzeScenario(scenario).bestPath;

  await page.goto(`${base}/scenarios/billing-error`);
  await page.getByRole("button", { name: "Start the call" }).click();
  await page.waitForURL(/\/runs\//);
  for (let i = 0; i < best.length; i++) {
    const node = scenario.nodes[replay(scenario, best.slice(0, i)).node]!;
    await page.getByRole("button", { name: node.choices.find((c) => c.id === best[i])!.text }).click();
    if (i === 2) await shoot(page, "player.png");
  }
  await page.getByRole("button", { name: "See your debrief" }).click();
  await page.getByText("Debrief", { exact: true }).waitFor();
  await shoot(page, "debrief.png");

  // A second, weaker call so "My runs" shows progress.
  await page.goto(`${base}/scenarios/delayed-update`);
  await page.getByRole("button", { name: "Start the call" }).click();
  await page.waitForURL(/\/runs\//);
  const delayed = loadScenario(readFileSync("scenarios/delayed-update.yaml"), "delayed-update.yaml");
  if (!delayed.ok) throw new Error("delayed-update does not load");
  const worst = analyzeScenario(delayed.scenario).worstPath;
  for (let i = 0; i < worst.length; i++) {
    const node = delayed.scenario.nodes[replay(delayed.scenario, worst.slice(0, i)).node]!;
    await page.getByRole("button", { name: node.choices.find((c) => c.id === worst[i])!.text }).click();
  }
  await page.getByRole("button", { name: "See your debrief" }).click();
  await page.getByText("Debrief", { exact: true }).waitFor();

  await page.goto(`${base}/`);
  await shoot(page, "library.png");

  // On a phone: a call in progress (turn 1, the responses in the tray) and the top of a debrief.
  const phoneContext = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    reducedMotion: "reduce",
    storageState: await page.context().storageState(),
  });
  const phone = await phoneContext.newPage();
  await phone.goto(`${base}/scenarios/broadband-outage`);
  await phone
    .getByRole("button", { name: /Start the call|Resume/ })
    .first()
    .click();
  await phone.waitForURL(/\/runs\//);
  await phone.waitForLoadState("networkidle");
  await phone.screenshot({ path: "public/screenshots/phone-player.png" });
  console.log("public/screenshots/phone-player.png");
  await phone.goto(`${base}/my-runs`);
  await phone
    .getByRole("link", { name: /Debrief/ })
    .first()
    .click();
  await phone.waitForURL(/\/runs\//);
  await phone.waitForLoadState("networkidle");
  await phone.screenshot({ path: "public/screenshots/phone-debrief.png" });
  console.log("public/screenshots/phone-debrief.png");
  await phoneContext.close();

  // Dark mode follows the system setting.
  const darkContext = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: "dark",
    storageState: await page.context().storageState(),
  });
  const dark = await darkContext.newPage();
  await dark.goto(`${base}/my-runs`);
  await dark.waitForLoadState("networkidle");
  await dark.screenshot({ path: "public/screenshots/dark-my-runs.png" });
  console.log("public/screenshots/dark-my-runs.png");
  await darkContext.close();
  await page.goto(`${base}/my-runs`);
  await shoot(page, "my-runs.png");

  const manager = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await manager.goto(`${base}/sign-in`);
  await manager.getByLabel("Email").fill("manager@demo.test");
  await manager.getByLabel("Password").fill("steady-manager");
  await manager.getByRole("button", { name: "Sign in" }).click();
  // A manager lands on their team.
  await manager.waitForURL(`${base}/manager/teams/team-demo`);
  await shoot(manager, "team-scorecard.png");
  // The trainee with the most calls makes the fullest scorecard.
  await manager.getByRole("link", { name: "Runs", exact: true }).click();
  await manager.waitForURL(/sort=runs/);
  await manager
    .getByRole("region", { name: /One row per trainee/ })
    .getByRole("rowheader")
    .first()
    .getByRole("link")
    .click();
  await manager.waitForURL(/\/manager\/trainees\//);
  await manager.getByTestId("trend-chart").first().waitFor({ timeout: 10_000 });
  await shoot(manager, "trainee-scorecard.png");
  await manager
    .getByRole("link", { name: /^Review/ })
    .first()
    .click();
  await manager.waitForURL(/\/manager\/runs\//);
  await shoot(manager, "run-review.png");
  await manager.goto(`${base}/manager/teams/team-demo/assignments`);
  await shoot(manager, "assignments.png");

  const trainer = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await trainer.goto(`${base}/sign-in`);
  await trainer.getByLabel("Email").fill("trainer@demo.test");
  await trainer.getByLabel("Password").fill("steady-trainer");
  await trainer.getByRole("button", { name: "Sign in" }).click();
  // A trainer lands on the scenarios.
  await trainer.waitForURL(`${base}/trainer/scenarios`);
  await trainer.getByRole("link", { name: "New scenario" }).click();
  await trainer.getByRole("button", { name: "Save new scenario" }).click();
  await trainer.getByRole("tab", { name: "Graph" }).waitFor();
  await trainer.goto(`${base}/trainer/scenarios`);
  await shoot(trainer, "trainer-scenarios.png");
  await trainer
    .getByRole("main")
    .getByRole("link")
    .filter({ hasNotText: /New scenario|Import/ })
    .first()
    .click();
  await trainer.getByRole("tab", { name: /Editor/ }).waitFor();
  // CodeMirror starts after the page has loaded (D78): the shot shows the editor, not the text before it.
  await trainer.locator('[data-testid="yaml-editor"][data-editor="ready"]').waitFor();
  await trainer.waitForTimeout(300);
  await trainer.screenshot({ path: "public/screenshots/trainer-editor.png" });
  console.log("public/screenshots/trainer-editor.png");
  await trainer.getByRole("tab", { name: "Graph" }).click();
  await trainer.waitForTimeout(1000);
  await trainer.screenshot({ path: "public/screenshots/trainer-graph.png" });
  console.log("public/screenshots/trainer-graph.png");
  await trainer.getByRole("tab", { name: "Analysis" }).click();
  await trainer.waitForTimeout(1500);
  await trainer.screenshot({ path: "public/screenshots/trainer-analysis.png" });
  console.log("public/screenshots/trainer-analysis.png");
  await browser.close();
} finally {
  // Stop the whole process group (the server and anything it started).
  if (server.pid) process.kill(-server.pid, "SIGTERM");
}
