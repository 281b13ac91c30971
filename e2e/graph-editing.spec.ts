/**
 * Editing without YAML: a trainer builds a scenario from the empty template in the Graph tab
 * only (the side panel, a drag from a choice's handle, Undo), publishes it, and a trainee finds
 * it in the library. Every edit lands in the YAML text (with the template's comment), goes
 * through the same checks, and is undone with Ctrl+Z in the editor. Also: the workspace does
 * not shift as it loads.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { loadScenario } from "../lib/scenario/load";
import { expectNoSeriousA11yViolations, STORAGE } from "./fixtures";

const TITLE = "Parcel lost before a birthday (built in the graph)";
const editorContent = (page: Page) => page.getByTestId("yaml-editor").locator(".cm-content");
const panel = (page: Page) => page.getByTestId("graph-edit-panel");

async function expectChecked(page: Page, status: string | RegExp) {
  await expect(page.getByTestId("check-status")).toContainText(status);
  await expect(page.getByTestId("check-status")).toContainText(/checked in \d+ ms/);
}

/** Types into a panel field and writes it (Tab leaves the field, which writes it). */
async function write(field: Locator, text: string) {
  await field.fill(text);
  await field.press("Tab");
}

test.describe("as the demo trainer", () => {
  // A laptop screen at 100%: the panel sits beside the graph.
  test.use({ storageState: STORAGE.trainer, viewport: { width: 1366, height: 768 } });

  test("builds a scenario from the empty template in the graph, without typing YAML, publishes it; the trainee finds it", async ({
    page,
    browser,
  }) => {
    test.setTimeout(300_000);
    await page.goto("/trainer/scenarios/new");
    await page.getByRole("link", { name: "start from an empty scenario" }).click();
    await expect(page).toHaveURL(/start=empty/);
    await expect(editorContent(page)).toContainText("# A new, empty scenario.");
    await expectChecked(page, "1 problem");

    await page.getByRole("tab", { name: /Graph/ }).click();
    const summary = page.getByTestId("graph-summary");
    await expect(summary).toHaveText(/^1 node · 0 endings · 0 choices/);
    await expect(page.getByRole("button", { name: "Fit to view" })).toBeVisible();
    await expect(
      page.getByRole("img", { name: "Overview of the whole graph" }).or(page.getByLabel("Overview of the whole graph")),
    ).toBeVisible();

    // The scenario's own fields, in the panel.
    await expect(panel(page).getByRole("heading", { name: "Scenario details" })).toBeVisible();
    const title = panel(page).getByLabel("Title");
    await title.fill(TITLE);
    await title.press("Enter");
    await write(
      panel(page).getByLabel("Brief (what the trainee reads before the call)"),
      "Robin's parcel, a birthday present, never arrived.",
    );
    await write(panel(page).getByLabel("Fact problem"), "The parcel never arrived");
    await expectChecked(page, "1 problem");

    // The opening node: a first choice, a summary of the problem, leading to a new node that ends the call.
    await page.getByTestId("graph-node-opening").click();
    await expect(panel(page).getByRole("heading", { name: "Node opening" })).toBeVisible();
    await write(panel(page).getByLabel("What the customer says"), "My parcel never came, and it was a birthday present!");
    await panel(page)
      .getByLabel("New choice: what the agent says")
      .fill("So the parcel never arrived, and it was a present. Have I got that right?");
    await panel(page).getByRole("button", { name: "Add choice" }).click();
    const summaryChoice = panel(page).getByTestId("choice-editor-so-the-parcel-never");
    await expect(summaryChoice).toBeVisible();
    await summaryChoice.getByText("Tags:").click();
    await summaryChoice.getByLabel(/^paraphrase/).check();
    await summaryChoice.getByLabel(/^confirm/).check();
    await summaryChoice.getByLabel("The parcel never arrived").check();
    const anger = summaryChoice.getByLabel("Anger change");
    await anger.fill("-10");
    await anger.press("Enter");
    await write(summaryChoice.getByLabel("Feedback (shown in the debrief)"), "A summary with every fact shows you listened.");
    await summaryChoice.getByLabel("Leads to").selectOption({ label: "A new node…" });
    await summaryChoice.getByLabel("The new node: what the customer says next").fill("Yes, exactly. Thank you for listening.");
    await summaryChoice.getByRole("button", { name: "Add the node" }).click();
    // The panel moves to the new node.
    await expect(panel(page).getByRole("heading", { name: "Node yes-exactly-thank-you" })).toBeVisible();
    await panel(page).getByLabel("After this line").selectOption({ label: "The call ends: Resolved" });
    await write(panel(page).getByLabel("How it ended (for the debrief)"), "Robin felt heard.");
    await expect(summary).toHaveText(/^2 nodes · 1 ending · 1 choice/);

    // An ending from the toolbar, and a second choice connected to it by dragging its handle.
    await page.getByRole("button", { name: "Add node" }).click();
    await expect(panel(page).getByRole("heading", { name: "New node" })).toBeFocused();
    await panel(page).getByLabel("What the customer says").fill("Forget it. I'm done.");
    await panel(page).getByLabel("After this line").selectOption({ label: "The call ends: Customer hung up" });
    await panel(page).getByRole("button", { name: "Add node" }).click();
    await expect(panel(page).getByRole("heading", { name: "Node forget-it-im-done" })).toBeVisible();
    await expect(summary).toContainText("1 unreachable");

    // Keyboard: Tab to a node in the graph and press Enter; the panel takes the focus.
    await page.getByRole("button", { name: "Fit to view" }).click();
    await page.getByTestId("graph-canvas").locator('.react-flow__node[data-id="opening"]').focus();
    await page.keyboard.press("Enter");
    await expect(panel(page).getByRole("heading", { name: "Node opening" })).toBeFocused();
    await panel(page).getByLabel("New choice: what the agent says").fill("Please calm down.");
    await panel(page).getByLabel("New choice: what the agent says").press("Enter");
    const calmDown = panel(page).getByTestId("choice-editor-please-calm-down");
    await calmDown.getByText("Tags:").click();
    await calmDown.getByLabel(/^calm-down/).check();
    // The whole graph in view, then drag choice 2's handle onto the new ending (anywhere on the card).
    // Only nodes in view are rendered, and the graph is laid out again after each pause in typing:
    // let the last edit's layout land, fit the view once, and let its 250 ms animation finish.
    const handle = page.getByTestId("choice-handle-please-calm-down");
    const target = page.getByTestId("graph-node-forget-it-im-done");
    await expect(calmDown.getByLabel(/^calm-down/)).toBeChecked();
    await page.waitForTimeout(800);
    await page.getByRole("button", { name: "Fit to view" }).click();
    await page.waitForTimeout(600);
    await expect(target).toBeVisible();
    await expect(handle).toBeVisible();
    await expect(handle).toHaveText("2");
    // Where the ending is, read before the drag starts (while a connection is drawn, React Flow may
    // render only part of the graph).
    const box = (await target.boundingBox({ timeout: 5_000 }))!;
    await handle.hover({ trial: true }); // waits until the handle is on screen and takes the pointer
    await handle.hover();
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 12 });
    await page.mouse.up();
    await expect(calmDown.getByLabel("Leads to")).toHaveValue("forget-it-im-done");
    await expect(summary).toHaveText(/^3 nodes · 2 endings · 2 choices$/);
    await expectChecked(page, /No (problems|errors)/);

    // Undo and redo, from the toolbar...
    await page.getByRole("button", { name: "Undo" }).click();
    await expect(calmDown.getByLabel("Leads to")).toHaveValue("");
    await page.getByRole("button", { name: "Redo" }).click();
    await expect(calmDown.getByLabel("Leads to")).toHaveValue("forget-it-im-done");
    await expectNoSeriousA11yViolations(page);

    // ...and with Ctrl+Z in the editor: the same history (undo scrolls to the change, so its line is drawn).
    await page.getByRole("tab", { name: /Editor/ }).click();
    await editorContent(page).focus();
    await page.keyboard.press("Control+z");
    await expect(editorContent(page)).not.toContainText("next: forget-it-im-done");
    await page.keyboard.press("Control+y"); // redo
    await expect(editorContent(page)).toContainText("next: forget-it-im-done");
    await expectChecked(page, /No (problems|errors)/);

    // The edits are in the local draft, like typing.
    const draft = await page.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith("steady:scenario-draft:"))
        .map((k) => localStorage.getItem(k) ?? ""),
    );
    expect(draft.join("\n")).toContain("forget-it-im-done");

    // A refused edit says why, and changes nothing.
    await page.getByRole("tab", { name: "Graph" }).click();
    await page.getByTestId("graph-node-opening").click();
    await panel(page).getByRole("button", { name: "Remove node" }).click();
    await expect(page.getByTestId("edit-refused")).toHaveText("`opening` is the start node: make another node the start first.");

    // Save, publish, and the trainee sees it.
    await page.getByRole("button", { name: "Save new scenario" }).click();
    await expect(page).toHaveURL(/\/trainer\/scenarios\/new-scenario(-\d+)?$/);
    const scenarioId = page.url().split("/").pop()!;
    await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
    await page.getByRole("group", { name: "Scenario actions" }).getByRole("button", { name: "Publish version 1" }).click();
    await expect(page.getByTestId("workspace-notice")).toContainText("Published version 1");
    // The saved YAML: the template's comment kept, and everything built in the graph.
    const text = await (await page.request.get(`/api/trainer/scenarios/${scenarioId}/versions/1/export`)).text();
    expect(text.startsWith("# A new, empty scenario. Build it in the Graph tab")).toBe(true);
    expect(text).toContain(
      "      - id: please-calm-down\n        text: Please calm down.\n        tags: [calm-down]\n        next: forget-it-im-done\n",
    );
    const loaded = loadScenario(text);
    expect(loaded.ok && loaded.scenario.nodeIds).toEqual(["opening", "yes-exactly-thank-you", "forget-it-im-done"]);
    expect(loaded.ok && loaded.scenario.nodes.opening!.choices[0]!).toMatchObject({
      tags: ["paraphrase", "confirm"],
      facts: ["problem"],
      effect: { anger: -10, trust: 0 },
      feedback: "A summary with every fact shows you listened.",
    });

    const trainee = await browser.newContext({ storageState: STORAGE.trainee });
    try {
      const traineePage = await trainee.newPage();
      await traineePage.goto("/");
      await expect(traineePage.getByRole("link", { name: TITLE })).toBeVisible();
    } finally {
      await trainee.close();
    }
    // Unpublished again, so the shared library is as the other specs expect it (built-ins only).
    await page.getByRole("button", { name: "Unpublish" }).click();
    await expect(page.getByTestId("workspace-notice")).toContainText("Unpublished");
  });

  test("the workspace does not shift as it loads (CLS under 0.1)", async ({ page, request }) => {
    const created = await request.post("/api/trainer/scenarios", { data: { duplicateOf: "billing-error" } });
    expect(created.status(), await created.text()).toBe(201);
    const { scenarioId } = (await created.json()) as { scenarioId: string };
    await page.addInitScript(() => {
      const w = window as unknown as { __cls: number };
      w.__cls = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) w.__cls += entry.value;
        }
      }).observe({ type: "layout-shift", buffered: true });
    });
    await page.goto(`/trainer/scenarios/${scenarioId}`);
    await expectChecked(page, /No (problems|errors)/);
    await page.waitForTimeout(500);
    const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
    console.log(`workspace CLS: ${cls.toFixed(3)}`);
    expect(cls).toBeLessThan(0.1);
  });
});
