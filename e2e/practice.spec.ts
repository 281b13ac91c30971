import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { analyzeScenario } from "../lib/analysis/analyze";
import { replay } from "../lib/customer/replay";
import { loadScenario } from "../lib/scenario/load";
import type { Scenario } from "../lib/scenario/model";
import { scoreRun } from "../lib/scoring/report";
import { offeredInOrder } from "@/lib/call/call-view";
import { offeredChoices } from "@/lib/customer/step";
import { expectNoSeriousA11yViolations, postTurn as postTurnOverApi, startRun as startRunOverApi, STORAGE } from "./fixtures";

function scenario(id: string): Scenario {
  const result = loadScenario(readFileSync(`scenarios/${id}.yaml`), `${id}.yaml`);
  if (!result.ok) throw new Error(`${id} does not load`);
  return result.scenario;
}

const SCENARIOS = ["billing-error", "delayed-update", "abusive-caller"].map(scenario);

/** Opens the brief and starts a fresh call; returns the run id. */
async function startCall(page: Page, s: Scenario): Promise<string> {
  await page.goto(`/scenarios/${s.id}`);
  await expect(page.getByRole("heading", { level: 1, name: s.title })).toBeVisible();
  const startOver = page.getByRole("button", { name: "Start over instead" });
  if (await startOver.isVisible()) await startOver.click();
  else await page.getByRole("button", { name: "Start the call" }).click();
  await expect(page).toHaveURL(/\/runs\/[A-Za-z0-9_-]+$/);
  await expect(page.getByRole("heading", { name: "Turn 1" })).toBeVisible();
  await expect(page).toHaveTitle(`Call: ${s.title} · Steady`);
  return page.url().split("/").pop()!;
}

/** Clicks the response for each choice id, checking the turn counter and the customer's new line. */
async function play(page: Page, s: Scenario, choices: string[], from = 0) {
  for (let i = from; i < choices.length; i++) {
    const played = replay(s, choices.slice(0, i));
    const choice = s.nodes[played.node]!.choices.find((c) => c.id === choices[i])!;
    await expect(page.getByRole("heading", { name: `Turn ${i + 1}` })).toBeVisible();
    await page.getByRole("button", { name: choice.text, exact: false }).click();
    const after = replay(s, choices.slice(0, i + 1));
    await expect(page.getByTestId("announcer")).toContainText(after.turns.at(-1)!.reply.slice(0, 40));
  }
}

async function openDebrief(page: Page, s: Scenario) {
  await page.getByRole("button", { name: "See your debrief" }).click();
  await expect(page.getByRole("heading", { level: 1, name: s.title })).toBeVisible();
  await expect(page.getByText("Debrief", { exact: true })).toBeVisible();
  // The title follows the page (metadata streams in after a refresh).
  await expect(page).toHaveTitle(`Debrief: ${s.title} · Steady`);
}

test.describe("as the demo trainee", () => {
  test.use({ storageState: STORAGE.trainee });

  for (const s of SCENARIOS) {
    test(`plays ${s.id} along its best path to a pass`, async ({ page }) => {
      // A whole call, its debrief and the library (whose first visit compiles each scenario once): over 30 s on a busy machine.
      test.setTimeout(60_000);
      const best = analyzeScenario(s).bestPath;
      const expected = scoreRun(s, best);
      await startCall(page, s);
      await play(page, s, best);
      await openDebrief(page, s);
      const verdict = page.getByRole("region", { name: "Result" });
      await expect(verdict).toContainText("Passed");
      await expect(verdict).toContainText(`You scored ${expected.score.overall}`);
      // The pass mark that decided it is the scenario's, said in one line.
      await expect(verdict).toContainText(`Pass mark ${s.passMark}, the scenario's: it decides Passed or Failed here.`);
      // The turns that gained or lost points show first; "Show all turns" lists every one.
      const scored = expected.turns.filter((t) => t.annotations.some((a) => a.points !== 0 || a.critical)).length;
      expect(await page.getByRole("article", { name: /^Turn \d+$/ }).count()).toBeGreaterThanOrEqual(Math.min(scored, best.length));
      const showAll = page.getByRole("button", { name: /^Show all turns/ });
      if (await showAll.isVisible()) await showAll.click();
      await expect(page.getByRole("article", { name: /^Turn \d+$/ })).toHaveCount(best.length);

      await page.goto("/");
      const card = page.getByRole("listitem", { name: s.title });
      await expect(card.getByTestId("progress")).toContainText(`Best score ${expected.score.overall}`);
      await expect(card.getByTestId("progress")).toContainText("Passed");
      // After a finished call the library recommends the call that trains the weakest skill, and says why.
      await expect(page.getByRole("region", { name: "Recommended for you" })).toContainText(
        /Your weakest skill is (LAER flow|reflective listening|promises|professionalism) \(\d+\)\. This call practises it: \d+ of its \d+ turns test it\./,
      );
    });
  }

  test("My runs fits a 390 × 844 phone: no sideways scrolling, every Debrief and Resume link on screen", async ({ page }) => {
    await startRunOverApi(page.request, "delayed-update"); // a call in progress, so there is a Resume link
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/my-runs");
    await expect(page.getByRole("heading", { level: 1, name: "My runs" })).toBeVisible();
    await expect(page.getByRole("link", { name: /^Resume\b/ }).first()).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const links = await page.getByRole("link", { name: /^(Debrief|Resume)\b/ }).all();
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const box = (await link.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    await expectNoSeriousA11yViolations(page);
  });

  /** The shortest complete call that makes an overpromise (breadth-first over choice paths). */
  function shortestCallWithOverpromise(s: Scenario): string[] {
    let frontier: string[][] = [[]];
    for (let depth = 0; depth < 14; depth++) {
      const next: string[][] = [];
      for (const path of frontier) {
        const played = replay(s, path);
        if (played.ending) {
          if (played.turns.some((t) => t.choice.tags.includes("overpromise"))) return path;
          continue;
        }
        for (const c of offeredChoices(s.nodes[played.node]!, played)) next.push([...path, c.id]);
      }
      frontier = next;
    }
    throw new Error(`${s.id}: no complete call with an overpromise`);
  }

  test("an overpromise fails the call and the debrief names the critical error", async ({ page }) => {
    const s = SCENARIOS[0]!;
    const path = shortestCallWithOverpromise(s);
    const expected = scoreRun(s, path);
    const critical = expected.criticalErrors.find((c) => c.rule === "overpromise");
    expect(critical, "the worst billing-error path contains an overpromise").toBeTruthy();
    await startCall(page, s);
    await play(page, s, path);
    await openDebrief(page, s);
    const verdict = page.getByRole("region", { name: "Result" });
    await expect(verdict).toContainText("Failed");
    await expect(verdict.getByRole("group", { name: /critical error/i })).toContainText(`Overpromise at turn ${critical!.turn}`);
    const turn = page.getByRole("article", { name: `Turn ${critical!.turn}`, exact: true });
    await expect(turn).toContainText("Overpromise");
    await expect(turn).toContainText("Critical error");
    // The critical error comes first among the things to do next time, linked to its turn.
    const next = page.getByRole("region", { name: /things to do next time|What to do next time/ });
    await expect(next.getByRole("listitem").first()).toContainText("Overpromise");
    await next
      .getByRole("link", { name: `See turn ${critical!.turn}` })
      .first()
      .click();
    await expect(page).toHaveURL(new RegExp(`#turn-${critical!.turn}$`));
    await expect(turn).toBeInViewport();
  });

  test("a dropped connection: a turn is retried and saved once; when the retries run out, the trainee saves it again", async ({ page }) => {
    const s = SCENARIOS[0]!;
    const best = analyzeScenario(s).bestPath;
    await startCall(page, s);
    // The first attempt at turn 1 fails: the call session backs off and sends it again on its own.
    let aborts = 1;
    await page.route("**/api/runs/*/turns", (route) => (aborts-- > 0 ? route.abort("internetdisconnected") : route.continue()));
    await play(page, s, best.slice(0, 1));
    await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
    // Every attempt at turn 2 fails (the first and four retries): the session stops and says so.
    aborts = 5;
    const second = s.nodes[replay(s, best.slice(0, 1)).node]!.choices.find((c) => c.id === best[1])!;
    await page.getByRole("button", { name: second.text, exact: false }).click();
    // The trainee's own line shows at once, while the customer's reply waits for the server.
    await expect(page.getByTestId("pending-turn")).toContainText(second.text);
    await expect(page.getByRole("alert").filter({ hasText: "could not be saved" })).toContainText(
      "Turn 2 could not be saved (no connection)",
      {
        timeout: 15_000,
      },
    );
    await expect(page.getByTestId("save-status")).toHaveText("Not saved");
    await page.getByRole("button", { name: "Try saving again" }).click();
    await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
    // Both turns are on the server, once each: a reload resumes at turn 3.
    await page.reload();
    await expect(page.getByRole("heading", { name: "Turn 3" })).toBeVisible();
  });

  test("a reload mid-call resumes at the same turn and the call continues", async ({ page }) => {
    const s = SCENARIOS[1]!;
    const best = analyzeScenario(s).bestPath;
    await startCall(page, s);
    await play(page, s, best.slice(0, 3));
    await expect(page.getByText("Saved", { exact: false }).first()).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { name: "Turn 4" })).toBeVisible();
    const transcript = page.getByRole("region", { name: "Conversation" });
    const third = s.nodes[replay(s, best.slice(0, 2)).node]!.choices.find((c) => c.id === best[2])!;
    await expect(transcript).toContainText(third.text);
    await play(page, s, best, 3);
    await openDebrief(page, s);
    await expect(page.getByRole("region", { name: "Result" })).toContainText("Passed");
  });

  test("the player's page and the turn API carry no answer key", async ({ page }) => {
    const s = SCENARIOS[0]!;
    const best = analyzeScenario(s).bestPath;
    const runId = await startCall(page, s);
    // Everything the browser received for the page: the HTML with its inline React payload.
    const html = await (await page.request.get(`/runs/${runId}`)).text();
    const turn = await page.request.get(`/api/runs/${runId}`);
    const sent = html + (await turn.text());
    const choices = Object.values(s.nodes).flatMap((n) => n.choices);
    for (const c of choices) {
      expect(sent, `choice id ${c.id}`).not.toMatch(new RegExp(`\\\\?"${c.id}\\\\?"`));
      if (c.feedback) expect(sent, `feedback of ${c.id}`).not.toContain(c.feedback.slice(0, 30));
    }
    for (const tag of ["overpromise", "corporate-apology", "vague-promise", "sales-pitch", "walk-back", "calm-down"])
      expect(sent).not.toContain(tag);
    // The turn API answers with the next line and responses, no more.
    await play(page, s, best.slice(0, 1));
    const view = (await (await page.request.get(`/api/runs/${runId}`)).json()) as { call: { turns: number; options: object[] } };
    expect(view.call.turns).toBe(1);
    for (const option of view.call.options) expect(Object.keys(option).sort()).toEqual(["option", "text"]);
  });

  test("one response per turn: repeated and held number keys commit a single turn", async ({ page }) => {
    const s = SCENARIOS[1]!;
    const runId = await startCall(page, s);
    const keysReady = page.locator('ol[data-keys-ready="true"]');
    await expect(keysReady).toBeVisible();
    // The first key is a response that does not end the call (the order is shuffled per run, and
    // one opening response makes this customer hang up at once).
    const opening = replay(s, []);
    const order = offeredInOrder(s, runId, opening.node, opening);
    const first = order.findIndex((id) => replay(s, [id]).ending === null) + 1;
    const other = (first % order.length) + 1;
    // Pressed again and again: the first press answers; the others land while the customer
    // replies or before the new responses could be read, and do nothing.
    await page.keyboard.press(String(first));
    await page.keyboard.press(String(first));
    await page.keyboard.press(String(other));
    await expect(page.getByRole("heading", { name: "Turn 2" })).toBeVisible();
    // A held key repeats: only the first press counts.
    await expect(keysReady).toBeVisible();
    await page.keyboard.down("1");
    await page.keyboard.down("1");
    await page.keyboard.down("1");
    await page.keyboard.up("1");
    const afterTwo = page.getByRole("heading", { name: /^(Turn 3|Call ended after 2 turns)$/ });
    await expect(afterTwo).toBeVisible();
    // Give any extra answer time to arrive: there must be none.
    await page.waitForTimeout(500);
    const view = (await (await page.request.get(`/api/runs/${runId}`)).json()) as { call: { turns: number } };
    expect(view.call.turns).toBe(2);
    await expect(afterTwo).toBeVisible();
  });

  test("Back then Forward mid-call shows the saved call, and the call carries on from there", async ({ page }) => {
    const s = SCENARIOS[1]!;
    const best = analyzeScenario(s).bestPath;
    await startCall(page, s);
    await play(page, s, best.slice(0, 2));
    await page.goBack();
    await expect(page.getByRole("heading", { level: 1, name: s.title })).toBeVisible();
    await page.goForward();
    await expect(page.getByRole("heading", { name: "Turn 3" })).toBeVisible();
    await play(page, s, best.slice(0, 3), 2);
    await expect(page.getByRole("heading", { name: "Turn 4" })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { name: "Turn 4" })).toBeVisible();
  });

  test("a whole call works with the keyboard only", async ({ page }) => {
    const s = SCENARIOS[2]!;
    const best = analyzeScenario(s).bestPath;
    await page.goto(`/scenarios/${s.id}`);
    // Tab to the start button as a keyboard user would.
    const startOver = page.getByRole("button", { name: "Start over instead" });
    const start = (await startOver.isVisible()) ? startOver : page.getByRole("button", { name: "Start the call" });
    for (let i = 0; i < 40 && !(await start.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
    await expect(start).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Turn 1" })).toBeVisible();
    const runId = page.url().split("/").pop()!;
    for (let i = 0; i < best.length; i++) {
      const before = replay(s, best.slice(0, i));
      // The key is the response's position on screen, which is shuffled per run.
      const key = offeredInOrder(s, runId, before.node, before).indexOf(best[i]!) + 1;
      await expect(page.getByRole("heading", { name: `Turn ${i + 1}` })).toBeVisible();
      // Number keys answer once the responses have been on screen for a moment.
      await expect(page.locator('ol[data-keys-ready="true"]')).toBeVisible();
      await page.keyboard.press(String(key));
    }
    const debrief = page.getByRole("button", { name: "See your debrief" });
    await expect(debrief).toBeVisible();
    for (let i = 0; i < 60 && !(await debrief.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
    await expect(debrief).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("region", { name: "Result" })).toContainText("Passed");
  });

  test("library, player and debrief pass axe checks", async ({ page }) => {
    // Five full axe runs and a whole call: slower than the 30 s default on a busy machine.
    test.setTimeout(90_000);
    const s = SCENARIOS[0]!;
    const best = analyzeScenario(s).bestPath;
    await page.goto("/");
    await expectNoSeriousA11yViolations(page);
    await startCall(page, s);
    await expectNoSeriousA11yViolations(page);
    await play(page, s, best.slice(0, 2));
    await expectNoSeriousA11yViolations(page);
    await play(page, s, best, 2);
    await openDebrief(page, s);
    await expectNoSeriousA11yViolations(page);
    await page.goto("/my-runs");
    await expectNoSeriousA11yViolations(page);
  });
});

test.describe("the debrief of a long call, on a phone", () => {
  test.use({ storageState: STORAGE.trainee, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  /** A complete 12-turn billing-error call (found by a depth-first search over the replay; lib/customer/replay). */
  const TWELVE = [
    "invite-story",
    "ask-what-else",
    "ack-payroll-callback",
    "ack-again-sympathy",
    "explore-after-sympathy",
    "paraphrase-wrong-deadline",
    "fix-paraphrase",
    "policy-ten-days",
    "better-options",
    "guarantee-today",
    "walk-back-honest",
    "close-anything-else",
  ];

  test("a 12-turn call's debrief is under 6,000 px tall at 390 × 844, and Try again from this turn opens a new call at that turn", async ({
    page,
  }) => {
    const s = SCENARIOS[0]!;
    const played = replay(s, TWELVE);
    expect(played.turns).toHaveLength(12);
    expect(played.ending).not.toBeNull();
    const runId = await startRunOverApi(page.request, s.id);
    for (const [i, choiceId] of TWELVE.entries()) expect((await postTurnOverApi(page.request, runId, i, choiceId)).status).toBe(201);

    await page.goto(`/runs/${runId}`);
    await expect(page.getByRole("region", { name: "Result" })).toBeVisible();
    await expect(page.getByRole("heading", { name: /things to do next time|What to do next time/ })).toBeVisible();
    const size = await page.evaluate(() => ({
      height: document.documentElement.scrollHeight,
      width: document.documentElement.scrollWidth,
    }));
    console.log(`debrief of a 12-turn call at 390 × 844: ${size.height} px tall, ${size.width} px wide`);
    expect(size.height).toBeLessThan(6000);
    expect(size.width).toBeLessThanOrEqual(390);
    // No customer line is printed twice (each turn shows what the customer said to it; only the last shows the reply).
    const showAll = page.getByRole("button", { name: /^Show all turns/ });
    if (await showAll.isVisible()) await showAll.click();
    await expect(page.getByRole("article", { name: /^Turn \d+$/ })).toHaveCount(12);
    // Each turn shows what the customer said to it and the answer; the reply (the next turn's line) only on the last turn.
    for (const t of played.turns) {
      const lines = await page
        .getByRole("article", { name: `Turn ${t.index + 1}`, exact: true })
        .getByTestId("turn-lines")
        .innerText();
      expect(lines).toContain(t.customer);
      expect(lines).toContain(t.choice.text);
      if (t.index < 11 && t.reply !== t.customer) expect(lines, `turn ${t.index + 1}`).not.toContain(t.reply);
    }
    expect(await page.getByRole("article", { name: "Turn 12", exact: true }).getByTestId("turn-lines").innerText()).toContain(
      played.turns[11]!.reply,
    );

    // Try again from turn 5: a new call, at turn 5, with the first four answers given; this call stays as it was.
    const turn5 = page.getByRole("article", { name: "Turn 5", exact: true });
    await turn5.getByRole("button", { name: "Try again from this turn (turn 5)" }).click();
    await expect(page).toHaveURL(/\/runs\/[A-Za-z0-9_-]+$/);
    await expect(page).not.toHaveURL(new RegExp(`/runs/${runId}$`));
    await expect(page).toHaveTitle(`Call: ${s.title} · Steady`);
    const retryId = page.url().split("/").pop()!;
    const view = (await (await page.request.get(`/api/runs/${retryId}`)).json()) as { call: { turns: number } };
    expect(view.call.turns).toBe(4);
    await expect(page.getByText(played.turns[4]!.customer.slice(0, 60)).first()).toBeVisible();
    const old = (await (await page.request.get(`/api/runs/${runId}`)).json()) as { call: { turns: number } };
    expect(old.call.turns).toBe(12);
  });
});

test.describe("privacy", () => {
  test("a trainee cannot open another trainee's run", async ({ browser }) => {
    const other = await browser.newContext({ storageState: STORAGE.trainee2 });
    const response = await other.request.post("/api/scenarios/billing-error/runs", { data: { fresh: true } });
    expect(response.status()).toBe(201);
    const { runId } = (await response.json()) as { runId: string };
    await other.close();

    const mine = await browser.newContext({ storageState: STORAGE.trainee });
    const page = await mine.newPage();
    const visit = await page.goto(`/runs/${runId}`);
    expect([403, 404]).toContain(visit?.status());
    await expect(page.getByText("That page does not exist, or it is not yours to see.")).toBeVisible();
    await mine.close();
  });
});
