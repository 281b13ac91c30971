/**
 * `npm run audit:pages`: Lighthouse (performance, accessibility, CLS, LCP) and axe (WCAG 2.1 A/AA
 * violations, every impact) over the pages people use most, on the production build, at 390 px
 * (a phone, Lighthouse's mobile settings: throttled network and CPU) and 1280 px (desktop
 * settings), plus whether the page scrolls sideways. Prints one table; exits 1 when a target is
 * missed (Lighthouse performance ≥ 90 on mobile, accessibility 100, CLS < 0.1, no sideways
 * scrolling at 390 px, 0 axe violations), so it can be kept green once met.
 *
 * Starts the production server (`server.mjs`, as `npm start`) on a free port with a fresh SQLite
 * database in a temporary directory, in demo mode (the demo accounts and team), signs the demo
 * trainee, manager and trainer in over HTTP, and makes a call in progress and a finished call for
 * the player and the debrief. Chromium: /usr/bin/chromium, or CHROME_PATH.
 *
 * Lighthouse's scores vary from run to run (its CPU slowdown multiplies the time each task took
 * on this machine), so each page state is loaded `--runs` times (3 unless told) and the median run
 * is reported, as Lighthouse advises: its own computeMedianRun (closest to the median first
 * paint and time to interactive). The log shows every run's performance score.
 *
 * Options:
 * - `--only <page name parts, comma-separated>` (e.g. `--only debrief,player`);
 * - `--viewport <390|1280>`; `--runs <n>`;
 * - `--json <file>` (writes the rows);
 * - `--reports <folder>` (keeps each median Lighthouse report as JSON, to read where the time went).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { chromium, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { launch as launchChrome } from "chrome-launcher";
import lighthouse, { type Result } from "lighthouse";
// Lighthouse's own pick of the median run (the module has no type declarations of its own).
import { computeMedianRun as medianRun } from "lighthouse/core/lib/median-run.js";
import { offeredInOrder } from "../call/call-view";
import { replay } from "../customer/replay";
import { analyzeScenario } from "../analysis/analyze";
import { benchServerEnv, builtInScenarios, ensureBuild, freePort, startServer, waitUntilIdle } from "./load";

const computeMedianRun = medianRun as (runs: Result[]) => Result;

const CHROME = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const CHROME_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const DEMO = {
  trainee: { email: "trainee@demo.test", password: "steady-trainee" },
  manager: { email: "manager@demo.test", password: "steady-manager" },
  trainer: { email: "trainer@demo.test", password: "steady-trainer" },
} as const;
type Who = keyof typeof DEMO | "signed-out";

interface Target {
  name: string;
  path: string;
  who: Who;
  /** An element only that page state has: checked before its scores count. */
  shows?: string;
}

export interface AuditRow {
  page: string;
  viewport: "390 px" | "1280 px";
  /** The median run's score, and every run's. */
  performance: number;
  performanceRuns: number[];
  accessibility: number;
  cls: number;
  lcpMs: number;
  axe: number;
  axeIds: string[];
  sideways: boolean;
}

const VIEWPORTS = {
  "390 px": {
    formFactor: "mobile" as const,
    screenEmulation: { mobile: true, width: 390, height: 844, deviceScaleFactor: 3, disabled: false },
  },
  "1280 px": {
    formFactor: "desktop" as const,
    screenEmulation: { mobile: false, width: 1280, height: 800, deviceScaleFactor: 1, disabled: false },
    // Lighthouse's desktop preset: a fast connection, no CPU slowdown.
    throttling: {
      rttMs: 40,
      throughputKbps: 10_240,
      cpuSlowdownMultiplier: 1,
      requestLatencyMs: 0,
      downloadThroughputKbps: 0,
      uploadThroughputKbps: 0,
    },
  },
};

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function signIn(base: string, who: keyof typeof DEMO): Promise<{ cookie: string; api: APIRequestContext }> {
  const api = await playwrightRequest.newContext({ baseURL: base, extraHTTPHeaders: { origin: base } });
  const response = await api.post("/api/auth/sign-in/email", { data: DEMO[who] });
  if (response.status() !== 200) throw new Error(`sign-in as ${who}: ${response.status()} ${await response.text()}`);
  const state = await api.storageState();
  const cookie = state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  return { cookie, api };
}

/** A call of the billing scenario: `turns` turns played along its best path (all of them: a finished call). */
async function playCall(api: APIRequestContext, turns: number | "all"): Promise<string> {
  const scenario = builtInScenarios().find((s) => s.id === "billing-error")!;
  const best = analyzeScenario(scenario).bestPath;
  const started = await api.post(`/api/scenarios/${scenario.id}/runs`, { data: { fresh: true } });
  if (!started.ok()) throw new Error(`start: ${started.status()} ${await started.text()}`);
  const { runId: id } = (await started.json()) as { runId: string };
  const count = turns === "all" ? best.length : turns;
  for (let i = 0; i < count; i++) {
    // As the browser does: a response by its position on screen (the run's id orders them).
    const at = replay(scenario, best.slice(0, i));
    const option = offeredInOrder(scenario, id, at.node, at).indexOf(best[i]!) + 1;
    const turn = await api.post(`/api/runs/${id}/turns`, { data: { index: i, option } });
    if (!turn.ok()) throw new Error(`turn ${i}: ${turn.status()} ${await turn.text()}`);
  }
  return id;
}

export async function runPageAudit(
  options: { only?: string; viewport?: string; runs?: number; reports?: string; log?: (line: string) => void } = {},
): Promise<AuditRow[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  ensureBuild(log);
  const { dir, serverEnv } = await benchServerEnv("steady-audit-");
  const port = await freePort();
  // The demo accounts and team; the server's own address, so Better Auth trusts the Origin.
  const server = await startServer(
    dir,
    { ...serverEnv, DEMO_MODE: "true", HOST: "127.0.0.1", BETTER_AUTH_URL: `http://127.0.0.1:${port}` },
    log,
    port,
  );
  const chrome = await launchChrome({ chromePath: CHROME, chromeFlags: CHROME_FLAGS });
  const browser = await chromium.launch({ executablePath: CHROME, args: CHROME_FLAGS.filter((f) => f !== "--headless=new") });
  const rows: AuditRow[] = [];
  try {
    const base = server.base;
    const sessions = {
      trainee: await signIn(base, "trainee"),
      manager: await signIn(base, "manager"),
      trainer: await signIn(base, "trainer"),
    };
    // The finished call first: starting a call afresh sets aside the trainee's call in progress.
    const finished = await playCall(sessions.trainee.api, "all");
    const inProgress = await playCall(sessions.trainee.api, 1);
    const team = (await sessions.manager.api.get("/manager", { maxRedirects: 0 })).headers()["location"] ?? "/manager";
    // The server's work after it starts (the debrief searches of the built-ins: a few seconds of
    // CPU) would otherwise run during the first page's first loads.
    if (server.child.pid) await waitUntilIdle(server.child.pid, log);
    const all: Target[] = [
      { name: "sign-in", path: "/sign-in", who: "signed-out" },
      { name: "library", path: "/", who: "trainee" },
      { name: "player", path: `/runs/${inProgress}`, who: "trainee", shows: '[data-testid="progress"]' },
      { name: "debrief", path: `/runs/${finished}`, who: "trainee", shows: '[data-testid="turn-lines"]' },
      { name: "my runs", path: "/my-runs", who: "trainee" },
      { name: "team scorecard", path: new URL(team, base).pathname, who: "manager" },
      { name: "trainer workspace", path: "/trainer/scenarios/billing-error", who: "trainer", shows: '[data-testid="yaml-editor"]' },
    ];
    const targets = all.filter((t) => !options.only || options.only.split(",").some((part) => t.name.includes(part.trim())));
    const viewports = Object.keys(VIEWPORTS).filter((name) => !options.viewport || name.startsWith(options.viewport));
    if (!targets.length || !viewports.length)
      throw new Error(`Nothing to audit: --only takes parts of ${all.map((t) => `"${t.name}"`).join(", ")}; --viewport takes 390 or 1280.`);

    for (const target of targets) {
      const cookie = target.who === "signed-out" ? "" : sessions[target.who].cookie;
      for (const [viewport, settings] of (
        Object.entries(VIEWPORTS) as [AuditRow["viewport"], (typeof VIEWPORTS)[keyof typeof VIEWPORTS]][]
      ).filter(([name]) => viewports.includes(name))) {
        const url = new URL(target.path, base).href;
        const runs: Result[] = [];
        for (let run = 0; run < Math.max(1, options.runs ?? 3); run++) {
          const result = await lighthouse(
            url,
            {
              port: chrome.port,
              output: "json",
              logLevel: "error",
              onlyCategories: ["performance", "accessibility"],
              ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
            },
            { extends: "lighthouse:default", settings },
          );
          if (!result?.lhr) throw new Error(`Lighthouse gave no result for ${url}`);
          runs.push(result.lhr);
        }
        const lhr: Result = computeMedianRun(runs);
        const score = (r: Result) => Math.round((r.categories.performance?.score ?? 0) * 100);
        if (options.reports) {
          mkdirSync(options.reports, { recursive: true });
          writeFileSync(
            join(options.reports, `${target.name.replace(/\W+/g, "-")}-${viewport.replace(/\W+/g, "")}.json`),
            JSON.stringify(lhr),
          );
        }
        // axe in the light scheme and in the dark one (dark mode follows the system setting).
        const axeIds: string[] = [];
        let sideways = false;
        for (const colorScheme of ["light", "dark"] as const) {
          const context = await browser.newContext({
            viewport: { width: settings.screenEmulation.width, height: settings.screenEmulation.height },
            colorScheme,
            ...(cookie ? { extraHTTPHeaders: { Cookie: cookie } } : {}),
          });
          const page = await context.newPage();
          await page.goto(url, { waitUntil: "networkidle" });
          if (target.shows && !(await page.locator(target.shows).count()))
            throw new Error(
              `${target.name}: ${url} does not show the page audited (no ${target.shows}); its heading reads "${await page.locator("h1").first().textContent()}".`,
            );
          const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
          axeIds.push(...axe.violations.map((v) => `${v.id} (${v.impact}${colorScheme === "dark" ? ", dark" : ""}: ${v.nodes.length})`));
          if (colorScheme === "light") sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
          await context.close();
        }
        const row: AuditRow = {
          page: target.name,
          viewport,
          performance: score(lhr),
          performanceRuns: runs.map(score),
          accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
          cls: Number(lhr.audits["cumulative-layout-shift"]?.numericValue ?? NaN),
          lcpMs: Number(lhr.audits["largest-contentful-paint"]?.numericValue ?? NaN),
          axe: axeIds.length,
          axeIds,
          sideways,
        };
        rows.push(row);
        // What moved, when the page shifts: Lighthouse's layout-shifts audit names the elements.
        if (!(row.cls < 0.1)) {
          const items =
            (
              lhr.audits["layout-shifts"]?.details as
                { items?: { score?: number; node?: { selector?: string; snippet?: string } }[] } | undefined
            )?.items ?? [];
          for (const item of items.slice(0, 5))
            log(`    shift ${item.score?.toFixed(3)}: ${item.node?.selector ?? "?"} ${item.node?.snippet?.slice(0, 120) ?? ""}`);
        }
        if (row.performance < 90 && row.viewport === "390 px") {
          const lcp = (
            lhr.audits["largest-contentful-paint-element"]?.details as
              { items?: { items?: { node?: { snippet?: string } }[] }[] } | undefined
          )?.items?.[0]?.items?.[0]?.node?.snippet;
          if (lcp) log(`    LCP element: ${lcp.slice(0, 160)}`);
          for (const id of ["total-blocking-time", "speed-index", "first-contentful-paint", "interactive"])
            log(`    ${id}: ${lhr.audits[id]?.displayValue ?? "?"}`);
          // Where the main thread's time goes: the scripts that cost the most (under the 4x CPU slowdown).
          const scripts =
            (lhr.audits["bootup-time"]?.details as { items?: { url?: string; total?: number; scripting?: number }[] } | undefined)?.items ??
            [];
          for (const item of scripts.slice(0, 6))
            log(`    script ${Math.round(item.scripting ?? 0)} ms scripting, ${Math.round(item.total ?? 0)} ms in all: ${item.url ?? "?"}`);
        }
        log(
          `  ${row.page} @ ${row.viewport}: performance ${row.performance} (runs: ${row.performanceRuns.join(", ")}), accessibility ${row.accessibility}, CLS ${row.cls.toFixed(3)}`,
        );
      }
    }
  } finally {
    await browser.close();
    chrome.kill();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** Which targets a row misses (the issue's bars): none when it meets them all. */
export function missedTargets(row: AuditRow): string[] {
  const missed: string[] = [];
  if (row.viewport === "390 px" && row.performance < 90) missed.push("performance < 90");
  if (row.accessibility < 100) missed.push("accessibility < 100");
  if (!(row.cls < 0.1)) missed.push("CLS ≥ 0.1");
  if (row.axe > 0) missed.push(`axe: ${row.axeIds.join(", ")}`);
  if (row.viewport === "390 px" && row.sideways) missed.push("scrolls sideways");
  return missed;
}

function table(rows: AuditRow[]): string {
  const header = ["page", "viewport", "performance", "accessibility", "CLS", "LCP", "axe violations", "sideways scroll", "targets"];
  const body = rows.map((r) => {
    const missed = missedTargets(r);
    return [
      r.page,
      r.viewport,
      String(r.performance),
      String(r.accessibility),
      r.cls.toFixed(3),
      `${(r.lcpMs / 1000).toFixed(1)} s`,
      String(r.axe),
      r.sideways ? "yes" : "no",
      missed.length ? `MISS ${missed.join("; ")}` : "ok",
    ];
  });
  return [header, header.map(() => "---"), ...body].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

if (process.argv[1]?.endsWith("audit-pages.ts")) {
  const runsArg = arg("runs");
  if (runsArg !== undefined && !/^[1-9]\d*$/.test(runsArg)) {
    console.error(`--runs takes a whole number of runs, 1 or more (got "${runsArg}").`);
    process.exit(2);
  }
  const rows = await runPageAudit({
    only: arg("only"),
    runs: runsArg ? Number(runsArg) : undefined,
    viewport: arg("viewport"),
    reports: arg("reports"),
  });
  const json = arg("json");
  if (json) writeFileSync(json, JSON.stringify(rows, null, 2) + "\n");
  console.log(`\n${table(rows)}\n`);
  const misses = rows.filter((r) => missedTargets(r).length).length;
  console.log(misses ? `${misses} of ${rows.length} page states miss a target.` : `All ${rows.length} page states meet every target.`);
  process.exit(misses ? 1 : 0);
}
