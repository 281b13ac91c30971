import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { STORAGE } from "./fixtures";

/**
 * The trainer's workspace on a 390 × 844 touch screen: the editor starts on the first tap (D78),
 * not while the page loads. Until then the text shows with line numbers, in blocks laid out as
 * they are scrolled to, without the page moving; a tap on a line starts the editor with the caret
 * on that line, and an edit there is checked as usual.
 */
test.use({ storageState: STORAGE.trainer, viewport: { width: 390, height: 844 }, hasTouch: true });

const ID = "phone-edit-e2e";
// A long scenario (788 lines): most of its blocks start off screen.
const TEXT = readFileSync("scenarios/billing-error.yaml", "utf8").replace(/^id: billing-error$/m, `id: ${ID}`);
const LINES = TEXT.split("\n");
/** A line far down the text (in its fourth block of 50), with text to tap on. */
const TARGET = LINES.findIndex((l, i) => i >= 160 && l.trim().length > 20) + 1;

test("on a phone the text shows at once, scrolls in blocks without moving, and a tap starts the editor on that line", async ({ page }) => {
  const created = await page.request.post("/api/trainer/scenarios", { data: { yaml: TEXT } });
  expect(created.status(), await created.text()).toBe(201);

  await page.goto(`/trainer/scenarios/${ID}`);
  const box = page.getByTestId("yaml-editor");
  const preview = page.getByTestId("yaml-preview");
  await expect(preview).toBeVisible();
  await expect(preview).toContainText(LINES[0]!);
  await expect(page.getByText("Tap the text to edit")).toBeVisible();
  await expect(page.getByTestId("check-status")).toContainText(/checked in \d+ ms/);
  // The editor has not started: nothing was asked of it.
  await page.waitForTimeout(500);
  await expect(box).toHaveAttribute("data-editor", "preview");
  await expect(box.locator(".cm-content")).toHaveCount(0);
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);

  // Every line is there, numbered; blocks not yet laid out hold their height, so scrolling
  // through them changes nothing above or below.
  const heightBefore = await preview.evaluate((el) => el.scrollHeight);
  const lineHeight = await preview.evaluate((el) => parseFloat(getComputedStyle(el).fontSize) * 1.5);
  expect(heightBefore).toBeCloseTo(LINES.length * lineHeight + 8, -1);
  for (let top = 0; top < heightBefore; top += 600) {
    await preview.evaluate((el, y) => (el.scrollTop = y), top);
    await page.waitForTimeout(30);
  }
  expect(await preview.evaluate((el) => el.scrollHeight)).toBe(heightBefore);
  await expect(preview).toContainText(LINES.at(-2)!);

  // A tap on the target line's text.
  await preview.evaluate((el, y) => (el.scrollTop = y), (TARGET - 5) * lineHeight);
  const block = preview
    .locator("pre")
    .filter({ hasText: LINES[TARGET - 1]! })
    .first();
  const pre = (await block.boundingBox())!;
  const firstInBlock = Number(await block.evaluate((el) => el.parentElement!.querySelector("[aria-hidden]")!.textContent!.split("\n")[0]));
  const y =
    pre.y + (await block.evaluate((el) => parseFloat(getComputedStyle(el).paddingTop))) + (TARGET - firstInBlock + 0.5) * lineHeight;
  const indent = LINES[TARGET - 1]!.length - LINES[TARGET - 1]!.trimStart().length;
  await page.touchscreen.tap(pre.x + (indent + 3) * (lineHeight / 1.5) * 0.6, y);

  await expect(box).toHaveAttribute("data-editor", "ready");
  const content = box.locator(".cm-content");
  await expect(content).toBeFocused();
  await page.keyboard.type("§");
  const edited = content.locator(".cm-line").filter({ hasText: "§" });
  await expect(edited).toHaveCount(1);
  expect((await edited.textContent())!.replace("§", "")).toBe(LINES[TARGET - 1]);
  // The edit is checked (the loader arrives on first use) and kept as a local draft.
  await expect(page.getByTestId("check-status")).toContainText(/checked in \d+ ms/);
  await expect(page.getByTestId("check-status")).not.toContainText("Checking");
  const draft = await page.evaluate((id) => Object.keys(localStorage).find((k) => k.includes(`:${id}:`)), ID);
  expect(draft).toBeTruthy();
});
