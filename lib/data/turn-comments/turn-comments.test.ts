import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.server";
import { AppError } from "../../errors";
import { createTestUser, freshDatabase, PROVIDERS } from "../../testing/db";
import { erasePerson } from "../people/erase-person.server";
import { exportPersonData } from "../people/export-person-data.server";
import { syncBuiltinScenarios } from "../scenarios/sync-builtin-scenarios.server";
import { addTurnComment, MAX_TURN_COMMENT_LENGTH } from "./add-turn-comment.server";
import { deleteTurnComment } from "./delete-turn-comment.server";
import { listTurnComments } from "./list-turn-comments.server";

async function expectAppError(promise: Promise<unknown>, code: AppError["code"], message?: RegExp) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (message) expect((err as AppError).message).toMatch(message);
}

describe.each(PROVIDERS)("turn comments on %s", (provider) => {
  let db: Db;
  let versionId: string;
  let team: string;
  let manager: { id: string };
  let otherManager: { id: string };

  async function run(userId: string, status = "completed", turnCount = 4) {
    return db.run.create({
      data: { userId, scenarioVersionId: versionId, status, turnCount, angerStart: 60, angerEnd: 40, trustStart: 20, trustEnd: 50 },
    });
  }

  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    await syncBuiltinScenarios(db);
    versionId = (await db.scenarioVersion.findFirstOrThrow({ where: { scenarioId: "billing-error" } })).id;
    team = (await db.team.create({ data: { name: "Comments" } })).id;
    const other = (await db.team.create({ data: { name: "Elsewhere" } })).id;
    manager = await createTestUser(db, "manager");
    otherManager = await createTestUser(db, "manager");
    await db.teamManager.createMany({ data: [{ teamId: team, userId: manager.id }, { teamId: other, userId: otherManager.id }] });
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("a manager comments on a turn of their trainee's finished call; the comments list by turn, oldest first", async () => {
    const trainee = await createTestUser(db, "trainee", team);
    const r = await run(trainee.id);
    await addTurnComment(db, manager.id, r.id, 2, "  Good question here.\r\nKeep it.  ");
    await addTurnComment(db, manager.id, r.id, 0, "Open slower.");
    await addTurnComment(db, manager.id, r.id, 2, "Then summarise.");
    const list = await listTurnComments(db, r.id);
    expect(list.map((c) => [c.turnIndex, c.body])).toEqual([
      [0, "Open slower."],
      [2, "Good question here.\nKeep it."],
      [2, "Then summarise."],
    ]);
    expect(list[0]).toMatchObject({ authorId: manager.id, author: expect.stringContaining("manager") });
  });

  it("refuses an empty or long comment, a turn the call does not have, a call in progress, and another team's run", async () => {
    const trainee = await createTestUser(db, "trainee", team);
    const r = await run(trainee.id);
    await expectAppError(addTurnComment(db, manager.id, r.id, 0, "   "), "bad-request", /Write a comment/);
    await expectAppError(addTurnComment(db, manager.id, r.id, 0, "x".repeat(MAX_TURN_COMMENT_LENGTH + 1)), "bad-request", /under 2000/);
    await expectAppError(addTurnComment(db, manager.id, r.id, 4, "Past the end"), "bad-request", /from 1 to 4/);
    await expectAppError(addTurnComment(db, manager.id, r.id, -1, "Before the start"), "bad-request");
    const open = await run(trainee.id, "in_progress", 2);
    await expectAppError(addTurnComment(db, manager.id, open.id, 0, "Too soon"), "conflict", /in progress/);
    await expectAppError(addTurnComment(db, otherManager.id, r.id, 0, "Not my team"), "not-found");
    expect(await listTurnComments(db, r.id)).toEqual([]);
  });

  it("only its author deletes a comment", async () => {
    const trainee = await createTestUser(db, "trainee", team);
    const r = await run(trainee.id);
    const c = await addTurnComment(db, manager.id, r.id, 1, "Mine");
    await expectAppError(deleteTurnComment(db, otherManager.id, r.id, c.id), "not-found");
    await deleteTurnComment(db, manager.id, r.id, c.id);
    expect(await listTurnComments(db, r.id)).toEqual([]);
    await expectAppError(deleteTurnComment(db, manager.id, r.id, c.id), "not-found");
  });

  it("a trainee's export carries the comments on their turns; erasing them deletes those comments", async () => {
    const admin = { ...(await createTestUser(db, "admin")), roles: ["admin"] as const };
    const trainee = await createTestUser(db, "trainee", team);
    const r = await run(trainee.id);
    await addTurnComment(db, manager.id, r.id, 3, "Nice close.");
    const exported = await exportPersonData(db, admin, trainee.id);
    expect(exported.runs[0]!.turnComments).toEqual([expect.objectContaining({ turn: 4, body: "Nice close." })]);
    const managerExport = await exportPersonData(db, admin, manager.id);
    expect(managerExport.turnCommentsWritten).toContainEqual(expect.objectContaining({ runId: r.id, turn: 4, body: "Nice close." }));

    expect(await erasePerson(db, admin, trainee.id)).toBe(true);
    expect(await db.turnComment.count({ where: { runId: r.id } })).toBe(0);
    expect(await db.run.count({ where: { id: r.id } })).toBe(1);
  });
});
