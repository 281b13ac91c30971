import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { analyzeScenario } from "../lib/analysis/analyze";
import { replay } from "../lib/customer/replay";
import { lineAt } from "../lib/call/transcript";
import { loadScenario } from "../lib/scenario/load";
import { STORAGE, startRun } from "./fixtures";

/**
 * The player on a 390 × 844 phone: turn 1's responses are on screen without scrolling, nothing
 * scrolls sideways, the mood strip stays in view, and a whole call plays to the debrief with
 * the customer's typing pause (motion allowed here; the other specs run with reduced motion).
 */
const loaded = loadScenario(readFileSync("scenarios/billing-error.yaml"), "billing-error.yaml");
if (!loaded.ok) throw new Error("billing-error does not load");
const s = loaded.scenario;

test.use({ storageState: STORAGE.trainee, viewport: { width: 390, height: 844 }, hasTouch: true, reducedMotion: "no-preference" });

async function noSideways(page: Page) {
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
}

test("a call on a phone: responses in view on turn 1, no sideways scrolling, played to the debrief", async ({ page }) => {
  test.setTimeout(90_000);
  const best = analyzeScenario(s).bestPath;
  const runId = await startRun(page.request, s.id);
  await page.goto(`/runs/${runId}`);
  await expect(page.getByRole("heading", { name: "Turn 1" })).toBeVisible();

  // Turn 1: the first response is wholly inside the viewport, and so is the customer's line.
  const responses = page.getByRole("region", { name: "Turn 1" }).getByRole("button");
  await expect(responses.first()).toBeVisible();
  const box = (await responses.first().boundingBox())!;
  console.log(`turn 1, first response at 390 × 844: y ${box.y}, bottom ${box.y + box.height}`);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(844);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  // Every response of turn 1, not only the first, is on screen without scrolling.
  for (const response of await responses.all()) await expect(response).toBeInViewport({ ratio: 1 });
  const opening = page.getByRole("region", { name: "Conversation" }).getByText(lineAt(s, s.start, s.mood).slice(0, 40));
  await expect(opening).toBeInViewport({ ratio: 1 });
  await noSideways(page);
  // The brief is a summary, folded on a phone; the progress says how far in the call is.
  await expect(page.getByText("Your brief")).toBeVisible();
  await expect(page.getByRole("group").filter({ hasText: "Your brief" })).not.toHaveAttribute("open", "");
  await expect(page.getByTestId("progress")).toHaveText(/^Turn 1 of at least \d+$/);

  for (let i = 0; i < best.length; i++) {
    const at = replay(s, best.slice(0, i));
    const choice = s.nodes[at.node]!.choices.find((c) => c.id === best[i])!;
    await expect(page.getByRole("heading", { name: `Turn ${i + 1}` })).toBeVisible();
    const button = page.getByRole("button", { name: choice.text, exact: false });
    await expect(button).toBeInViewport();
    await button.click();
    const reply = replay(s, best.slice(0, i + 1)).turns.at(-1)!.reply;
    // The trainee's line is in the conversation at once; the customer types before the reply.
    const conversation = page.getByRole("region", { name: "Conversation" });
    await expect(conversation.getByText(choice.text).last()).toBeVisible();
    if (i === 0) await expect(page.getByTestId("typing")).toBeVisible();
    await expect(page.getByTestId("announcer")).toContainText(reply.slice(0, 40));
    await expect(page.getByTestId("typing")).toHaveCount(0);
    // The newest line sits in view above the tray, with the mood strip still on screen.
    await expect(conversation.getByText(reply.slice(0, 40)).last()).toBeInViewport();
    await expect(page.getByRole("meter", { name: "Anger" })).toBeInViewport();
    await noSideways(page);
  }
  await expect(page.getByRole("heading", { name: `Call ended after ${best.length} turns` })).toBeVisible();
  await page.getByRole("button", { name: "See your debrief" }).click();
  await expect(page.getByRole("region", { name: "Result" })).toContainText("Passed");
  await noSideways(page);
});

/**
 * The page's clock stands still once the responses can be chosen: a typing pause never runs out
 * on its own, so only a skip (or no pause at all) can show the reply.
 */
async function chooseWithClockStopped(page: Page) {
  await page.clock.install();
  const runId = await startRun(page.request, s.id);
  await page.goto(`/runs/${runId}`);
  await expect(page.locator('ol[data-keys-ready="true"]')).toBeVisible();
  await page.clock.pauseAt(Date.now() + 60_000);
  await page.keyboard.press("1");
}

for (const how of ["a key", "a tap"] as const) {
  test(`the typing pause can be skipped with ${how}`, async ({ page }) => {
    await chooseWithClockStopped(page);
    await expect(page.getByTestId("typing")).toBeVisible();
    await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
    await expect(page.getByRole("heading", { name: "Turn 1" })).toBeVisible();
    if (how === "a key") await page.keyboard.press("Space");
    else await page.getByRole("region", { name: "Conversation" }).tap();
    await expect(page.getByRole("heading", { name: "Turn 2" })).toBeVisible();
    await expect(page.getByTestId("typing")).toHaveCount(0);
  });
}

test.describe("with reduced motion", () => {
  test.use({ reducedMotion: "reduce" });

  test("there is no typing pause: the reply shows as soon as the turn is saved", async ({ page }) => {
    await chooseWithClockStopped(page);
    await expect(page.getByRole("heading", { name: "Turn 2" })).toBeVisible();
    await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
    await expect(page.getByTestId("typing")).toHaveCount(0);
  });
});
