/**
 * The trainer's scenario workspace, against the production build: write a scenario from the
 * template with live checks, playtest it, publish it for trainees, export it for the CLI; saving
 * never overwrites someone else's version; unsaved text survives a reload; roles on the server.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { analyzeScenario } from "../lib/analysis/analyze";
import { reachWarnings, replyPairs } from "../lib/analysis/reach";
import { scenarioTemplate } from "../lib/authoring/template";
import { replay } from "../lib/customer/replay";
import { loadScenario } from "../lib/scenario/load";
import { scoreRun } from "../lib/scoring/report";
import { DEMO, expectApiError, expectNoSeriousA11yViolations, SIGNED_OUT, STORAGE } from "./fixtures";

const TEMPLATE_TITLE = "Internet down before a client call";
/** The template's line that the test breaks (1-based), and the column of the tag in it. */
const EXPLORE_LINE =
  scenarioTemplate("x")
    .split("\n")
    .findIndex((l) => l.includes("tags: [explore]")) + 1;
const EXPLORE_COL = scenarioTemplate("x").split("\n")[EXPLORE_LINE - 1]!.indexOf("explore") + 1;

const TRANSFER_NODE =
  "\n  - id: transfer\n    customer: Fine, put me through to someone who can help.\n    ending: { kind: agent-ended, summary: Transferred to the technical team. }\n";

const editorContent = (page: Page) => page.getByTestId("yaml-editor").locator(".cm-content");

/** Waits for the check of the current text (the status stops saying "Checking…"). */
async function expectChecked(page: Page, status: string | RegExp) {
  await expect(page.getByTestId("check-status")).toContainText(status);
  await expect(page.getByTestId("check-status")).toContainText(/checked in \d+ ms/);
}

/**
 * Puts the cursor at the end of the first line that contains `text`, with the editor's own
 * search (Ctrl+F): CodeMirror renders only the lines in view, so they cannot all be clicked.
 */
async function cursorAtEndOf(page: Page, text: string) {
  await editorContent(page).focus();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("Control+f");
  const find = page.getByRole("textbox", { name: "Find" });
  await find.fill(text);
  await find.press("End"); // the panel takes the query on keyup/change, not on input
  await find.press("Enter");
  await page.keyboard.press("Escape");
  await expect(editorContent(page)).toBeFocused();
  await page.keyboard.press("End");
}

async function createFromApi(request: APIRequestContext, id: string) {
  const response = await request.post("/api/trainer/scenarios", { data: { yaml: scenarioTemplate(id) } });
  expect(response.status(), await response.text()).toBe(201);
}

function validateWithCli(file: string): { status: number; output: string } {
  try {
    const output = execFileSync("npx", ["tsx", "lib/cli/main.ts", "validate", file], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { status: 0, output };
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    return { status: e.status ?? -1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

test.describe("as the demo trainer", () => {
  test.use({ storageState: STORAGE.trainer });

  test("writes a scenario from the template, sees a marker at the right place, fixes it, playtests, publishes and exports it; the trainee finds it", async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    await page.goto("/trainer/scenarios");
    await expect(page.getByRole("heading", { level: 1, name: "Scenarios" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Scenarios", exact: true })).toBeVisible();
    await expect(page.getByTestId("scenario-row-billing-error")).toContainText("Published v1");
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("link", { name: "New scenario" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "New scenario" })).toBeVisible();
    await expectChecked(page, "No problems");
    await expect(editorContent(page)).toContainText("title: Internet down before a client call");
    await page.getByRole("button", { name: "Save new scenario" }).click();
    await expect(page).toHaveURL(/\/trainer\/scenarios\/new-scenario(-\d+)?$/);
    const scenarioId = page.url().split("/").pop()!;
    await expect(page.getByRole("heading", { level: 1, name: TEMPLATE_TITLE })).toBeVisible();
    await expect(page.getByTestId("version-1")).toContainText(DEMO.trainer.name);
    await expectChecked(page, "No problems");
    await expectNoSeriousA11yViolations(page);

    // An error: a misspelt tag. The marker sits on that word, and the list names its line and column.
    await cursorAtEndOf(page, "tags: [explore]");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.type("x");
    await expectChecked(page, "1 problem");
    const problem = page.getByTestId("problem-list").getByRole("button");
    await expect(problem).toHaveCount(1);
    await expect(problem).toContainText(`line ${EXPLORE_LINE}, col ${EXPLORE_COL}`);
    await expect(problem).toContainText("unknown tag `explorex` (did you mean `explore`?)");
    const marker = page.locator(".cm-lintRange-error");
    await expect(marker).toHaveCount(1);
    await expect(marker).toHaveText("explorex");
    await expect(page.locator(".cm-gutter-lint .cm-lint-marker-error")).toHaveCount(1);
    // The list jumps to the line: the cursor lands there, in a focused editor.
    await page.keyboard.press("Control+Home");
    await problem.click();
    await expect(editorContent(page)).toBeFocused();
    await expect(page.locator(".cm-activeLine")).toContainText("tags: [explorex]");
    const activeLineNumber = await page.locator(".cm-activeLineGutter").first().textContent();
    expect(Number(activeLineNumber)).toBe(EXPLORE_LINE);

    // The graph is drawn from the text as it is now.
    const graphSummary = page.getByTestId("graph-summary");
    await page.getByRole("tab", { name: "Graph" }).click();
    await expect(graphSummary).toHaveText(/^8 nodes · 3 endings · /);

    // Fix it (the list puts the cursor on the word again).
    await page.getByRole("tab", { name: /Editor/ }).click();
    await problem.click();
    await page.keyboard.press("End");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("Backspace");
    await expectChecked(page, "No problems");
    await expect(marker).toHaveCount(0);

    // A choice that leads to a new node: the graph shows the unknown target, then the new ending.
    await cursorAtEndOf(page, "next: escalate"); // the first of two: promise-fixed
    for (let i = 0; i < "escalate".length; i++) await page.keyboard.press("Backspace");
    await page.keyboard.type("transfer");
    await expectChecked(page, "1 problem");
    await page.getByRole("tab", { name: "Graph" }).click();
    await expect(graphSummary).toContainText("1 unknown target");
    await page.getByRole("tab", { name: /Editor/ }).click();
    await editorContent(page).click();
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText(TRANSFER_NODE);
    await expectChecked(page, "No problems");
    await page.getByRole("tab", { name: "Graph" }).click();
    await expect(graphSummary).toHaveText(/^9 nodes · 4 endings · /);
    await expectNoSeriousA11yViolations(page);
    // The analysis of the text as it is now: every tab of the workspace passes axe too.
    await page.getByRole("tab", { name: "Analysis" }).click();
    await expect(page.getByTestId("score-range")).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole("tab", { name: "Graph" }).click();
    // A node in the graph jumps to its YAML.
    await page.getByText("The graph as a list").click();
    await page.getByTestId("graph-node-list").getByRole("button", { name: "transfer", exact: true }).click();
    await expect(page.getByRole("tab", { name: /Editor/ })).toHaveAttribute("aria-selected", "true");
    await expect(editorContent(page)).toBeFocused();
    await expect(page.locator(".cm-activeLine")).toHaveText("  - id: transfer");

    // Playtest the unsaved text to an ending.
    await page.getByRole("tab", { name: "Playtest" }).click();
    await playtestToEnding(page, scenarioTemplate(scenarioId).replace("next: escalate", "next: transfer") + TRANSFER_NODE);
    await expectNoSeriousA11yViolations(page);

    // Save as version 2, publish it.
    await page.getByRole("tab", { name: /Editor/ }).click();
    await cursorAtEndOf(page, "title: Internet down before a client call");
    await page.keyboard.type(" (v2)");
    await expectChecked(page, "No problems");
    await page.getByRole("button", { name: "Save as version 2" }).click();
    await expect(page.getByTestId("workspace-notice")).toContainText("Saved version 2.");
    await expect(page.getByTestId("version-2")).toBeVisible();
    await page.getByRole("group", { name: "Scenario actions" }).getByRole("button", { name: "Publish version 2" }).click();
    await expect(page.getByTestId("workspace-notice")).toContainText("Published version 2");
    await expect(page.getByTestId("version-2")).toContainText("Published");
    await expect(page.getByTestId("version-1")).not.toContainText("Published");

    // Export version 2 and check the file with the CLI.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export version 2 as .yaml" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${scenarioId}-v2.yaml`);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "steady-export-")), download.suggestedFilename());
    await download.saveAs(file);
    const exported = readFileSync(file, "utf8");
    // What was typed, exactly (the editor may fold the blank line before the pasted node).
    const expected =
      scenarioTemplate(scenarioId)
        .replace("next: escalate", "next: transfer")
        .replace(`title: ${TEMPLATE_TITLE}`, `title: ${TEMPLATE_TITLE} (v2)`) + TRANSFER_NODE;
    expect(exported.replace(/\n+/g, "\n")).toBe(expected.replace(/\n+/g, "\n"));
    const reloaded = loadScenario(exported);
    expect(reloaded.ok && reloaded.scenario.nodeIds.length).toBe(9);
    const cli = validateWithCli(file);
    expect(cli.status, cli.output).toBe(0);

    await page.goto("/trainer/scenarios");
    await expect(page.getByTestId(`scenario-row-${scenarioId}`)).toContainText("Published v2");
    await expect(page.getByTestId(`scenario-row-${scenarioId}`)).toContainText(DEMO.trainer.name);

    // The trainee finds it in the library.
    const trainee = await browser.newContext({ storageState: STORAGE.trainee });
    try {
      const traineePage = await trainee.newPage();
      await traineePage.goto("/");
      await expect(traineePage.getByRole("link", { name: `${TEMPLATE_TITLE} (v2)` })).toBeVisible();

      // Unpublished, it leaves the library; its versions stay.
      await page.goto(`/trainer/scenarios/${scenarioId}`);
      await page.getByRole("button", { name: "Unpublish" }).click();
      await expect(page.getByTestId("workspace-notice")).toContainText("Unpublished");
      await expect(page.getByTestId("version-list")).not.toContainText("Published");
      await expect(page.getByTestId("version-2")).toBeVisible();
      await traineePage.reload();
      await expect(traineePage.getByRole("heading", { level: 1, name: "Scenario library" })).toBeVisible();
      await expect(traineePage.getByRole("link", { name: `${TEMPLATE_TITLE} (v2)` })).toHaveCount(0);
    } finally {
      await trainee.close();
    }
  });

  test("two trainers saving on the same version: the second is told and keeps their text", async ({ browser, request }) => {
    await createFromApi(request, "race-e2e");
    const contexts = await Promise.all([0, 1].map(() => browser.newContext({ storageState: STORAGE.trainer })));
    try {
      const [first, second] = await Promise.all(contexts.map((c) => c.newPage()));
      for (const p of [first!, second!]) {
        await p.goto("/trainer/scenarios/race-e2e");
        await expectChecked(p, "No problems");
      }
      await cursorAtEndOf(first!, "title: ");
      await first!.keyboard.type(" FIRST");
      await expectChecked(first!, "No problems");
      await first!.getByRole("button", { name: "Save as version 2" }).click();
      await expect(first!.getByTestId("workspace-notice")).toContainText("Saved version 2.");

      await cursorAtEndOf(second!, "title: ");
      await second!.keyboard.type(" SECOND");
      await expectChecked(second!, "No problems");
      await second!.getByRole("button", { name: "Save as version 2" }).click();
      await expect(second!.getByTestId("save-trouble")).toContainText("Someone saved version 2 of race-e2e while you were editing");
      await expect(editorContent(second!)).toContainText(`title: ${TEMPLATE_TITLE} SECOND`);

      // Nothing was overwritten: version 2 is the first trainer's.
      const v2 = await request.get("/api/trainer/scenarios/race-e2e/versions/2/export");
      expect(await v2.text()).toContain(`title: ${TEMPLATE_TITLE} FIRST`);

      // The second trainer may then save theirs on top, knowingly.
      await second!.getByRole("button", { name: "Save mine as version 3 anyway" }).click();
      await expect(second!.getByTestId("workspace-notice")).toContainText("Saved version 3.");
      expect(await (await request.get("/api/trainer/scenarios/race-e2e/versions/3/export")).text()).toContain("SECOND");
    } finally {
      await Promise.all(contexts.map((c) => c.close()));
    }
  });

  test("the editor hints tags inside `tags:`, each with its definition", async ({ page, request }) => {
    await createFromApi(request, "hints-e2e");
    await page.goto("/trainer/scenarios/hints-e2e");
    await expectChecked(page, "No problems");
    await cursorAtEndOf(page, "tags: [listen");
    await page.keyboard.press("ArrowLeft"); // before the closing bracket
    await page.keyboard.type(", sal");
    const hints = page.locator(".cm-tooltip-autocomplete");
    await expect(hints.getByRole("option", { name: /sales-pitch/ })).toBeVisible();
    await expect(page.locator(".cm-completionInfo")).toContainText("Tries to sell an upgrade");
    await page.keyboard.press("Enter");
    await expect(page.locator(".cm-activeLine")).toContainText("tags: [listen, sales-pitch]");
    await expectChecked(page, "No problems");
  });

  test("a YAML slip is explained in the editor, at the place it happened, as the CLI explains it", async ({ page, request }) => {
    await createFromApi(request, "slip-e2e");
    await page.goto("/trainer/scenarios/slip-e2e");
    await expectChecked(page, "No problems");
    // A colon and a space in unquoted text: YAML used to say "bad indentation of a mapping entry".
    const line = "    customer: Forget it, I'm done.";
    await cursorAtEndOf(page, line);
    await page.keyboard.type(" Reason: no internet.");
    const slipLine =
      scenarioTemplate("x")
        .split("\n")
        .findIndex((l) => l === line) + 1;
    const message = loadScenario(scenarioTemplate("x").replace(line, `${line} Reason: no internet.`), "x.yaml");
    expect(message.ok).toBe(false);
    const expected = message.ok ? null : message.problems[0]!;
    expect(expected).toMatchObject({ line: slipLine, col: line.length + " Reason".length + 1 });
    await expectChecked(page, "1 problem");
    const problem = page.getByTestId("problem-list").getByRole("button");
    await expect(problem).toHaveCount(1);
    await expect(problem).toContainText(`line ${expected!.line}, col ${expected!.col}`);
    await expect(problem).toContainText("this text contains `: ` (a colon and a space), which YAML reads as the start of a new field");
    await expect(problem).toContainText(expected!.message);
    await expect(page.locator(".cm-gutter-lint .cm-lint-marker-error")).toHaveCount(1);
  });

  test("the editor warns at its line about a line no call gets to hear; the Replies tab lists every reply to every agent line", async ({
    page,
    request,
  }) => {
    await createFromApi(request, "reach-e2e");
    await page.goto("/trainer/scenarios/reach-e2e");
    await expectChecked(page, "No problems");
    // The story's angry line needs anger >= 60; the call only ever gets there at anger 50 or 75.
    // Asking for 95 makes it a line no call hears: a warning at that line, from the worker's check.
    await cursorAtEndOf(page, "- when: anger >= 60");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.keyboard.type("95");
    const text = scenarioTemplate("reach-e2e").replace("- when: anger >= 60", "- when: anger >= 95");
    const loaded = loadScenario(text, "reach-e2e.yaml");
    if (!loaded.ok) throw new Error("the edited template does not load");
    const [expected] = reachWarnings(loaded.scenario, text, "reach-e2e.yaml");
    expect(expected!.message).toMatch(/^this line is never said: whenever the call is at `story`/);
    await expectChecked(page, "No errors, 1 warning");
    const warning = page.getByTestId("problem-list").getByRole("button");
    await expect(warning).toHaveCount(1);
    await expect(warning).toContainText(`line ${expected!.line}, col ${expected!.col}`);
    await expect(warning).toContainText(expected!.message);
    await expect(page.locator(".cm-lintRange-warning")).toHaveCount(1);

    // The reply review of the text as it is now: each agent line once, with every reply to it.
    const { pairs } = replyPairs(loaded.scenario);
    await page.getByRole("tab", { name: "Replies" }).click();
    await expect(page.getByTestId("replies-status")).toContainText(`${pairs.length} pairs of an agent line and the customer's reply`);
    const calmDown = pairs.find((p) => p.choice?.id === "tell-calm-down")!;
    const group = page.getByTestId("reply-list").getByRole("listitem").filter({ hasText: "opening › tell-calm-down" });
    await expect(group).toContainText(`You: “${calmDown.choice!.text}”`);
    await expect(group).toContainText(`“${calmDown.reply}”`);
    await page.getByLabel("Find a line or a node").fill("router three times");
    await expect(page.getByTestId("reply-list").getByRole("listitem").filter({ hasText: "You:" })).toHaveCount(0); // the dead line is nobody's reply
    await page.getByLabel("Find a line or a node").fill("");
    await expectNoSeriousA11yViolations(page);
  });

  test("unsaved text survives a reload, leaving asks first, and the local draft can be discarded", async ({ page, request }) => {
    await createFromApi(request, "draft-e2e");
    await page.goto("/trainer/scenarios/draft-e2e");
    await expectChecked(page, "No problems");
    await cursorAtEndOf(page, "title: ");
    await page.keyboard.type(" with my changes");
    await expectChecked(page, "No problems");

    // A link away asks first; saying no stays.
    let asked = "";
    page.once("dialog", (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await page.getByRole("link", { name: "My runs" }).click();
    expect(asked).toContain("unsaved changes");
    await expect(page).toHaveURL(/\/trainer\/scenarios\/draft-e2e$/);

    // Reloading asks too (beforeunload); after it, the draft comes back with a notice.
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.reload();
    expect(dialogs).toContain("beforeunload");
    await expect(page.getByTestId("draft-restored")).toContainText("Restored your unsaved changes");
    await expect(editorContent(page)).toContainText(`title: ${TEMPLATE_TITLE} with my changes`);
    await expect(page.getByRole("button", { name: "Save as version 2" })).toBeEnabled();

    await page.getByRole("button", { name: "Discard local draft" }).click();
    await expect(editorContent(page).locator(".cm-line", { hasText: "title: " }).first()).toHaveText(`title: ${TEMPLATE_TITLE}`);
    await expect(page.getByRole("button", { name: "Save as version 2" })).toBeDisabled();
    await page.reload();
    await expectChecked(page, "No problems");
    await expect(page.getByTestId("draft-restored")).toHaveCount(0);
  });

  test("built-in scenarios are read-only; duplicating one opens an editable copy", async ({ page }) => {
    await page.goto("/trainer/scenarios/delayed-update");
    await expectChecked(page, /No (problems|errors)/);
    await expect(page.getByRole("button", { name: /^Save/ })).toHaveCount(0);
    await expect(editorContent(page)).toHaveAttribute("aria-readonly", "true");
    // Keyboard: Tab leaves the editor (it is not trapped); arrow keys move between the tabs.
    await editorContent(page).focus();
    await page.keyboard.press("Tab");
    await expect(editorContent(page)).not.toBeFocused();
    await page.getByRole("tab", { name: "Editor" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByRole("tab", { name: "Graph" })).toBeFocused();
    await expect(page.getByRole("tab", { name: "Graph" })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByTestId("graph-summary")).toContainText("nodes");
    await page.keyboard.press("End");
    await expect(page.getByRole("tab", { name: "Playtest" })).toBeFocused();
    await page.keyboard.press("Home");
    await expect(page.getByRole("tab", { name: "Editor" })).toHaveAttribute("aria-selected", "true");

    expect((await page.request.get("/trainer/scenarios/no-such-scenario")).status()).toBe(404);
    expect((await page.request.get("/trainer/scenarios/Not%20an%20id")).status()).toBe(404);

    await page.getByRole("button", { name: /Duplicate to edit/ }).click();
    await expect(page).toHaveURL(/\/trainer\/scenarios\/delayed-update-copy(-\d+)?$/);
    const copyId = page.url().split("/").pop()!;
    await expect(editorContent(page)).toContainText(`id: ${copyId}`);
    await expect(page.getByRole("button", { name: "Save as version 2" })).toBeVisible();
  });

  test("imports a .yaml file as unsaved text; text with another id can be saved as a new scenario", async ({ page }) => {
    const billing = readFileSync("scenarios/billing-error.yaml", "utf8");
    await page.goto("/trainer/scenarios/new?import=1");
    await expect(page.getByLabel("Import .yaml")).toBeFocused();
    await page.getByLabel("Import .yaml").setInputFiles({
      name: "imported.yaml",
      mimeType: "text/yaml",
      buffer: Buffer.from(billing.replace("id: billing-error", "id: imported-e2e")),
    });
    await expect(page.getByTestId("workspace-notice")).toContainText("Imported imported.yaml into the editor: not saved yet.");
    await expect(editorContent(page)).toContainText("id: imported-e2e");
    await expectChecked(page, /No (problems|errors)/);
    await page.getByRole("button", { name: "Save new scenario" }).click();
    await expect(page).toHaveURL(/\/trainer\/scenarios\/imported-e2e$/);
    await expect(page.getByRole("heading", { level: 1, name: "Charged twice before payroll" })).toBeVisible();

    // Importing another scenario's file here: saving says so and offers a new scenario instead.
    await page.getByLabel("Import .yaml").setInputFiles({
      name: "other.yaml",
      mimeType: "text/yaml",
      buffer: Buffer.from(billing.replace("id: billing-error", "id: imported-other-e2e")),
    });
    await expectChecked(page, /No (problems|errors)/);
    await page.getByRole("button", { name: "Save as version 2" }).click();
    await expect(page.getByTestId("save-trouble")).toContainText("This text has `id: imported-other-e2e` but you are editing imported-e2e");
    await page.getByRole("button", { name: "Save as a new scenario “imported-other-e2e”" }).click();
    await expect(page).toHaveURL(/\/trainer\/scenarios\/imported-other-e2e$/);
    await expect(page.getByTestId("version-1")).toBeVisible();
  });

  test("the server checks the YAML again: a broken draft saves with its problems and cannot be published", async ({ request }) => {
    await createFromApi(request, "server-check-e2e");
    const broken = scenarioTemplate("server-check-e2e").replace("tags: [explore]", "tags: [explor]");
    const saved = await request.post("/api/trainer/scenarios/server-check-e2e/versions", { data: { baseVersion: 1, yaml: broken } });
    expect(saved.status(), await saved.text()).toBe(201);
    expect(await saved.json()).toMatchObject({ version: 2, problemCount: 1, created: true });
    const refused = await request.put("/api/trainer/scenarios/server-check-e2e/publication", { data: { version: 2 } });
    const body = await expectApiError(refused, 400, "bad-request");
    expect(body.error.message).toContain("1 problem");
    // Text with another scenario's id, a stale base, a built-in, bad bodies: clear 4xx, never 500.
    await expectApiError(
      await request.post("/api/trainer/scenarios/server-check-e2e/versions", {
        data: { baseVersion: 2, yaml: scenarioTemplate("elsewhere") },
      }),
      400,
      "bad-request",
    );
    await expectApiError(
      await request.post("/api/trainer/scenarios/server-check-e2e/versions", {
        data: { baseVersion: 1, yaml: `${broken}# another change\n` },
      }),
      409,
      "conflict",
    );
    await expectApiError(
      await request.post("/api/trainer/scenarios/billing-error/versions", { data: { baseVersion: 1, yaml: "id: billing-error\n" } }),
      403,
      "forbidden",
    );
    await expectApiError(
      await request.post("/api/trainer/scenarios/server-check-e2e/versions", { data: { baseVersion: "x" } }),
      400,
      "bad-request",
    );
    await expectApiError(
      await request.post("/api/trainer/scenarios/server-check-e2e/versions", {
        data: "not json",
        headers: { "content-type": "application/json" },
      }),
      400,
    );
    await expectApiError(await request.get("/api/trainer/scenarios/server-check-e2e/versions/99/export"), 404, "not-found");
    await expectApiError(await request.get("/api/trainer/scenarios/server-check-e2e/versions/abc/export"), 404, "not-found");
    await expectApiError(await request.put("/api/trainer/scenarios/no-such/publication", { data: { version: 1 } }), 404, "not-found");
    const exported = await request.get("/api/trainer/scenarios/server-check-e2e/versions/1/export");
    expect(exported.headers()["content-type"]).toContain("text/yaml");
    expect(exported.headers()["content-disposition"]).toBe('attachment; filename="server-check-e2e-v1.yaml"');
  });

  test("scenario text is shown as text, never as HTML", async ({ page, request }) => {
    const yaml = scenarioTemplate("html-e2e").replace(
      `title: ${TEMPLATE_TITLE}`,
      'title: "<img src=x onerror=window.__pwned=1> <b>bold</b>"',
    );
    const created = await request.post("/api/trainer/scenarios", { data: { yaml } });
    expect(created.status(), await created.text()).toBe(201);
    await page.goto("/trainer/scenarios");
    await expect(page.getByTestId("scenario-row-html-e2e")).toContainText("<img src=x onerror=window.__pwned=1> <b>bold</b>");
    await page.goto("/trainer/scenarios/html-e2e");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("<img src=x onerror=window.__pwned=1> <b>bold</b>");
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(page.locator("main img, main b")).toHaveCount(0);
  });
});

test.describe("as the demo trainee", () => {
  test.use({ storageState: STORAGE.trainee });

  test("the trainer pages are not found and the trainer routes are forbidden", async ({ page, request }) => {
    for (const url of ["/trainer/scenarios", "/trainer/scenarios/new", "/trainer/scenarios/billing-error"]) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(404);
    }
    await expect(page.getByRole("link", { name: "Scenarios", exact: true })).toHaveCount(0);
    const yaml = scenarioTemplate("trainee-made");
    await expectApiError(await request.post("/api/trainer/scenarios", { data: { yaml } }), 403, "forbidden");
    await expectApiError(await request.post("/api/trainer/scenarios", { data: { duplicateOf: "billing-error" } }), 403, "forbidden");
    await expectApiError(
      await request.post("/api/trainer/scenarios/billing-error/versions", { data: { baseVersion: 1, yaml } }),
      403,
      "forbidden",
    );
    await expectApiError(await request.put("/api/trainer/scenarios/billing-error/publication", { data: { version: 1 } }), 403, "forbidden");
    await expectApiError(await request.delete("/api/trainer/scenarios/billing-error/publication"), 403, "forbidden");
    await expectApiError(await request.get("/api/trainer/scenarios/billing-error/versions/1/export"), 403, "forbidden");
  });

  test("signed out, the trainer routes answer 401", async ({ playwright, baseURL }) => {
    const anonymous = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
    try {
      await expectApiError(await anonymous.post("/api/trainer/scenarios", { data: { yaml: "id: x\n" } }), 401, "unauthenticated");
      await expectApiError(await anonymous.get("/api/trainer/scenarios/billing-error/versions/1/export"), 401, "unauthenticated");
    } finally {
      await anonymous.dispose();
    }
  });
});

// ------------------------------------------------------------------ graph and playtest (app/(app)/trainer/_viz)

/** Plays the draft's best path in the playtest panel and checks its debrief against the domain core. */
async function playtestToEnding(page: Page, yaml: string) {
  const loaded = loadScenario(yaml);
  if (!loaded.ok) throw new Error("the test's scenario does not load");
  const s = loaded.scenario;
  const best = analyzeScenario(s).bestPath;
  const expected = scoreRun(s, best);
  expect(expected.outcome).toBe("resolved");
  await expect(page.getByRole("heading", { name: `Playtest: ${s.title} (version ${s.version})` })).toBeVisible();
  for (let i = 0; i < best.length; i++) {
    const choice = s.nodes[replay(s, best.slice(0, i)).node]!.choices.find((c) => c.id === best[i])!;
    await expect(page.getByRole("heading", { name: `Turn ${i + 1}` })).toBeVisible();
    await page.getByRole("button", { name: choice.text, exact: false }).click();
  }
  await page.getByRole("button", { name: "See your debrief" }).click();
  const verdict = page.getByRole("region", { name: "Result" });
  await expect(verdict).toContainText("Passed");
  await expect(verdict).toContainText(`You scored ${expected.score.overall}`);
  await expect(page.getByRole("button", { name: "Play it again" }).first()).toBeVisible();
}
