import { expect, test } from "@playwright/test";
import { STORAGE } from "./fixtures";

/**
 * The workspace's checker (the scenario loader) is fetched on the first edit (D78). When it
 * cannot be fetched (the connection dropped after the page loaded), the edit is still kept as a
 * local draft and the status says what happened and what to do, instead of "Checking…" for ever.
 */
test.use({ storageState: STORAGE.trainer });

const DRAFT_KEY = "steady:scenario-draft:(new):v0";

test("offline after loading: an edit is kept as a local draft and the status says it could not be checked", async ({ page }) => {
  await page.goto("/trainer/scenarios/new");
  const box = page.getByTestId("yaml-editor");
  await expect(box).toHaveAttribute("data-editor", "ready");
  await expect(page.getByTestId("check-status")).toContainText(/checked in \d+ ms/);

  // From now on no script chunk arrives.
  const refused: string[] = [];
  await page.route(/\/_next\/static\/chunks\/.*\.js/, (route) => {
    refused.push(route.request().url());
    return route.abort("internetdisconnected");
  });
  const content = box.locator(".cm-content");
  await content.focus();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n# typed while offline");

  await expect(page.getByTestId("check-status")).toContainText(
    "Not checked: the checker could not be loaded. Check your connection, then reload the page (your text is kept as a local draft).",
  );
  expect(refused.length).toBeGreaterThan(0);
  const draft = await page.evaluate((key) => localStorage.getItem(key), DRAFT_KEY);
  expect(JSON.parse(draft!).text).toContain("# typed while offline");

  // Back online, a reload brings the draft back and checks it.
  await page.unroute(/\/_next\/static\/chunks\/.*\.js/);
  await page.reload();
  await expect(page.getByTestId("draft-restored")).toBeVisible();
  // CodeMirror draws only the lines in view: go to the end, where the line was typed.
  await box.locator(".cm-content").focus();
  await page.keyboard.press("Control+End");
  await expect(box.locator(".cm-content")).toContainText("# typed while offline");
  await expect(page.getByTestId("check-status")).toContainText(/checked in \d+ ms/);
});
