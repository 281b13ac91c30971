import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { analyzeScenario } from "../lib/analysis/analyze";
import { loadScenario } from "../lib/scenario/load";
import { expectNoSeriousA11yViolations, postTurn, SIGNED_OUT, startRun, STORAGE, type DemoRole } from "./fixtures";

/**
 * The pages people use most, on a 390 × 844 phone, in the light and the dark scheme: nothing
 * scrolls sideways, and axe finds nothing serious (dark mode remaps the palette, so its contrast
 * is checked as the light one is). Issue 14.
 */

const PHONE = { width: 390, height: 844 };
const loaded = loadScenario(readFileSync("scenarios/billing-error.yaml", "utf8"), "billing-error.yaml");
if (!loaded.ok) throw new Error("billing-error.yaml does not load");
const best = analyzeScenario(loaded.scenario).bestPath;

async function phonePage(browser: Browser, who: DemoRole | "signed-out", colorScheme: "light" | "dark"): Promise<Page> {
  const context = await browser.newContext({
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    colorScheme,
    storageState: who === "signed-out" ? SIGNED_OUT : STORAGE[who],
  });
  return context.newPage();
}

async function expectNoSidewaysScroll(page: Page) {
  // Against the phone's width, not window.innerWidth: a mobile viewport widens to fit wide content.
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scroll, `${page.url()} is ${scroll} px wide on a ${PHONE.width} px screen`).toBeLessThanOrEqual(PHONE.width);
}

let inProgress = "";
let finished = "";

test.beforeAll(async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL, storageState: STORAGE.trainee });
  finished = await startRun(request, "billing-error");
  for (const [i, choice] of best.entries()) expect((await postTurn(request, finished, i, choice)).status).toBe(201);
  // A second scenario, one turn in: the player mid-call (one call in progress per scenario).
  inProgress = await startRun(request, "broadband-outage");
  await request.dispose();
});

const pages: { name: string; who: DemoRole | "signed-out"; path: () => string }[] = [
  { name: "sign-in", who: "signed-out", path: () => "/sign-in" },
  { name: "library", who: "trainee", path: () => "/" },
  { name: "player", who: "trainee", path: () => `/runs/${inProgress}` },
  { name: "debrief", who: "trainee", path: () => `/runs/${finished}` },
  { name: "my runs", who: "trainee", path: () => "/my-runs" },
  { name: "team scorecard", who: "manager", path: () => "/manager" },
  { name: "trainer workspace", who: "trainer", path: () => "/trainer/scenarios/billing-error" },
  { name: "people", who: "admin", path: () => "/admin/people" },
];

for (const colorScheme of ["light", "dark"] as const) {
  for (const target of pages) {
    test(`${target.name} fits a 390 px phone (${colorScheme})`, async ({ browser }) => {
      const page = await phonePage(browser, target.who, colorScheme);
      await page.goto(target.path());
      await expect(page.locator("main h1").first()).toBeVisible();
      await expectNoSidewaysScroll(page);
      await expectNoSeriousA11yViolations(page);
      await page.context().close();
    });
  }
}

test("the header is one line on a phone, and its menu opens, lists the person's pages and closes after a choice", async ({ browser }) => {
  const page = await phonePage(browser, "trainee", "light");
  await page.goto("/");
  const header = page.getByRole("banner");
  expect((await header.boundingBox())!.height).toBeLessThanOrEqual(64);
  await page.getByText("Menu", { exact: true }).click();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toContainText("Alex Rivera · Trainee");
  await nav.getByRole("link", { name: "My runs" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My runs" })).toBeVisible();
  await expect(nav).toBeHidden();
  await page.context().close();
});

test("a missing page has one header, signed in or not", async ({ browser }) => {
  for (const who of ["trainee", "signed-out"] as const) {
    const page = await phonePage(browser, who, "light");
    if (who === "trainee") {
      // A page of the app that finds nothing (notFound() inside the app's layout).
      await page.goto("/runs/no-such-run");
      await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
      await expect(page.getByRole("banner")).toHaveCount(1);
    }
    // A URL that matches no page at all.
    await page.goto("/no/such/page");
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("banner")).toHaveCount(1);
    await page.context().close();
  }
});

test("the scripts a page runs at start-up are marked for eager compilation", async ({ browser }) => {
  // D76: `npm run build` puts V8's compile hint first in each start-up chunk, so Chrome compiles
  // them off the main thread. This checks the production build the app actually serves.
  const page = await phonePage(browser, "trainee", "light");
  await page.goto("/my-runs");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const inHtml = await page
    // Not the noModule polyfills: browsers that run this build's modules skip them.
    .locator("script[src*='/_next/static/']:not([nomodule])")
    .evaluateAll((scripts) => scripts.map((script) => (script as HTMLScriptElement).src));
  expect(inHtml.length).toBeGreaterThan(3);
  for (const src of inHtml) {
    const body = await (await page.request.get(src)).text();
    expect(body.startsWith("//# allFunctionsCalledOnLoad\n"), src).toBe(true);
  }
  await page.context().close();
});
