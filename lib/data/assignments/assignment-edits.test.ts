import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.server";
import { createTestUser, freshDatabase, PROVIDERS } from "../../testing/db";
import { syncBuiltinScenarios } from "../scenarios/sync-builtin-scenarios.server";
import { createAssignments } from "./create-assignments.server";
import { deleteAssignment } from "./delete-assignment.server";
import { findAssignmentGroups } from "./find-assignment-groups.server";
import { updateAssignment } from "./update-assignment.server";

describe.each(PROVIDERS)("assignment edits on %s", (provider) => {
  let db: Db;
  let manager: { id: string; name: string; email: string };
  let otherManager: { id: string };
  let team: string;
  let versions: Record<string, string>;
  const now = new Date("2026-11-01T12:00:00Z");

  async function addRun(userId: string, scenarioId: string, overall: number, at: string, critical = "") {
    await db.run.create({
      data: {
        userId,
        scenarioVersionId: versions[scenarioId]!,
        status: "completed",
        overall,
        passed: overall >= 70 && !critical,
        criticalErrors: critical,
        angerStart: 80,
        angerEnd: 40,
        trustStart: 20,
        trustEnd: 60,
        completedAt: new Date(at),
      },
    });
  }

  const entries = (action: string) => db.auditEntry.findMany({ where: { action }, orderBy: { at: "asc" } });

  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    await syncBuiltinScenarios(db);
    versions = Object.fromEntries((await db.scenarioVersion.findMany()).map((v) => [v.scenarioId, v.id]));
    team = (await db.team.create({ data: { name: "Edits" } })).id;
    const other = (await db.team.create({ data: { name: "Other" } })).id;
    manager = await createTestUser(db, "manager", team);
    otherManager = await createTestUser(db, "manager", other);
    await db.teamManager.createMany({ data: [{ teamId: team, userId: manager.id }, { teamId: other, userId: otherManager.id }] });
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("groups assignments by scenario with how many of the assigned trainees passed", async () => {
    const a = await createTestUser(db, "trainee", team);
    const b = await createTestUser(db, "trainee", team);
    const c = await createTestUser(db, "trainee", team);
    await createAssignments(db, manager.id, { teamId: team, scenarioIds: ["billing-error"], traineeIds: [], dueDate: "2026-11-10", passMark: 70 }, now);
    await createAssignments(db, manager.id, { teamId: team, scenarioIds: ["billing-error"], traineeIds: [c.id], dueDate: "2026-11-20", passMark: 90 }, now);
    await createAssignments(db, manager.id, { teamId: team, scenarioIds: ["delayed-update"], traineeIds: [a.id, b.id], dueDate: "2026-11-05", passMark: 70 }, now);
    await db.assignment.updateMany({ where: { teamId: team }, data: { createdAt: now } });
    await addRun(a.id, "billing-error", 80, "2026-11-02T10:00:00Z");
    await addRun(b.id, "billing-error", 85, "2026-11-02T10:00:00Z", "overpromise"); // a critical error: not passed
    await addRun(c.id, "billing-error", 80, "2026-11-02T10:00:00Z"); // passes the team's 70, not their own 90
    await addRun(a.id, "delayed-update", 75, "2026-11-03T10:00:00Z");
    await addRun(b.id, "delayed-update", 60, "2026-10-30T10:00:00Z"); // before it was assigned

    const groups = await findAssignmentGroups(db, team);
    expect(groups.map((g) => [g.scenarioId, g.trainees, g.passed, g.assignments.length])).toEqual([
      ["delayed-update", 2, 1, 2],
      ["billing-error", 3, 1, 2],
    ]);
    expect(groups[1]!.assignments.map((x) => [x.trainee?.id ?? null, x.targets, x.done])).toEqual([
      [null, 3, 2],
      [c.id, 1, 0],
    ]);

    // Lowering c's pass mark to 80 completes the scenario for them.
    const own = groups[1]!.assignments[1]!;
    expect(await updateAssignment(db, manager.id, { assignmentId: own.id, dueDate: "2026-11-20", passMark: 80 }, now)).toBe(true);
    expect((await findAssignmentGroups(db, team)).find((g) => g.scenarioId === "billing-error")).toMatchObject({ trainees: 3, passed: 2 });
  });

  it("changes the due date and pass mark, with an audit entry saying from what to what", async () => {
    const t = await createTestUser(db, "trainee", team);
    const [id] = await createAssignments(db, manager.id, { teamId: team, scenarioIds: ["abusive-caller"], traineeIds: [t.id], dueDate: "2026-11-15", passMark: 75 }, now);
    const created = (await entries("assignment.created")).at(-1)!;
    expect(created).toMatchObject({ actorId: manager.id, targetUserId: t.id, targetLabel: `${t.name} <${t.email}>` });
    expect(JSON.parse(created.detail)).toEqual({ scenarios: ["abusive-caller"], due: "2026-11-15", passMark: 75 });

    expect(await updateAssignment(db, manager.id, { assignmentId: id!, dueDate: "2026-11-22", passMark: 80 }, now)).toBe(true);
    const row = await db.assignment.findUniqueOrThrow({ where: { id: id! } });
    expect(row.dueAt.toISOString()).toBe("2026-11-22T23:59:59.999Z");
    expect(row.passMark).toBe(80);
    const changed = (await entries("assignment.changed")).filter((e) => e.targetUserId === t.id);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ actorId: manager.id, actorLabel: `${manager.name} <${manager.email}>` });
    expect(JSON.parse(changed[0]!.detail)).toEqual({ scenario: "abusive-caller", dueFrom: "2026-11-15", dueTo: "2026-11-22", passMarkFrom: 75, passMarkTo: 80 });

    // The same values again: nothing changes and nothing is logged.
    expect(await updateAssignment(db, manager.id, { assignmentId: id!, dueDate: "2026-11-22", passMark: 80 }, now)).toBe(false);
    expect((await entries("assignment.changed")).filter((e) => e.targetUserId === t.id)).toHaveLength(1);

    // Overdue: its past date may stay while the pass mark changes, but a new date must not have passed.
    const later = new Date("2026-11-25T12:00:00Z");
    expect(await updateAssignment(db, manager.id, { assignmentId: id!, dueDate: "2026-11-22", passMark: 60 }, later)).toBe(true);
    expect(JSON.parse((await entries("assignment.changed")).at(-1)!.detail)).toEqual({ scenario: "abusive-caller", passMarkFrom: 80, passMarkTo: 60 });
    await expect(updateAssignment(db, manager.id, { assignmentId: id!, dueDate: "2026-11-24", passMark: 60 }, later)).rejects.toMatchObject({
      code: "bad-request",
      message: expect.stringContaining("already passed"),
    });
    for (const [dueDate, passMark] of [["2026-02-30", 60], ["next week", 60], ["2026-12-01", 101], ["2026-12-01", 7.5], ["2026-12-01", -1]] as const) {
      await expect(updateAssignment(db, manager.id, { assignmentId: id!, dueDate, passMark }, later), `${dueDate} ${passMark}`).rejects.toMatchObject({ code: "bad-request" });
    }
    // Another team's manager cannot see it, let alone change it.
    await expect(updateAssignment(db, otherManager.id, { assignmentId: id!, dueDate: "2026-12-01", passMark: 50 }, later)).rejects.toMatchObject({ code: "not-found" });
    expect((await db.assignment.findUniqueOrThrow({ where: { id: id! } })).passMark).toBe(60);
  });

  it("removes an assignment with an audit entry; another team's manager cannot", async () => {
    const [id] = await createAssignments(db, manager.id, { teamId: team, scenarioIds: ["delayed-update"], traineeIds: [], dueDate: "2026-12-01", passMark: 65 }, now);
    await expect(deleteAssignment(db, otherManager.id, id!)).rejects.toMatchObject({ code: "not-found" });
    const before = (await entries("assignment.removed")).length;
    await deleteAssignment(db, manager.id, id!, now);
    expect(await db.assignment.count({ where: { id: id! } })).toBe(0);
    const removed = await entries("assignment.removed");
    expect(removed).toHaveLength(before + 1);
    expect(removed.at(-1)).toMatchObject({ actorId: manager.id, targetUserId: null, targetLabel: "Edits (whole team)" });
    expect(JSON.parse(removed.at(-1)!.detail)).toEqual({ scenario: "delayed-update", due: "2026-12-01", passMark: 65 });
    // Already gone: a not-found, and no second entry.
    await expect(deleteAssignment(db, manager.id, id!)).rejects.toMatchObject({ code: "not-found" });
    expect(await entries("assignment.removed")).toHaveLength(before + 1);
    await expect(updateAssignment(db, manager.id, { assignmentId: id!, dueDate: "2026-12-02", passMark: 65 }, now)).rejects.toMatchObject({ code: "not-found" });
  });
});
