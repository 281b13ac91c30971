/**
 * Issue 11, the hardening part, against the production build: no 500 for a cross-site or
 * oversized server-action request, JSON routes refuse other sites, security headers (and a CSP
 * that the app's own pages keep to), due dates and removals the manager can trust, and the
 * rough edges a new user found (long notes, a PNG imported as YAML, deep links lost at sign-in,
 * a manager opening a trainee's run link).
 */
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { analyzeScenario } from "../lib/analysis/analyze";
import { scenarioTemplate } from "../lib/authoring/template";
import { replay } from "../lib/customer/replay";
import { loadScenario } from "../lib/scenario/load";
import type { Scenario } from "../lib/scenario/model";
import { DEMO, expectApiError, postTurn, SIGNED_OUT, startRun, STORAGE, type DemoRole } from "./fixtures";

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database("data/e2e.db", { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/**
 * The trend chart's lines are drawn, their colours (inline styles) applied under the CSP. Not
 * `toBeVisible`: with one finished call a line is a single point, an empty box, whichever tests
 * ran before this one.
 */
async function expectChartLines(page: Page) {
  const line = page.getByTestId("trend-chart").locator("polyline").first();
  await expect(line).toBeAttached();
  await expect(line).not.toHaveCSS("stroke", "none");
}

function scenario(id: string): Scenario {
  const result = loadScenario(readFileSync(`scenarios/${id}.yaml`), `${id}.yaml`);
  if (!result.ok) throw new Error(`${id} does not load`);
  return result.scenario;
}
const billing = scenario("billing-error");

async function contextAs(browser: Browser, role: DemoRole, options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ storageState: STORAGE[role], ...options });
}

/** A finished billing-error run of `role`, played over the API as the player does. */
async function finishedRun(browser: Browser, role: DemoRole): Promise<string> {
  const context = await contextAs(browser, role);
  try {
    const runId = await startRun(context.request, "billing-error");
    for (const [i, choiceId] of analyzeScenario(billing).worstPath.entries()) {
      expect((await postTurn(context.request, runId, i, choiceId)).status).toBe(201);
    }
    return runId;
  } finally {
    await context.close();
  }
}

/** The signIn server action's id, from the sign-in page (its form carries it). */
async function signInActionId(page: Page): Promise<string> {
  const html = await (await page.request.get("/sign-in")).text();
  const id = /id&quot;:&quot;([0-9a-f]{20,})&quot;/.exec(html)?.[1];
  expect(id, "the sign-in form names its action").toBeTruthy();
  return id!;
}

// ---------------------------------------------------------------------------------------------
test.describe("server actions and form posts", () => {
  test.use({ storageState: SIGNED_OUT });

  test("another site, a null origin or a body over 1 MB get a 4xx that says why, never a 500", async ({ page, baseURL }) => {
    const action = await signInActionId(page);
    const post = (headers: Record<string, string>, data: string | Buffer) =>
      page.request.post("/sign-in", { headers: { "next-action": action, "content-type": "text/plain;charset=UTF-8", ...headers }, data });
    const body = '[{},"$K1"]';

    for (const origin of ["https://evil.test", "null"]) {
      const refused = await post({ origin }, body);
      const error = await expectApiError(refused, 403, "forbidden");
      expect(error.error.message).toMatch(origin === "null" ? /no origin/ : /[Rr]equests from https:\/\/evil\.test are refused/);
    }
    // The same without JavaScript: a plain form post from another site.
    const form = await page.request.post("/sign-in", {
      headers: { origin: "https://evil.test" },
      multipart: { email: "a@b.test", password: "x" },
    });
    await expectApiError(form, 403, "forbidden");

    const big = Buffer.alloc(1024 * 1024 + 1000, 0x61);
    await expectApiError(await post({ origin: baseURL! }, big), 413, "too-large");
    // A body with no Content-Length (chunked) is measured as it comes.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 11; i++) controller.enqueue(new Uint8Array(100_000).fill(0x61));
        controller.close();
      },
    });
    const chunked = await fetch(`${baseURL}/sign-in`, {
      method: "POST",
      headers: { "next-action": action, "content-type": "text/plain;charset=UTF-8", origin: baseURL! },
      body: chunks,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);

    // The same action from the app itself, and from a client that sends no Origin, still runs.
    for (const headers of [{ origin: baseURL! }, {}] as Record<string, string>[]) {
      const ok = await post(headers, body);
      expect(ok.status(), await ok.text()).toBe(200);
    }
  });
});

// ---------------------------------------------------------------------------------------------
test.describe("JSON routes refuse requests from other sites", () => {
  test("start a run and save a turn (trainee)", async ({ browser, baseURL }) => {
    const trainee = await contextAs(browser, "trainee");
    const request = trainee.request;
    const runs = () => query<{ n: number }>(`SELECT COUNT(*) AS n FROM "Run"`)[0]!.n;
    const before = runs();
    for (const origin of ["https://evil.test", "null", "http://127.0.0.1:1"]) {
      const response = await request.post("/api/scenarios/billing-error/runs", { headers: { origin }, data: { fresh: true } });
      await expectApiError(response, 403, "forbidden");
    }
    expect(runs(), "nothing was started").toBe(before);

    // From the app's own pages (and from curl, with no Origin) it works.
    const own = await request.post("/api/scenarios/billing-error/runs", { headers: { origin: baseURL! }, data: { fresh: true } });
    expect(own.status(), await own.text()).toBe(201);
    const { runId } = (await own.json()) as { runId: string };
    const choiceId = billing.nodes[billing.start]!.choices[0]!.id;
    const foreignTurn = await request.post(`/api/runs/${runId}/turns`, {
      headers: { origin: "https://evil.test" },
      data: { index: 0, choiceId },
    });
    await expectApiError(foreignTurn, 403, "forbidden");
    expect(query<{ n: number }>(`SELECT COUNT(*) AS n FROM "Turn" WHERE runId = ?`, runId)[0]!.n).toBe(0);
    expect((await postTurn(request, runId, 0, choiceId)).status).toBe(201);
    await trainee.close();
  });

  test("create, save, publish and unpublish a scenario (trainer)", async ({ browser, baseURL }) => {
    const trainer = await contextAs(browser, "trainer");
    const request = trainer.request;
    const evil = { origin: "https://evil.test" };
    await expectApiError(
      await request.post("/api/trainer/scenarios", { headers: evil, data: { yaml: scenarioTemplate("csrf-e2e") } }),
      403,
      "forbidden",
    );
    expect(query(`SELECT id FROM "Scenario" WHERE id = 'csrf-e2e'`)).toHaveLength(0);

    const created = await request.post("/api/trainer/scenarios", {
      headers: { origin: baseURL! },
      data: { yaml: scenarioTemplate("csrf-e2e") },
    });
    expect(created.status(), await created.text()).toBe(201);
    const published = await request.put("/api/trainer/scenarios/csrf-e2e/publication", { data: { version: 1 } });
    expect(published.status(), await published.text()).toBe(200);

    await expectApiError(await request.delete("/api/trainer/scenarios/csrf-e2e/publication", { headers: evil }), 403, "forbidden");
    await expectApiError(
      await request.post("/api/trainer/scenarios/csrf-e2e/versions", {
        headers: evil,
        data: { baseVersion: 1, yaml: scenarioTemplate("csrf-e2e") },
      }),
      403,
      "forbidden",
    );
    await expectApiError(
      await request.put("/api/trainer/scenarios/csrf-e2e/publication", { headers: evil, data: { version: 1 } }),
      403,
      "forbidden",
    );
    expect(query<{ published: number }>(`SELECT published FROM "ScenarioVersion" WHERE scenarioId = 'csrf-e2e'`)).toEqual([
      { published: 1 },
    ]);

    const unpublished = await request.delete("/api/trainer/scenarios/csrf-e2e/publication", { headers: { origin: baseURL! } });
    expect(unpublished.status(), await unpublished.text()).toBe(200);
    await trainer.close();
  });
});

// ---------------------------------------------------------------------------------------------
test.describe("security headers", () => {
  test.use({ storageState: STORAGE.trainee });

  function expectCommonHeaders(headers: Record<string, string>, what: string) {
    expect(headers["x-content-type-options"], what).toBe("nosniff");
    expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
    expect(headers["x-frame-options"], what).toBe("DENY");
    expect(headers["content-security-policy"], what).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
    expect(headers["content-security-policy"], what).toMatch(/(^|; )object-src 'none'(;|$)/);
    // The e2e server's public URL is plain http: no HSTS (lib/http/security-headers.test.ts covers https).
    expect(headers["strict-transport-security"], what).toBeUndefined();
  }

  test("a page, an API route, the 404 page and static files carry them; a page's scripts carry its nonce", async ({ page }) => {
    const response = await page.goto("/");
    const headers = response!.headers();
    expectCommonHeaders(headers, "page");
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(headers["content-security-policy"]!)?.[1];
    expect(nonce, headers["content-security-policy"]).toBeTruthy();
    const scripts = await page.locator("script").evaluateAll((all) => all.map((s) => (s as HTMLScriptElement).nonce));
    expect(scripts.length).toBeGreaterThan(0);
    expect(new Set(scripts)).toEqual(new Set([nonce]));
    // A new nonce for every page.
    const again = (await page.request.get("/")).headers()["content-security-policy"]!;
    expect(again).not.toContain(nonce);

    const api = await page.request.post("/api/scenarios/no-such-scenario/runs", { data: {} });
    expect(api.status()).toBe(404);
    expectCommonHeaders(api.headers(), "API route");
    expect(api.headers()["content-security-policy"]).not.toContain("nonce-");

    const chunk = await page.locator("script[src^='/_next/static/']").first().getAttribute("src");
    for (const path of [chunk!, "/favicon.svg"]) {
      const asset = await page.request.get(path);
      expect(asset.status(), path).toBe(200);
      expectCommonHeaders(asset.headers(), path);
    }
    const notFound = await page.request.get("/no-such-page");
    expect(notFound.status()).toBe(404);
    expectCommonHeaders(notFound.headers(), "404 page");
  });
});

// ---------------------------------------------------------------------------------------------
/** Collects CSP violations (the browser's console reports and the DOM event) and page errors. */
async function watchForViolations(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return problems;
}

test.describe("the CSP: every page works and nothing is blocked", () => {
  test("trainee: library, brief, the call (XState) and the debrief (charts)", async ({ browser }) => {
    const context = await contextAs(browser, "trainee");
    const page = await context.newPage();
    const problems = await watchForViolations(page);
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Scenario library" })).toBeVisible();
    await page.goto("/scenarios/billing-error");
    const startOver = page.getByRole("button", { name: "Start over instead" });
    if (await startOver.isVisible()) await startOver.click();
    else await page.getByRole("button", { name: "Start the call" }).click();
    await expect(page).toHaveURL(/\/runs\/[A-Za-z0-9_-]+$/);
    const best = analyzeScenario(billing).bestPath;
    for (let i = 0; i < best.length; i++) {
      const choice = billing.nodes[replay(billing, best.slice(0, i)).node]!.choices.find((c) => c.id === best[i])!;
      await expect(page.getByRole("heading", { name: `Turn ${i + 1}` })).toBeVisible();
      await page.getByRole("button", { name: choice.text, exact: false }).click();
    }
    await page.getByRole("button", { name: "See your debrief" }).click();
    await expect(page.getByRole("region", { name: "Result" })).toContainText("Passed");
    // The mood chart is SVG drawn on the server (no chart library on the debrief).
    await expect(
      page
        .getByRole("region", { name: /mood moved/ })
        .locator("svg")
        .first(),
    ).toBeVisible();
    await page.goto("/my-runs");
    await expect(page.getByRole("heading", { level: 1, name: "My runs" })).toBeVisible();
    // The trend chart (SVG drawn on the server, no chart library) draws under the CSP, with its lines.
    await expectChartLines(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  test("trainer: the editor (CodeMirror), graph (React Flow), analysis (web worker) and playtest", async ({ browser }) => {
    const context = await contextAs(browser, "trainer");
    const page = await context.newPage();
    const problems = await watchForViolations(page);
    const workers: string[] = [];
    page.on("worker", (worker) => workers.push(worker.url()));
    await page.goto("/trainer/scenarios/billing-error");
    await expect(page.getByTestId("yaml-editor").locator(".cm-content")).toContainText("id: billing-error");
    await expect(page.getByTestId("check-status")).toContainText(/checked in \d+ ms/);
    await page.getByRole("tab", { name: "Graph" }).click();
    await expect(page.locator(".react-flow__node").first()).toBeVisible();
    await page.getByRole("tab", { name: "Analysis" }).click();
    await expect(page.getByTestId("score-range")).toBeVisible();
    // The analysis ran in its worker (it falls back to the page when a worker cannot load).
    expect(
      workers.some((url) => url.includes("/_next/static/")),
      workers.join(", "),
    ).toBe(true);
    await page.getByRole("tab", { name: "Playtest" }).click();
    await expect(page.getByRole("heading", { name: "Turn 1" })).toBeVisible();
    await page.goto("/trainer/scenarios");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(problems).toEqual([]);
    await context.close();
  });

  test("manager: team scorecard, trainee charts, a run review, and the 404 page", async ({ browser }) => {
    const context = await contextAs(browser, "manager");
    const page = await context.newPage();
    const problems = await watchForViolations(page);
    await page.goto("/manager/teams/team-demo");
    await expect(page.getByRole("heading", { level: 1, name: "Riverside support desk: scorecard" })).toBeVisible();
    await page.getByRole("table").getByRole("link", { name: "Alex Rivera" }).click();
    await expect(page.getByRole("heading", { name: "Skills over time" })).toBeVisible();
    await expectChartLines(page);
    await page.locator("a[href^='/manager/runs/']").first().click();
    await expect(page.getByText(/Reviewing Alex Rivera's call|call in progress/)).toBeVisible();
    const missing = await page.goto("/no-such-page");
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    // The 404 page's link goes to `/`, which is a manager's team.
    await page.getByRole("link", { name: "Back to your start page" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Riverside support desk: scorecard" })).toBeVisible();
    expect(problems).toEqual([]);
    await context.close();
  });
});

// ---------------------------------------------------------------------------------------------
test.describe("deep links survive sign-in", () => {
  /** A signed-out browser from its own address (sign-in is limited per address). */
  async function signedOut(browser: Browser, ip: string) {
    return browser.newContext({ storageState: SIGNED_OUT, extraHTTPHeaders: { "x-forwarded-for": ip } });
  }

  async function signInHere(page: Page, role: DemoRole) {
    await expect(page.getByRole("heading", { name: "Sign in to Steady" })).toBeVisible();
    await page.getByLabel("Email").fill(DEMO[role].email);
    await page.getByLabel("Password").fill(DEMO[role].password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  test("a signed-out visit to a run, a team page or a workspace tab lands back there after signing in", async ({ browser, baseURL }) => {
    const traineeContext = await contextAs(browser, "trainee");
    const runId = await startRun(traineeContext.request, "delayed-update");
    await traineeContext.close();

    const cases: { role: DemoRole; path: string; ip: string; then: (page: Page) => Promise<void> }[] = [
      {
        role: "trainee",
        path: `/runs/${runId}`,
        ip: "10.88.0.1",
        then: (page) => expect(page.getByRole("heading", { name: "Turn 1" })).toBeVisible(),
      },
      {
        role: "manager",
        path: "/manager/teams/team-demo/assignments",
        ip: "10.88.0.2",
        then: (page) => expect(page.getByRole("heading", { level: 1, name: "Riverside support desk: assigned scenarios" })).toBeVisible(),
      },
      {
        role: "trainer",
        path: "/trainer/scenarios/delayed-update?tab=graph",
        ip: "10.88.0.3",
        then: (page) => expect(page.getByTestId("yaml-editor")).toBeVisible(),
      },
    ];
    for (const c of cases) {
      const context = await signedOut(browser, c.ip);
      const page = await context.newPage();
      await page.goto(c.path);
      expect(new URL(page.url()).pathname).toBe("/sign-in");
      expect(new URL(page.url()).searchParams.get("next")).toBe(c.path);
      await signInHere(page, c.role);
      await expect(page).toHaveURL(`${baseURL}${c.path}`);
      await c.then(page);
      await context.close();
    }
  });

  test("only paths on this site are followed: another site in `next` lands on the library", async ({ browser, baseURL }) => {
    const context = await signedOut(browser, "10.88.0.4");
    const page = await context.newPage();
    await page.goto(`/sign-in?next=${encodeURIComponent("//evil.test/steal")}`);
    await signInHere(page, "trainee2");
    await expect(page).toHaveURL(`${baseURL}/`);
    await expect(page.getByRole("heading", { level: 1, name: "Scenario library" })).toBeVisible();
    await context.close();
  });
});

// ---------------------------------------------------------------------------------------------
test("a manager opening a trainee's run link gets the review; anyone else a 404", async ({ browser }) => {
  const runId = await finishedRun(browser, "trainee");
  const manager = await contextAs(browser, "manager");
  const page = await manager.newPage();
  await page.goto(`/runs/${runId}`);
  await expect(page).toHaveURL(new RegExp(`/manager/runs/${runId}$`));
  await expect(page.getByText("Reviewing Alex Rivera's call")).toBeVisible();

  // A run of another team's trainee, and one that does not exist: 404, as for anyone.
  const outsider = query<{ id: string }>(
    `SELECT r.id FROM "Run" r JOIN "user" u ON u.id = r.userId WHERE u.teamId = 'team-north' AND EXISTS (SELECT 1 FROM "UserRole" ur WHERE ur.userId = u.id AND ur.role = 'trainee') LIMIT 1`,
  )[0]!;
  for (const path of [`/runs/${outsider.id}`, "/runs/no-such-run"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    expect(new URL(page.url()).pathname, path).toBe(path);
  }
  // The manager's own run still opens as their own call.
  const own = await startRun(manager.request, "delayed-update");
  await page.goto(`/runs/${own}`);
  await expect(page.getByRole("heading", { name: "Turn 1" })).toBeVisible();
  await manager.close();

  // A trainer (not a manager) and another trainee still get a 404.
  for (const role of ["trainer", "trainee2"] as const) {
    const context = await contextAs(browser, role);
    const other = await context.newPage();
    const response = await other.goto(`/runs/${runId}`);
    expect(response?.status(), role).toBe(404);
    await context.close();
  }
});

// ---------------------------------------------------------------------------------------------
test("a coaching note with a long pasted link wraps on a 390 px phone: no sideways scrolling", async ({ browser }) => {
  const runId = await finishedRun(browser, "trainee");
  const phone = { viewport: { width: 390, height: 844 } };
  const link = `https://support.example.com/knowledge-base/articles/${"de-escalation-".repeat(20)}checklist?ref=${"x".repeat(120)}`;
  const noSidewaysScroll = (page: Page) =>
    page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth }));

  const manager = await contextAs(browser, "manager", phone);
  const review = await manager.newPage();
  await review.goto(`/manager/runs/${runId}`);
  await review.getByLabel("Note for the trainee").fill(`Read this before your next call: ${link}`);
  await review.getByRole("button", { name: "Save note" }).click();
  await expect(review.getByRole("status").filter({ hasText: "Note saved" })).toBeVisible();
  await review.reload();
  await expect(review.getByLabel("Note for the trainee")).toHaveValue(new RegExp(link.slice(0, 40)));
  const onReview = await noSidewaysScroll(review);
  expect(onReview.scroll, "the manager's review at 390 px").toBeLessThanOrEqual(onReview.viewport);
  await manager.close();

  const trainee = await contextAs(browser, "trainee", phone);
  const debrief = await trainee.newPage();
  await debrief.goto(`/runs/${runId}`);
  const note = debrief.getByRole("region", { name: "Coaching note from Morgan Blake" });
  await expect(note).toContainText(link);
  const onDebrief = await noSidewaysScroll(debrief);
  expect(onDebrief.scroll, "the trainee's debrief at 390 px").toBeLessThanOrEqual(onDebrief.viewport);
  const box = await note.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  await trainee.close();
});

// ---------------------------------------------------------------------------------------------
test.describe("assignments the manager can trust", () => {
  test.use({ storageState: STORAGE.manager });

  test("a due date that is not on the calendar (30 February) is refused, not moved to March", async ({ page }) => {
    const count = () => query<{ n: number }>(`SELECT COUNT(*) AS n FROM "Assignment" WHERE teamId = 'team-demo'`)[0]!.n;
    const before = count();
    await page.goto("/manager/teams/team-demo/assignments");
    await page.getByRole("checkbox", { name: "Charged twice before payroll" }).check();
    // The date picker cannot produce it; a crafted or scripted form can.
    await page.locator("#dueDate").evaluate((input: HTMLInputElement) => {
      input.type = "text";
      input.value = "2027-02-30";
    });
    await page.getByRole("button", { name: "Assign" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "2027-02-30 is not a day on the calendar" })).toBeVisible();
    expect(count()).toBe(before);
    await expect(page.getByRole("row").filter({ hasText: "2 Mar 2027" })).toHaveCount(0);
  });

  test("removing an assignment that is already gone (a second tab, a double submit) says nothing was removed", async ({
    page,
    context,
  }) => {
    await page.goto("/manager/teams/team-demo/assignments");
    await page.getByRole("checkbox", { name: "Charged twice before payroll" }).check();
    await page.locator("#dueDate").fill("2031-07-15");
    await page.getByRole("button", { name: "Assign" }).click();
    await expect(page.getByRole("status")).toHaveText("1 assignment created.");

    const second = await context.newPage();
    await second.goto("/manager/teams/team-demo/assignments");
    // Assignments are grouped by scenario, one list item each.
    const rowIn = (p: Page) =>
      p.getByRole("region", { name: "Charged twice before payroll" }).getByRole("listitem").filter({ hasText: "15 Jul 2031" });
    await expect(rowIn(second)).toHaveCount(1);

    page.once("dialog", (d) => void d.accept());
    await rowIn(page)
      .getByRole("button", { name: /^Remove/ })
      .click();
    await expect(page.getByRole("status")).toHaveText("Assignment removed.");

    second.once("dialog", (d) => void d.accept());
    await rowIn(second)
      .getByRole("button", { name: /^Remove/ })
      .click();
    await expect(second.getByRole("status")).toHaveText("Nothing was removed: that assignment was already gone.");
    await expect(rowIn(second)).toHaveCount(0);
  });
});

// ---------------------------------------------------------------------------------------------
test.describe("importing a file that is not YAML", () => {
  test.use({ storageState: STORAGE.trainer });

  const NEW_DRAFT_KEY = "steady:scenario-draft:(new):v0";
  const editor = (page: Page) => page.getByTestId("yaml-editor").locator(".cm-content");

  test("a PNG is refused with a message; the editor keeps its text and no draft is kept", async ({ page }) => {
    await page.goto("/trainer/scenarios/new");
    await expect(editor(page)).toContainText("title: Internet down before a client call");
    await expect(page.getByTestId("check-status")).toContainText(/checked in \d+ ms/);
    const png = await page.screenshot();
    expect(png.subarray(1, 4).toString()).toBe("PNG");

    await page.getByLabel("Import .yaml").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: png });
    await expect(page.getByTestId("save-trouble")).toHaveText(
      "photo.png was not imported: its type is image/png, not text. Choose a .yaml scenario file.",
    );
    // Renamed to .yaml, the bytes still give it away.
    await page.getByLabel("Import .yaml").setInputFiles({ name: "scenario.yaml", mimeType: "text/yaml", buffer: png });
    await expect(page.getByTestId("save-trouble")).toHaveText(
      "scenario.yaml was not imported: it is not UTF-8 text. Choose a .yaml scenario file.",
    );
    await expect(editor(page)).toContainText("title: Internet down before a client call");
    await expect(editor(page)).not.toContainText("PNG");

    // Nothing was kept as a local draft, so the next new scenario starts from the template.
    await page.waitForTimeout(500); // longer than the editor's check-and-keep delay
    expect(await page.evaluate((key) => localStorage.getItem(key), NEW_DRAFT_KEY)).toBeNull();
    await page.goto("/trainer/scenarios/new");
    await expect(editor(page)).toContainText("title: Internet down before a client call");
    await expect(page.getByTestId("draft-restored")).toHaveCount(0);
  });

  test("binary junk kept as a draft by an older version never comes back in a new scenario", async ({ page }) => {
    await page.goto("/trainer/scenarios");
    const junk = "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000\u0001\u0000\ufffd\ufffd";
    await page.evaluate(
      ([key, text]) => localStorage.setItem(key!, JSON.stringify({ text, savedAt: new Date().toISOString() })),
      [NEW_DRAFT_KEY, junk],
    );
    await page.goto("/trainer/scenarios/new");
    await expect(editor(page)).toContainText("title: Internet down before a client call");
    await expect(page.getByTestId("draft-restored")).toHaveCount(0);
    await expect.poll(() => page.evaluate((key) => localStorage.getItem(key), NEW_DRAFT_KEY)).toBeNull();
  });
});
