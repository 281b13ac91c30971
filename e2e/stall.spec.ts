import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { analyzeScenario } from "../lib/analysis/analyze";
import { debriefReport } from "../lib/analysis/debrief";
import { distinctKeysYaml } from "../lib/bench/generate";
import { loadScenario } from "../lib/scenario/load";
import { STORAGE } from "./fixtures";

/**
 * Issue 11, "nothing stalls the server", on the production build: the debrief's better options
 * come from the search stored per version and read in a worker thread, and a hostile save is
 * checked in a worker thread. (How fast: `npm run bench`, lib/bench/stall.ts.)
 */

const loaded = loadScenario(readFileSync("scenarios/delayed-update.yaml"), "delayed-update.yaml");
if (!loaded.ok) throw new Error("delayed-update does not load");
const delayed = loaded.scenario;

test.describe("as the demo trainee", () => {
  test.use({ storageState: STORAGE.trainee });

  test("a finished call's debrief shows exactly the better options debriefReport finds", async ({ page }) => {
    const worst = analyzeScenario(delayed).worstPath;
    const expected = debriefReport(delayed, worst).turns.filter((t) => t.betterOption);
    expect(expected.length).toBeGreaterThan(0);

    const started = await page.request.post(`/api/scenarios/${delayed.id}/runs`, { data: { fresh: true } });
    expect(started.status()).toBe(201);
    const { runId } = (await started.json()) as { runId: string };
    for (let index = 0; index < worst.length; index++) {
      const turn = await page.request.post(`/api/runs/${runId}/turns`, { data: { index, choiceId: worst[index] } });
      expect(turn.status(), await turn.text()).toBe(201);
    }

    await page.goto(`/runs/${runId}`);
    await expect(page.getByText("Debrief", { exact: true })).toBeVisible();
    // Turns with no points either way are folded away until "Show all turns".
    const showAll = page.getByRole("button", { name: /^Show all turns/ });
    if (await showAll.isVisible()) await showAll.click();
    // Each turn's better option sits under its "Why, and a better option".
    for (const why of await page.locator("article article summary").filter({ hasText: "Why, and a better option" }).all())
      await why.click();
    const shown = page.getByText("A better option here");
    await expect(shown).toHaveCount(expected.length);
    for (const turn of expected) {
      await expect(page.getByText(`“${turn.betterOption!.text}”`).first()).toBeVisible();
      await expect(
        page
          .getByText(
            `Best score still reachable: ${turn.betterOption!.bestReachable} with this option, ${turn.betterOption!.bestReachableAfterTaken}`,
          )
          .first(),
      ).toBeVisible();
    }
    await expect(page.getByText("too complex for the search")).toHaveCount(0);
  });
});

test.describe("as the demo trainer", () => {
  test.use({ storageState: STORAGE.trainer });

  test("a hostile 1 MB text is checked off the request thread and saved as a draft with its problems", async ({ request }) => {
    test.setTimeout(60_000);
    const created = await request.post("/api/trainer/scenarios", {
      data: { yaml: "id: stall-e2e\ntitle: Stall\nnodes: [" },
    });
    expect(created.status(), await created.text()).toBe(201);
    const saved = await request.post("/api/trainer/scenarios/stall-e2e/versions", { data: { baseVersion: 1, yaml: distinctKeysYaml() } });
    expect(saved.status(), await saved.text()).toBe(201);
    const body = (await saved.json()) as { version: number; problemCount: number };
    expect(body.version).toBe(2);
    expect(body.problemCount).toBeGreaterThan(0);
    // With problems it cannot be published.
    const publish = await request.put("/api/trainer/scenarios/stall-e2e/publication", { data: { version: 2 } });
    expect(publish.status()).toBe(400);
  });
});
