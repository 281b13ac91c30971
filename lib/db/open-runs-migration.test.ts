import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { readMigrations } from "./migrate.server";

/**
 * Migration 0006 on a database from before it: duplicate calls in progress (left by the old
 * start) become abandoned except the newest, which is marked open; finished calls are untouched.
 */
describe("migration 0006_open_runs", () => {
  it("keeps the newest call in progress per trainee and scenario open and abandons the others", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "steady-mig-")), "old.db");
    const db = new Database(file);
    const migrations = readMigrations("sqlite");
    const at = migrations.findIndex((m) => m.name === "0006_open_runs");
    expect(at).toBeGreaterThan(0);
    for (const m of migrations.slice(0, at)) db.exec(m.sql);

    const now = "2026-11-30T10:00:00.000Z";
    db.exec(`INSERT INTO "user" ("id","name","email","updatedAt") VALUES ('u1','A','a@x.test','${now}'), ('u2','B','b@x.test','${now}')`);
    db.exec(`INSERT INTO "Scenario" ("id") VALUES ('s1'), ('s2')`);
    for (const [id, scenario] of [
      ["v1", "s1"],
      ["v2", "s1"],
      ["v3", "s2"],
    ] as const)
      db.exec(
        `INSERT INTO "ScenarioVersion" ("id","scenarioId","version","yaml","contentHash","title","difficulty","brief") VALUES ('${id}','${scenario}',${id.slice(1)},'','h','T','easy','b')`,
      );
    const run = (id: string, user: string, version: string, status: string, startedAt: string) =>
      db.exec(
        `INSERT INTO "Run" ("id","userId","scenarioVersionId","status","angerStart","angerEnd","trustStart","trustEnd","startedAt","updatedAt") VALUES ('${id}','${user}','${version}','${status}',50,50,20,20,'${startedAt}','${now}')`,
      );
    run("old", "u1", "v1", "in_progress", "2026-11-30T09:00:00.000Z");
    run("older-version-newer", "u1", "v2", "in_progress", "2026-11-30T09:30:00.000Z");
    run("done", "u1", "v1", "completed", "2026-11-30T09:45:00.000Z");
    run("other-scenario", "u1", "v3", "in_progress", "2026-11-30T08:00:00.000Z");
    run("other-user", "u2", "v1", "in_progress", "2026-11-30T08:00:00.000Z");

    db.exec(migrations[at]!.sql);
    const rows = db.prepare(`SELECT "id", "status", "openFor" FROM "Run" ORDER BY "id"`).all();
    expect(rows).toEqual([
      { id: "done", status: "completed", openFor: null },
      { id: "old", status: "abandoned", openFor: null },
      { id: "older-version-newer", status: "in_progress", openFor: "u1:s1" },
      { id: "other-scenario", status: "in_progress", openFor: "u1:s2" },
      { id: "other-user", status: "in_progress", openFor: "u2:s1" },
    ]);
    // The index now refuses a second call in progress for the same trainee and scenario.
    expect(() => db.exec(`UPDATE "Run" SET "openFor" = 'u1:s1' WHERE "id" = 'other-scenario'`)).toThrow(/UNIQUE/);
    db.close();
  });
});
