import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioTemplate } from "../../authoring/template";
import type { Db } from "../../db/client.server";
import { AppError } from "../../errors";
import { loadScenario } from "../../scenario/load";
import { createTestUser, freshDatabase, PROVIDERS } from "../../testing/db";
import { findLibraryForUser } from "./find-library-for-user.server";
import { startNewRun } from "../runs/start-call.server";
import { syncBuiltinScenarios } from "./sync-builtin-scenarios.server";
import { createScenario } from "./create-scenario.server";
import { duplicateScenario, withScenarioId } from "./duplicate-scenario.server";
import { findFreeScenarioId } from "./find-free-scenario-id.server";
import { getScenarioVersion } from "./get-scenario-version.server";
import { getScenarioWorkspace } from "./get-scenario-workspace.server";
import { listWorkspaceScenarios } from "./list-workspace-scenarios.server";
import { publishScenarioVersion } from "./publish-scenario-version.server";
import { saveScenarioVersion } from "./save-scenario-version.server";
import { unpublishScenario } from "./unpublish-scenario.server";

async function expectAppError(promise: Promise<unknown>, code: AppError["code"]) {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

/** The template with one misspelt tag: exactly 1 error. */
const withError = (id: string) => scenarioTemplate(id).replace("tags: [explore]", "tags: [explor]");
const retitled = (id: string, title: string) => scenarioTemplate(id).replace("title: Internet down before a client call", `title: ${title}`);

describe.each(PROVIDERS)("the trainer's workspace data on %s", (provider) => {
  let db: Db;
  let trainer: { id: string; name: string };
  let other: { id: string; name: string };
  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    await syncBuiltinScenarios(db);
    trainer = await createTestUser(db, "trainer");
    other = await createTestUser(db, "trainer");
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("creates a scenario from the template as a draft version 1, listed with its editor", async () => {
    const saved = await createScenario(db, { yaml: scenarioTemplate("from-template"), userId: trainer.id });
    expect(saved).toEqual({ scenarioId: "from-template", version: 1, problemCount: 0, created: true });
    const list = await listWorkspaceScenarios(db);
    expect(list.find((s) => s.scenarioId === "from-template")).toMatchObject({
      builtIn: false,
      title: "Internet down before a client call",
      difficulty: "easy",
      latestVersion: 1,
      latestProblemCount: 0,
      publishedVersion: null,
      lastEditor: trainer.name,
      runCount: 0,
    });
    // Built-ins first, then by id.
    expect(list.slice(0, 4).map((s) => [s.scenarioId, s.builtIn, s.publishedVersion])).toEqual([
      ["abusive-caller", true, 1],
      ["billing-error", true, 1],
      ["broadband-outage", true, 1],
      ["delayed-update", true, 1],
    ]);
  });

  it("refuses a new scenario with no readable id or an id that is taken", async () => {
    await expectAppError(createScenario(db, { yaml: "title: no id\n", userId: trainer.id }), "bad-request");
    await expectAppError(createScenario(db, { yaml: "id: Not Valid!\n", userId: trainer.id }), "bad-request");
    const taken = await expectAppError(createScenario(db, { yaml: scenarioTemplate("billing-error"), userId: trainer.id }), "conflict");
    expect(taken.userMessage).toMatch(/already exists/);
  });

  it("saves each change as a new version and never overwrites one", async () => {
    await createScenario(db, { yaml: scenarioTemplate("versions"), userId: trainer.id });
    const v2 = await saveScenarioVersion(db, { scenarioId: "versions", baseVersion: 1, yaml: retitled("versions", "Second"), userId: other.id });
    expect(v2).toEqual({ scenarioId: "versions", version: 2, problemCount: 0, created: true });
    expect((await getScenarioVersion(db, "versions", 1)).yaml).toBe(scenarioTemplate("versions"));
    expect((await getScenarioVersion(db, "versions", 2)).yaml).toBe(retitled("versions", "Second"));
    const ws = await getScenarioWorkspace(db, "versions");
    expect(ws.versions.map((v) => [v.version, v.title, v.editor])).toEqual([
      [2, "Second", other.name],
      [1, "Internet down before a client call", trainer.name],
    ]);
    expect(ws.latest).toEqual({ version: 2, yaml: retitled("versions", "Second") });
    await expectAppError(getScenarioVersion(db, "versions", 3), "not-found");
    await expectAppError(getScenarioWorkspace(db, "no-such-scenario"), "not-found");
  });

  it("tells the second of two trainers on the same base version, with the latest version number", async () => {
    await createScenario(db, { yaml: scenarioTemplate("race"), userId: trainer.id });
    await saveScenarioVersion(db, { scenarioId: "race", baseVersion: 1, yaml: retitled("race", "Mine"), userId: trainer.id });
    const late = await expectAppError(saveScenarioVersion(db, { scenarioId: "race", baseVersion: 1, yaml: retitled("race", "Theirs"), userId: other.id }), "conflict");
    expect(late.detail).toEqual({ latestVersion: 2 });
    expect(late.status).toBe(409);
    expect((await getScenarioWorkspace(db, "race")).versions.map((v) => v.title)).toEqual(["Mine", "Internet down before a client call"]);
  });

  it("lets exactly one of two simultaneous saves on the same base through", async () => {
    await createScenario(db, { yaml: scenarioTemplate("simultaneous"), userId: trainer.id });
    const results = await Promise.allSettled(
      ["A", "B", "C"].map((t, i) => saveScenarioVersion(db, { scenarioId: "simultaneous", baseVersion: 1, yaml: retitled("simultaneous", t), userId: i ? other.id : trainer.id })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as AppError).code).toBe("conflict");
    expect((await getScenarioWorkspace(db, "simultaneous")).versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it("treats a resent save of the same text as done, not as a conflict", async () => {
    await createScenario(db, { yaml: scenarioTemplate("resend"), userId: trainer.id });
    const yaml = retitled("resend", "Once");
    expect(await saveScenarioVersion(db, { scenarioId: "resend", baseVersion: 1, yaml, userId: trainer.id })).toMatchObject({ version: 2, created: true });
    expect(await saveScenarioVersion(db, { scenarioId: "resend", baseVersion: 1, yaml, userId: trainer.id })).toMatchObject({ version: 2, created: false });
    // Not for someone else, whose identical text was written on an old base.
    await expectAppError(saveScenarioVersion(db, { scenarioId: "resend", baseVersion: 1, yaml, userId: other.id }), "conflict");
  });

  it("saves a draft with problems, counts them, and refuses to publish it", async () => {
    await createScenario(db, { yaml: scenarioTemplate("drafty"), userId: trainer.id });
    const broken = withError("drafty");
    const loaded = loadScenario(broken);
    expect(loaded.ok).toBe(false);
    const saved = await saveScenarioVersion(db, { scenarioId: "drafty", baseVersion: 1, yaml: broken, userId: trainer.id });
    expect(saved.problemCount).toBe(1);
    const refused = await expectAppError(publishScenarioVersion(db, { scenarioId: "drafty", version: 2 }), "bad-request");
    expect(refused.userMessage).toMatch(/1 problem/);
    expect((await listWorkspaceScenarios(db)).find((s) => s.scenarioId === "drafty")).toMatchObject({ latestVersion: 2, latestProblemCount: 1, publishedVersion: null });
  });

  it("saves text that is not even YAML, under the scenario being edited, with stand-in fields", async () => {
    await createScenario(db, { yaml: scenarioTemplate("garbled"), userId: trainer.id });
    const saved = await saveScenarioVersion(db, { scenarioId: "garbled", baseVersion: 1, yaml: "nodes: [unclosed\n  : :\n", userId: trainer.id });
    expect(saved.problemCount).toBeGreaterThan(0);
    const v = await db.scenarioVersion.findUniqueOrThrow({ where: { scenarioId_version: { scenarioId: "garbled", version: 2 } } });
    expect(v).toMatchObject({ title: "Untitled scenario", difficulty: "medium", brief: "", published: false });
  });

  it("refuses text whose id is another scenario's", async () => {
    await createScenario(db, { yaml: scenarioTemplate("mine"), userId: trainer.id });
    const err = await expectAppError(saveScenarioVersion(db, { scenarioId: "mine", baseVersion: 1, yaml: scenarioTemplate("someone-else"), userId: trainer.id }), "bad-request");
    expect(err.userMessage).toMatch(/id: someone-else/);
    expect(err.detail).toEqual({ yamlId: "someone-else" });
    expect((await getScenarioWorkspace(db, "mine")).versions).toHaveLength(1);
  });

  it("publishes one version at a time; the library shows it; unpublish hides the scenario", async () => {
    const trainee = await createTestUser(db, "trainee");
    await createScenario(db, { yaml: scenarioTemplate("pub"), userId: trainer.id });
    await saveScenarioVersion(db, { scenarioId: "pub", baseVersion: 1, yaml: retitled("pub", "Published two"), userId: trainer.id });
    const inLibrary = async () => (await findLibraryForUser(db, trainee.id)).find((e) => e.scenarioId === "pub");
    expect(await inLibrary()).toBeUndefined();

    await publishScenarioVersion(db, { scenarioId: "pub", version: 1 });
    expect(await inLibrary()).toMatchObject({ version: 1, title: "Internet down before a client call", builtIn: false });
    await publishScenarioVersion(db, { scenarioId: "pub", version: 2 });
    expect(await inLibrary()).toMatchObject({ version: 2, title: "Published two" });
    expect((await getScenarioWorkspace(db, "pub")).versions.map((v) => [v.version, v.published])).toEqual([
      [2, true],
      [1, false],
    ]);
    // Bringing an older version back.
    await publishScenarioVersion(db, { scenarioId: "pub", version: 1 });
    expect(await inLibrary()).toMatchObject({ version: 1 });

    await unpublishScenario(db, { scenarioId: "pub" });
    expect(await inLibrary()).toBeUndefined();
    expect((await listWorkspaceScenarios(db)).find((s) => s.scenarioId === "pub")).toMatchObject({ publishedVersion: null, latestVersion: 2 });
    await expectAppError(publishScenarioVersion(db, { scenarioId: "pub", version: 9 }), "not-found");
    await expectAppError(unpublishScenario(db, { scenarioId: "nope" }), "not-found");
  });

  it("two publishes at the same moment leave exactly one version published", async () => {
    await createScenario(db, { yaml: scenarioTemplate("both"), userId: trainer.id });
    await saveScenarioVersion(db, { scenarioId: "both", baseVersion: 1, yaml: retitled("both", "Two"), userId: trainer.id });
    await saveScenarioVersion(db, { scenarioId: "both", baseVersion: 2, yaml: retitled("both", "Three"), userId: trainer.id });
    for (let round = 0; round < 5; round++) {
      await Promise.all([1, 3].map((version) => publishScenarioVersion(db, { scenarioId: "both", version })));
      expect(await db.scenarioVersion.count({ where: { scenarioId: "both", published: true } })).toBe(1);
    }
  });

  it("checks a version again when it is published, and refuses one today's loader rejects", async () => {
    await createScenario(db, { yaml: scenarioTemplate("stale"), userId: trainer.id });
    // As if saved under an older, laxer loader: stored with 0 problems, but no longer loads.
    await db.scenarioVersion.updateMany({ where: { scenarioId: "stale" }, data: { yaml: withError("stale"), problemCount: 0 } });
    const err = await expectAppError(publishScenarioVersion(db, { scenarioId: "stale", version: 1 }), "bad-request");
    expect(err.userMessage).toMatch(/no longer passes the checks/);
    expect(await db.scenarioVersion.findFirstOrThrow({ where: { scenarioId: "stale" } })).toMatchObject({ published: false, problemCount: 1 });
  });

  it("refuses text with NUL characters (PostgreSQL cannot store them) with a reason", async () => {
    const err = await expectAppError(createScenario(db, { yaml: scenarioTemplate("nul") + "\u0000", userId: trainer.id }), "bad-request");
    expect(err.userMessage).toMatch(/UTF-16/);
  });

  it("keeps a run on the version it was played on, and counts runs per scenario and version", async () => {
    const trainee = await createTestUser(db, "trainee");
    await createScenario(db, { yaml: scenarioTemplate("played"), userId: trainer.id });
    await publishScenarioVersion(db, { scenarioId: "played", version: 1 });
    const run = await startNewRun(db, trainee.id, "played");
    await saveScenarioVersion(db, { scenarioId: "played", baseVersion: 1, yaml: retitled("played", "Newer"), userId: trainer.id });
    await publishScenarioVersion(db, { scenarioId: "played", version: 2 });
    // Another trainee (the same trainee starting over would abandon the first call, which counts nowhere).
    const again = await startNewRun(db, (await createTestUser(db, "trainee")).id, "played");
    const versions = await db.run.findMany({ where: { id: { in: [run.id, again.id] } }, select: { id: true, scenarioVersion: { select: { version: true } } } });
    expect(Object.fromEntries(versions.map((r) => [r.id, r.scenarioVersion.version]))).toEqual({ [run.id]: 1, [again.id]: 2 });
    expect((await listWorkspaceScenarios(db)).find((s) => s.scenarioId === "played")?.runCount).toBe(2);
    expect((await getScenarioWorkspace(db, "played")).versions.map((v) => [v.version, v.runCount])).toEqual([
      [2, 1],
      [1, 1],
    ]);
  });

  it("keeps built-in scenarios read-only and duplicates them to edit", async () => {
    const builtIn = await getScenarioWorkspace(db, "billing-error");
    const yaml = builtIn.latest.yaml;
    await expectAppError(saveScenarioVersion(db, { scenarioId: "billing-error", baseVersion: 1, yaml: `${yaml}\n# edited`, userId: trainer.id }), "forbidden");
    await expectAppError(publishScenarioVersion(db, { scenarioId: "billing-error", version: 1 }), "forbidden");
    await expectAppError(unpublishScenario(db, { scenarioId: "billing-error" }), "forbidden");

    const copy = await duplicateScenario(db, { sourceId: "billing-error", userId: trainer.id });
    expect(copy).toEqual({ scenarioId: "billing-error-copy", version: 1, problemCount: 0, created: true });
    const copied = await getScenarioVersion(db, "billing-error-copy", 1);
    const loaded = loadScenario(copied.yaml);
    expect(loaded.ok && loaded.scenario.id).toBe("billing-error-copy");
    expect(copied.yaml.split("\n").length).toBe(yaml.split("\n").length);
    expect(copied.published).toBe(false);
    expect((await duplicateScenario(db, { sourceId: "billing-error", userId: trainer.id })).scenarioId).toBe("billing-error-copy-2");
    // The copy is the trainer's own: it saves.
    await saveScenarioVersion(db, { scenarioId: "billing-error-copy", baseVersion: 1, yaml: `${copied.yaml}# edited\n`, userId: trainer.id });
    await expectAppError(duplicateScenario(db, { sourceId: "nope", userId: trainer.id }), "not-found");
  });

  it("finds free ids for new scenarios", async () => {
    expect(await findFreeScenarioId(db, "brand-new")).toBe("brand-new");
    expect(await findFreeScenarioId(db, "versions")).toBe("versions-2");
  });

  it("refuses more than 1 MB", async () => {
    await expectAppError(saveScenarioVersion(db, { scenarioId: "mine", baseVersion: 1, yaml: `id: mine\n#${"x".repeat(1024 * 1024)}`, userId: trainer.id }), "bad-request");
  });
});

describe("withScenarioId", () => {
  it("changes only the top-level id line and keeps its comment", () => {
    expect(withScenarioId("# c\nid: old   # the id\nnodes:\n  - id: old\n", "new")).toBe("# c\nid: new   # the id\nnodes:\n  - id: old\n");
    expect(withScenarioId("{ id: x }", "y")).toBeNull();
  });
});
