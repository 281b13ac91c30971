import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { analyzeScenario } from "../lib/analysis/analyze";
import { parseCsv } from "../lib/csv/csv";
import { RUNS_CSV_HEADER } from "../lib/data/scorecards/export-trainee-runs-csv.server";
import { TEAM_CSV_HEADER } from "../lib/data/scorecards/export-team-scorecard-csv.server";
import { loadScenario } from "../lib/scenario/load";
import { expectApiError, expectNoSeriousA11yViolations, postTurn, startRun, STORAGE } from "./fixtures";

/** The e2e server's own database (playwright.config.ts), read only, to check pages against it. */
function e2eDb() {
  return new Database("data/e2e.db", { readonly: true, fileMustExist: true });
}

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = e2eDb();
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const billing = (() => {
  const r = loadScenario(readFileSync("scenarios/billing-error.yaml"), "billing-error.yaml");
  if (!r.ok) throw new Error("billing-error does not load");
  return r.scenario;
})();

async function contextAs(browser: Browser, role: keyof typeof STORAGE): Promise<BrowserContext> {
  return browser.newContext({ storageState: STORAGE[role] });
}

test.describe("as the demo manager", () => {
  test.use({ storageState: STORAGE.manager });

  test("team scorecard: one row per trainee, figures from the database, sortable, filterable", async ({ page }) => {
    // Several server renders (one per filter change) and an axe scan, on a busy machine.
    test.setTimeout(90_000);
    // `/` is a manager's team too (single sign-on and the logo land there).
    await page.goto("/");
    await expect(page).toHaveURL(/\/manager\/teams\/team-demo$/);
    await expect(page.getByRole("heading", { level: 1, name: "Riverside support desk: scorecard" })).toBeVisible();
    const trainees = query<{ id: string; name: string; runs: number }>(
      `SELECT u.id, u.name, (SELECT COUNT(*) FROM "Run" r WHERE r.userId = u.id AND r.status = 'completed') AS runs FROM "user" u WHERE u.teamId = 'team-demo' AND EXISTS (SELECT 1 FROM "UserRole" ur WHERE ur.userId = u.id AND ur.role = 'trainee')`,
    );
    expect(trainees.length).toBeGreaterThanOrEqual(12);
    const rows = page.getByRole("region", { name: /One row per trainee/ }).getByRole("row");
    await expect(rows).toHaveCount(trainees.length + 1);
    for (const t of trainees.slice(0, 5)) {
      const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${t.name}`) }) });
      await expect(row.getByRole("cell").first()).toHaveText(String(t.runs));
    }
    await expectNoSeriousA11yViolations(page);

    // Sort by latest score, highest first: the first row has the highest latest score.
    await page.getByRole("link", { name: "Latest" }).click();
    await expect(page.getByRole("columnheader", { name: /Latest/ })).toHaveAttribute("aria-sort", "descending");
    const latestScores = query<{ latest: number }>(
      `SELECT (SELECT r.overall FROM "Run" r WHERE r.userId = u.id AND r.status = 'completed' ORDER BY r.completedAt DESC LIMIT 1) AS latest FROM "user" u WHERE u.teamId = 'team-demo' AND EXISTS (SELECT 1 FROM "UserRole" ur WHERE ur.userId = u.id AND ur.role = 'trainee')`,
    ).map((r) => r.latest ?? -1);
    const firstLatest = await rows.nth(1).getByRole("cell").nth(2).innerText();
    expect(Number(firstLatest)).toBe(Math.max(...latestScores));

    // Red is for scores under the pass mark only.
    const red = await page
      .getByRole("region", { name: /One row per trainee/ })
      .locator("td.text-rose-800")
      .allInnerTexts();
    for (const score of red) expect(Number(score), `a red score: ${score}`).toBeLessThan(70);
    // And every score under it (latest, best, the four skills) is red.
    const cells = await page
      .getByRole("region", { name: /One row per trainee/ })
      .locator("tbody tr")
      .evaluateAll((rows) =>
        rows.flatMap((r) =>
          [...r.querySelectorAll("td")].slice(2, 8).map((c) => ({ text: c.textContent ?? "", red: c.classList.contains("text-rose-800") })),
        ),
      );
    for (const c of cells.filter((c) => /^\d+$/.test(c.text))) expect(c.red, `score ${c.text}`).toBe(Number(c.text) < 70);
    expect(red.length).toBeGreaterThan(0);
    await expectNothingElseRed(page);
    // Filters apply as they change (no Apply button), in the URL, without adding history entries.
    await expect(page.getByRole("button", { name: "Apply" })).toHaveCount(0);
    const historyLength = await page.evaluate(() => history.length);
    await page.getByLabel("Scenario", { exact: true }).selectOption("abusive-caller");
    await expect(page).toHaveURL(/scenario=abusive-caller/, { timeout: 20_000 });
    await page.getByLabel("Trainee", { exact: true }).pressSequentially("zz-nobody", { delay: 30 });
    await expect(page).toHaveURL(/q=zz-nobody/, { timeout: 20_000 });
    await expect(page.getByText("No trainee's name or email contains “zz-nobody”.")).toBeVisible();
    expect(await page.evaluate(() => history.length)).toBe(historyLength);
    await page.getByLabel("Trainee", { exact: true }).fill("");
    await expect(page).not.toHaveURL(/q=/, { timeout: 20_000 });
    // The filtered view is a link that can be shared: opened afresh, it shows the same filter.
    await page.goto(page.url());
    await expect(page.getByLabel("Scenario", { exact: true })).toHaveValue("abusive-caller");
    const abusive = query<{ name: string; runs: number }>(
      `SELECT u.name, (SELECT COUNT(*) FROM "Run" r JOIN "ScenarioVersion" v ON v.id = r.scenarioVersionId WHERE r.userId = u.id AND r.status = 'completed' AND v.scenarioId = 'abusive-caller') AS runs FROM "user" u WHERE u.teamId = 'team-demo' AND EXISTS (SELECT 1 FROM "UserRole" ur WHERE ur.userId = u.id AND ur.role = 'trainee') ORDER BY u.name LIMIT 3`,
    );
    for (const t of abusive) {
      const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${t.name}`) }) });
      await expect(row.getByRole("cell").first()).toHaveText(String(t.runs));
    }
  });

  test("needs attention: a trainee whose last five calls all failed is listed with the reason and marked in the table", async ({
    page,
    browser,
  }) => {
    test.setTimeout(60_000);
    // Jordan Lee fails five calls in a row (the worst path, over the API as the player plays).
    const jordan = await contextAs(browser, "trainee2");
    const worst = analyzeScenario(billing).worstPath;
    for (let call = 0; call < 5; call++) {
      const runId = await startRun(jordan.request, "billing-error");
      for (const [i, choiceId] of worst.entries()) expect((await postTurn(jordan.request, runId, i, choiceId)).status).toBe(201);
    }
    await jordan.close();

    await page.goto("/manager/teams/team-demo");
    const list = page.getByRole("list", { name: /^Needs attention/ });
    const item = list.getByRole("listitem").filter({ has: page.getByRole("link", { name: "Jordan Lee" }) });
    await expect(item).toContainText("Passed none of the last 5 calls");
    await expectNoSeriousA11yViolations(page);
    // Every trainee on the list is marked in the table, with the reasons for screen readers.
    const marker = page
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: /^Jordan Lee/ }) })
      .getByRole("img", { name: /^needs attention/ });
    await expect(marker).toHaveAttribute("aria-label", /Passed none of the last 5 calls/);
    await expectNothingElseRed(page);
    // Their pass rate over all calls stands out when it is 0%; the table filtered to those who need attention includes them.
    const heading = await page.getByRole("heading", { name: /^Needs attention/ }).innerText();
    const count = Number(/\((\d+)\)/.exec(heading)?.[1] ?? 0);
    expect(count).toBeGreaterThan(0);
    await page.goto("/manager/teams/team-demo?attention=1");
    await expect(page.getByRole("region", { name: /One row per trainee/ }).getByRole("row")).toHaveCount(Math.min(count, 50) + 1);
    await expect(page.getByRole("rowheader", { name: /^Jordan Lee/ })).toBeVisible();
  });

  test("a manager keeps the library from the navigation", async ({ page }) => {
    await page.goto("/manager/teams/team-demo");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Library" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Scenario library" })).toBeVisible();
    await expect(page).toHaveURL(/\/\?view=library$/);
  });

  test("trainee scorecard and run review; a coaching note reaches the trainee", async ({ page, browser }) => {
    test.setTimeout(90_000);
    // The demo trainee plays a call (over the API, as the player does) ...
    const trainee = await contextAs(browser, "trainee");
    const runId = await startRun(trainee.request, "billing-error");
    const worst = analyzeScenario(billing).worstPath;
    for (const [i, choiceId] of worst.entries()) expect((await postTurn(trainee.request, runId, i, choiceId)).status).toBe(201);

    // ... the manager finds it from the team scorecard.
    await page.goto("/manager/teams/team-demo");
    await page.getByRole("table").getByRole("link", { name: "Alex Rivera" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Alex Rivera" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Skills over time" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Where points are lost most" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Critical errors over time" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.locator(`a[href="/manager/runs/${runId}"]`).click();
    await expect(page.getByText("Reviewing Alex Rivera's call")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Turn by turn" })).toBeVisible();
    await expect(page.getByRole("heading", { name: /mood moved/ })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    const note = "Good opening. Next time, paraphrase the double charge <b>before</b> you offer the refund.";
    await page.getByLabel("Note for the trainee").fill(note);
    await page.getByRole("button", { name: "Save note" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Note saved" })).toBeVisible();
    expect(query<{ body: string }>(`SELECT body FROM "CoachingNote" WHERE runId = ?`, runId)[0]?.body).toBe(note);

    // A comment on one turn: the manager opens the turn's comment form (after Show all, if that turn is folded away).
    const showAll = page.getByRole("button", { name: /^Show all turns/ });
    if (await showAll.isVisible()) await showAll.click();
    const turn2 = page.getByRole("article", { name: "Turn 2", exact: true });
    await turn2.locator("summary").filter({ hasText: "Comment on turn 2" }).click();
    const comment = "Here: ask what happened <i>before</i> you explain the policy.";
    await turn2.getByLabel("Comment for the trainee on turn 2").fill(comment);
    await turn2.getByRole("button", { name: "Save comment on turn 2" }).click();
    await expect(turn2.getByRole("status").filter({ hasText: "Comment saved" })).toBeVisible();
    await expect(turn2.getByRole("list", { name: "Comments on turn 2" })).toContainText(comment);
    expect(query<{ body: string; turnIndex: number }>(`SELECT body, turnIndex FROM "TurnComment" WHERE runId = ?`, runId)).toEqual([
      { body: comment, turnIndex: 1 },
    ]);
    await expectNoSeriousA11yViolations(page);

    const traineePage = await trainee.newPage();
    await traineePage.goto(`/runs/${runId}`);
    const shown = traineePage.getByRole("region", { name: "Coaching note from Morgan Blake" });
    await expect(shown).toContainText(note); // as text, not markup
    await expect(shown.locator("b")).toHaveCount(0);
    // The trainee sees the comment on that turn (shown without "Show all": a commented turn is never folded away).
    const onTurn = traineePage.getByRole("article", { name: "Turn 2", exact: true }).getByRole("list", { name: "Comments on turn 2" });
    await expect(onTurn).toContainText(comment);
    await expect(onTurn).toContainText("Morgan Blake commented");
    await expect(onTurn.locator("i")).toHaveCount(0);

    // The manager deletes it; it is gone from the trainee's debrief.
    await turn2.getByRole("button", { name: "Delete this comment on turn 2" }).click();
    await expect(turn2.getByRole("list", { name: "Comments on turn 2" })).toHaveCount(0);
    await traineePage.reload();
    await expect(traineePage.getByRole("list", { name: "Comments on turn 2" })).toHaveCount(0);
    await traineePage.goto("/my-runs");
    // This call's row says it has a note (other tests may have left notes on other calls).
    await expect(traineePage.getByRole("row").filter({ has: traineePage.locator(`a[href="/runs/${runId}"]`) })).toContainText(
      "Coaching note",
    );
    await trainee.close();
  });

  test("an assignment shows first in the trainee's library with its due date; it can be edited and removed", async ({ page, browser }) => {
    test.setTimeout(90_000);
    await page.goto("/manager/teams/team-demo");
    await page.getByRole("link", { name: "Assigned scenarios" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Riverside support desk: assigned scenarios" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole("checkbox", { name: "Delayed update: month-end blocked" }).check();
    await page.getByRole("radio", { name: "Chosen trainees" }).check();
    await page.getByRole("checkbox", { name: "Jordan Lee" }).check();
    const assign = page.getByRole("region", { name: "Assign scenarios" });
    await assign.getByLabel("Due date").fill("2031-06-30");
    await assign.getByLabel("Pass mark").fill("85");
    await page.getByRole("button", { name: "Assign" }).click();
    await expect(page.getByRole("status").first()).toHaveText("1 assignment created.");
    // Grouped by scenario, with a bar of how many of its trainees passed.
    const group = page.getByRole("region", { name: "Delayed update: month-end blocked" });
    await expect(group.getByRole("progressbar", { name: "Delayed update: month-end blocked: trainees who passed" })).toHaveAttribute(
      "aria-valuetext",
      /^\d+ of \d+$/,
    );
    const item = group.getByRole("listitem").filter({ hasText: "Jordan Lee" }).filter({ hasText: "30 Jun 2031" });
    await expect(item).toHaveCount(1);

    const jordan = await contextAs(browser, "trainee2");
    const library = await jordan.newPage();
    await library.goto("/");
    const assigned = library
      .getByRole("list", { name: "Assigned to you" })
      .getByRole("listitem", { name: "Delayed update: month-end blocked" });
    await expect(assigned.getByTestId("assignment")).toContainText("Due 30 Jun 2031");
    await expect(assigned.getByTestId("assignment")).toContainText("pass mark 85");
    await expectNoSeriousA11yViolations(library);
    await jordan.close();

    // A bad form says what to fix.
    await page.getByRole("button", { name: "Assign" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "choose at least one scenario" })).toBeVisible();

    // Edited in place: a new due date and pass mark, shown at once and in the audit log.
    await item.getByText("Edit due date or pass mark").click();
    await item.getByLabel("Due date").fill("2031-07-15");
    await item.getByLabel("Pass mark").fill("80");
    await item.getByRole("button", { name: "Save" }).click();
    const row = group.getByRole("listitem").filter({ hasText: "Jordan Lee" }).filter({ hasText: "15 Jul 2031" });
    await expect(row.getByRole("status")).toHaveText("Saved.");
    await expect(row).toContainText("Pass mark 80");
    const audit = query<{ detail: string }>(`SELECT detail FROM "AuditEntry" WHERE action = 'assignment.changed' ORDER BY at DESC LIMIT 1`);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({
      scenario: "delayed-update",
      dueFrom: "2031-06-30",
      dueTo: "2031-07-15",
      passMarkTo: 80,
    });
    // A due date that has passed is refused with a sentence that says what to do.
    await expect(row.locator("details")).toHaveAttribute("open", "");
    await row.getByLabel("Due date").fill("2020-01-01");
    await row.getByRole("button", { name: "Save" }).click();
    await expect(row.getByRole("status")).toHaveText("The due date has already passed; pick a later one.");

    // Removing asks first; cancelled, nothing goes; accepted, the row goes.
    page.once("dialog", (d) => void d.dismiss());
    await row.getByRole("button", { name: /^Remove/ }).click();
    await expect(row).toHaveCount(1);
    page.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: /^Remove/ }).click();
    await expect(page.getByRole("status").filter({ hasText: "Assignment removed." })).toBeVisible();
    await expect(row).toHaveCount(0);
  });

  test("CSV exports match the database", async ({ page }) => {
    await page.goto("/manager/teams/team-demo");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download CSV" }).click();
    const file = await (await download).path();
    const team = parseCsv(readFileSync(file, "utf8").replace(/^\ufeff/, ""));
    expect(team[0]).toEqual(TEAM_CSV_HEADER);
    const db = query<{ name: string; email: string; runs: number; passes: number; best: number | null }>(
      `SELECT u.name, u.email,
              (SELECT COUNT(*) FROM "Run" r WHERE r.userId = u.id AND r.status = 'completed') AS runs,
              (SELECT COUNT(*) FROM "Run" r WHERE r.userId = u.id AND r.status = 'completed' AND r.passed = 1) AS passes,
              (SELECT MAX(r.overall) FROM "Run" r WHERE r.userId = u.id AND r.status = 'completed') AS best
       FROM "user" u WHERE u.teamId = 'team-demo' AND EXISTS (SELECT 1 FROM "UserRole" ur WHERE ur.userId = u.id AND ur.role = 'trainee')`,
    );
    expect(team.length - 1).toBe(db.length);
    for (const t of db) {
      const row = team.find((r) => r[1] === t.email);
      expect(row, t.email).toBeDefined();
      expect([row![0], row![2], row![3], row![6]]).toEqual([
        t.name,
        String(t.runs),
        String(t.passes),
        t.best === null ? "" : String(t.best),
      ]);
    }

    const someone = query<{ id: string }>(
      `SELECT u.id FROM "user" u WHERE u.teamId = 'team-demo' AND EXISTS (SELECT 1 FROM "UserRole" ur WHERE ur.userId = u.id AND ur.role = 'trainee') AND EXISTS (SELECT 1 FROM "Run" r WHERE r.userId = u.id) LIMIT 1`,
    )[0]!;
    const response = await page.request.get(`/manager/trainees/${someone.id}/runs.csv`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/csv");
    const runs = parseCsv((await response.text()).replace(/^\ufeff/, ""));
    expect(runs[0]).toEqual(RUNS_CSV_HEADER);
    const dbRuns = query<{ id: string; overall: number | null; status: string }>(
      // Calls started over (abandoned) appear in no export.
      `SELECT id, overall, status FROM "Run" WHERE userId = ? AND status != 'abandoned' ORDER BY startedAt DESC, id DESC`,
      someone.id,
    );
    expect(runs.slice(1).map((r) => [r.at(-1), r[5]])).toEqual(dbRuns.map((r) => [r.id, r.overall === null ? "" : String(r.overall)]));
  });

  test("another team's trainees, runs and exports are not found", async ({ page }) => {
    const outsider = query<{ id: string }>(
      `SELECT id FROM "user" WHERE teamId = 'team-north' AND EXISTS (SELECT 1 FROM "UserRole" ur WHERE ur.userId = "user".id AND ur.role = 'trainee') LIMIT 1`,
    )[0];
    expect(outsider, "the seed has a second team").toBeDefined();
    const theirRun = query<{ id: string }>(`SELECT id FROM "Run" WHERE userId = ? LIMIT 1`, outsider!.id)[0]!;
    for (const path of [
      "/manager/teams/team-north",
      "/manager/teams/team-north/assignments",
      `/manager/trainees/${outsider!.id}`,
      `/manager/runs/${theirRun.id}`,
      "/manager/trainees/nobody-at-all",
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
    }
    await expectApiError(await page.request.get("/manager/teams/team-north/scorecard.csv"), 404, "not-found");
    await expectApiError(await page.request.get(`/manager/trainees/${outsider!.id}/runs.csv`), 404, "not-found");
    await expectApiError(await page.request.get(`/manager/trainees/${"x".repeat(200)}/runs.csv`), "4xx");
  });
});

test.describe("as a trainee", () => {
  test.use({ storageState: STORAGE.trainee });

  test("every manager page is a 404 and every export a 403", async ({ page }) => {
    const someone = query<{ id: string }>(
      `SELECT id FROM "user" WHERE teamId = 'team-demo' AND EXISTS (SELECT 1 FROM "UserRole" ur WHERE ur.userId = "user".id AND ur.role = 'trainee') LIMIT 1`,
    )[0]!;
    const run = query<{ id: string }>(`SELECT id FROM "Run" LIMIT 1`)[0]!;
    for (const path of [
      "/manager",
      "/manager/teams/team-demo",
      "/manager/teams/team-demo/assignments",
      `/manager/trainees/${someone.id}`,
      `/manager/runs/${run.id}`,
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
    }
    await expectApiError(await page.request.get("/manager/teams/team-demo/scorecard.csv"), 403, "forbidden");
    await expectApiError(await page.request.get(`/manager/trainees/${someone.id}/runs.csv`), 403, "forbidden");
    await page.goto("/");
    await expect(page.getByRole("link", { name: "Team" })).toHaveCount(0);
  });
});

/**
 * Red is for scores under the pass mark only (and the legend's word "red" that says so): what
 * needs attention (its marker, a 0% pass rate, overdue work) is amber.
 */
async function expectNothingElseRed(page: Page) {
  const otherRed = await page
    .locator("main [class*='rose-']")
    .evaluateAll((els) =>
      els
        .filter(
          (e) => !((e.tagName === "TD" && e.classList.contains("text-rose-800")) || (e.tagName === "SPAN" && e.textContent === "red")),
        )
        .map((e) => e.outerHTML.slice(0, 160)),
    );
  expect(otherRed).toEqual([]);
}
