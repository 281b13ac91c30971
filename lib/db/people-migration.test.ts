import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { TEST_POSTGRES_URL } from "../testing/db";
import { readMigrations } from "./migrate.server";

/**
 * Migration 0007 on a database from before it, with people, a manager's team, runs and notes: each
 * person keeps the one role they had (now a UserRole row), and nothing else is lost.
 */
const MIGRATION = "0007_people";
const NOW = "2026-11-30T10:00:00.000Z";

/** The same rows on either database, in SQL both accept. */
const BEFORE = [
  `INSERT INTO "Team" ("id", "name") VALUES ('t1', 'Riverside')`,
  `INSERT INTO "user" ("id","name","email","updatedAt","role","teamId") VALUES
     ('u1','Ana','ana@x.test','${NOW}','trainee','t1'),
     ('u2','Ben','ben@x.test','${NOW}','manager','t1'),
     ('u3','Cy','cy@x.test','${NOW}','trainer',NULL),
     ('u4','Di','di@x.test','${NOW}','something-old',NULL)`,
  `INSERT INTO "TeamManager" ("teamId","userId") VALUES ('t1','u2')`,
  `INSERT INTO "Scenario" ("id") VALUES ('s1')`,
  `INSERT INTO "ScenarioVersion" ("id","scenarioId","version","yaml","contentHash","title","difficulty","brief") VALUES ('v1','s1',1,'','h','T','easy','b')`,
  `INSERT INTO "Run" ("id","userId","scenarioVersionId","status","angerStart","angerEnd","trustStart","trustEnd","startedAt","updatedAt","overall") VALUES ('r1','u1','v1','completed',50,20,20,60,'${NOW}','${NOW}',81)`,
  `INSERT INTO "CoachingNote" ("id","runId","authorId","body","updatedAt") VALUES ('n1','r1','u2','Good call','${NOW}')`,
  `INSERT INTO "session" ("id","expiresAt","token","updatedAt","userId") VALUES ('se1','2099-01-01T00:00:00.000Z','tok','${NOW}','u1')`,
];

const AFTER = {
  roles: [
    { userId: "u1", role: "trainee" },
    { userId: "u2", role: "manager" },
    { userId: "u3", role: "trainer" },
    { userId: "u4", role: "trainee" },
  ],
};

describe(`migration ${MIGRATION}`, () => {
  it("gives each person of an existing SQLite database the role they had, and keeps their runs, notes, teams and sessions", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "steady-mig-")), "old.db");
    const db = new Database(file);
    const migrations = readMigrations("sqlite");
    const at = migrations.findIndex((m) => m.name === MIGRATION);
    expect(at).toBeGreaterThan(0);
    for (const m of migrations.slice(0, at)) db.exec(m.sql);
    for (const sql of BEFORE) db.exec(sql);

    // As the runner applies it (lib/db/migrate.server.ts): foreign keys off, one transaction.
    db.pragma("foreign_keys = OFF");
    db.transaction(() => db.exec(migrations[at]!.sql)).immediate();
    db.pragma("foreign_keys = ON");
    expect(db.pragma("foreign_key_check")).toEqual([]);

    expect(db.prepare(`SELECT "userId", "role" FROM "UserRole" ORDER BY "userId"`).all()).toEqual(AFTER.roles);
    const columns = (db.prepare(`PRAGMA table_info("user")`).all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain("role");
    expect(columns).toEqual(expect.arrayContaining(["erasedAt", "deactivatedAt", "teamId"]));
    expect(db.prepare(`SELECT "id", "teamId" FROM "user" ORDER BY "id"`).all()).toEqual([
      { id: "u1", teamId: "t1" },
      { id: "u2", teamId: "t1" },
      { id: "u3", teamId: null },
      { id: "u4", teamId: null },
    ]);
    expect(db.prepare(`SELECT "id", "userId", "overall" FROM "Run"`).all()).toEqual([{ id: "r1", userId: "u1", overall: 81 }]);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM "CoachingNote"`).get()).toEqual({ n: 1 });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM "session"`).get()).toEqual({ n: 1 });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM "TeamManager"`).get()).toEqual({ n: 1 });
    // A person's role is held once; deleting the person deletes their roles.
    expect(() => db.exec(`INSERT INTO "UserRole" ("userId","role") VALUES ('u1','trainee')`)).toThrow(/UNIQUE/);
    db.exec(`DELETE FROM "session"; DELETE FROM "user" WHERE "id" = 'u3'`);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM "UserRole" WHERE "userId" = 'u3'`).get()).toEqual({ n: 0 });
    db.close();
  });

  it("does the same on PostgreSQL", async () => {
    const schema = `test_${process.pid}_mig0007`;
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"`);
      const migrations = readMigrations("postgresql");
      const at = migrations.findIndex((m) => m.name === MIGRATION);
      for (const m of migrations.slice(0, at)) await client.query(m.sql);
      for (const sql of BEFORE) await client.query(sql);
      await client.query(`BEGIN; ${migrations[at]!.sql}; COMMIT;`);

      expect((await client.query(`SELECT "userId", "role" FROM "UserRole" ORDER BY "userId"`)).rows).toEqual(AFTER.roles);
      const columns = (
        await client.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'user'`, [schema])
      ).rows.map((r: { column_name: string }) => r.column_name);
      expect(columns).not.toContain("role");
      expect(columns).toEqual(expect.arrayContaining(["erasedAt", "deactivatedAt", "teamId"]));
      expect((await client.query(`SELECT "id", "userId", "overall" FROM "Run"`)).rows).toEqual([{ id: "r1", userId: "u1", overall: 81 }]);
      expect((await client.query(`SELECT COUNT(*)::int AS n FROM "CoachingNote"`)).rows).toEqual([{ n: 1 }]);
      await expect(client.query(`INSERT INTO "UserRole" ("userId","role") VALUES ('u1','trainee')`)).rejects.toThrow(/duplicate key/);
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await client.end();
    }
  }, 60_000);
});
