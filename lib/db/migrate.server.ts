import "server-only";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { isPostgres, postgresConnection, sqlitePath } from "../env.server";

/**
 * Applies prisma/migrations/<provider>/<name>/migration.sql in name order, one transaction
 * per file, recording each in `_steady_migrations`. One runner for both databases: Prisma's
 * own `migrate deploy` fails on PostgreSQL under the JS engine (prisma/orm#27403).
 */

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(
  provider: "sqlite" | "postgresql",
  root = path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations"),
): Migration[] {
  const dir = path.join(/*turbopackIgnore: true*/ root, provider);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(/*turbopackIgnore: true*/ dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function checkUnchanged(applied: Map<string, string>, migrations: Migration[]) {
  for (const m of migrations) {
    const checksum = applied.get(m.name);
    if (checksum && checksum !== m.checksum) {
      throw new Error(`migration ${m.name} was edited after it was applied; add a new migration instead`);
    }
  }
}

const TABLE = `CREATE TABLE IF NOT EXISTS "_steady_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`;

/** Returns the names of the migrations it applied. */
export async function migrate(url: string): Promise<string[]> {
  return isPostgres(url) ? migratePostgres(url) : migrateSqlite(url);
}

function migrateSqlite(url: string): string[] {
  const file = sqlitePath(url);
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { timeout: 10_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.exec(TABLE);
    const migrations = readMigrations("sqlite");
    const done: string[] = [];
    // BEGIN IMMEDIATE takes the write lock first, so two servers starting at once queue up.
    const applyAll = db.transaction(() => {
      const applied = new Map(
        (db.prepare(`SELECT "name", "checksum" FROM "_steady_migrations"`).all() as { name: string; checksum: string }[]).map((r) => [
          r.name,
          r.checksum,
        ]),
      );
      checkUnchanged(applied, migrations);
      for (const m of migrations) {
        if (applied.has(m.name)) continue;
        db.exec(m.sql);
        db.prepare(`INSERT INTO "_steady_migrations" ("name", "checksum", "appliedAt") VALUES (?, ?, ?)`).run(
          m.name,
          m.checksum,
          new Date().toISOString(),
        );
        done.push(m.name);
      }
    });
    // Prisma's SQLite migrations rebuild tables (DROP + CREATE); with foreign keys on, that
    // would cascade-delete child rows. The pragma only takes effect outside a transaction.
    db.pragma("foreign_keys = OFF");
    applyAll.immediate();
    const broken = db.pragma("foreign_key_check") as unknown[];
    db.pragma("foreign_keys = ON");
    if (broken.length)
      throw new Error(`migrations left ${broken.length} rows with broken references; restore the backup and fix the migration`);
    return done;
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string): Promise<string[]> {
  const { connectionString, schema } = postgresConnection(url);
  const client = new pg.Client({ connectionString });
  await client.connect();
  if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const LOCK = 727_070_1;
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK]);
    await client.query(TABLE);
    const migrations = readMigrations("postgresql");
    const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT "name", "checksum" FROM "_steady_migrations"`);
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    checkUnchanged(applied, migrations);
    const done: string[] = [];
    for (const m of migrations) {
      if (applied.has(m.name)) continue;
      try {
        await client.query("BEGIN");
        await client.query(m.sql);
        await client.query(`INSERT INTO "_steady_migrations" ("name", "checksum", "appliedAt") VALUES ($1, $2, $3)`, [
          m.name,
          m.checksum,
          new Date().toISOString(),
        ]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
      }
      done.push(m.name);
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK]).catch(() => undefined);
    await client.end();
  }
}
