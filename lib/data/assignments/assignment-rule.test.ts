import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.server";
import { createTestUser, freshDatabase, PROVIDERS } from "../../testing/db";
import { syncBuiltinScenarios } from "../scenarios/sync-builtin-scenarios.server";
import { meetsAssignment } from "./assignment-rule.server";
import { findTeamAssignments } from "./find-team-assignments.server";

const ASSIGNED_AT = Date.parse("2026-11-01T00:00:00Z");
const HOUR = 3_600_000;

/** A run and the assignment it may or may not meet, around the edges of the rule. */
const pair = fc.record({
  status: fc.constantFrom("completed", "completed", "completed", "in_progress"),
  criticalErrors: fc.constantFrom("", "", "", "overpromise", "hostility,ended-on-customer"),
  passMark: fc.integer({ min: 1, max: 99 }),
  /** The score relative to the pass mark: mostly at its edge, where a rule that drifted would differ. */
  overallDelta: fc.oneof({ arbitrary: fc.constantFrom(-1, 0, 1), weight: 4 }, fc.integer({ min: -40, max: 40 }), fc.constant(null)),
  completedOffsetHours: fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -48, max: 48 }), fc.constant(null)),
});

describe.each(PROVIDERS)("'assignment done' on %s: the SQL and the TypeScript are one rule", (provider) => {
  let db: Db;
  let versionId: string;
  let manager: { id: string };
  let teamCount = 0;
  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    await syncBuiltinScenarios(db);
    versionId = (await db.scenarioVersion.findFirstOrThrow({ where: { scenarioId: "billing-error", published: true } })).id;
    manager = await createTestUser(db, "manager");
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("findTeamAssignments counts a trainee done exactly when meetsAssignment says so", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pair, { minLength: 16, maxLength: 16 }), async (pairs) => {
        const teamId = `rule-${provider}-${++teamCount}`;
        await db.team.create({ data: { id: teamId, name: teamId } });
        const expected = new Map<string, boolean>();
        for (const p of pairs) {
          const trainee = await createTestUser(db, "trainee", teamId);
          const assignment = await db.assignment.create({
            data: { teamId, userId: trainee.id, scenarioId: "billing-error", dueAt: new Date(ASSIGNED_AT + 72 * HOUR), passMark: p.passMark, createdById: manager.id, createdAt: new Date(ASSIGNED_AT) },
          });
          const completedAt = p.completedOffsetHours === null ? null : new Date(ASSIGNED_AT + p.completedOffsetHours * HOUR);
          const overall = p.overallDelta === null ? null : Math.min(100, Math.max(0, p.passMark + p.overallDelta));
          const run = { status: p.status, criticalErrors: p.criticalErrors, overall, completedAt };
          await db.run.create({
            data: { userId: trainee.id, scenarioVersionId: versionId, ...run, angerStart: 50, angerEnd: 50, trustStart: 50, trustEnd: 50, startedAt: new Date(ASSIGNED_AT - 96 * HOUR) },
          });
          expected.set(assignment.id, meetsAssignment(run, assignment));
        }
        const rows = await findTeamAssignments(db, teamId);
        expect(rows.length).toBe(pairs.length);
        for (const row of rows) {
          expect(row.targets).toBe(1);
          expect(row.done === 1).toBe(expected.get(row.id));
        }
      }),
      { numRuns: 5, seed: 9 },
    );
  });
});
