import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { createDb, type Db } from "../db/client.server";
import { migrate } from "../db/migrate.server";

/** The PostgreSQL the data-layer tests use; `npm test` makes sure it runs (e2e/ensure-test-services.sh). */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://steady:steady@127.0.0.1:5432/steady_test";

export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** A migrated, empty database of each kind: a new SQLite file, or the test PostgreSQL wiped clean. */
export async function freshDatabase(provider: Provider): Promise<{ db: Db; url: string }> {
  let url: string;
  if (provider === "sqlite") {
    url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "steady-db-")), "test.db")}`;
  } else {
    url = TEST_POSTGRES_URL;
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
    } catch (err) {
      throw new Error(`cannot reach the test PostgreSQL at ${url} (${(err as Error).message}); run \`sh e2e/ensure-test-services.sh\` as root, or set TEST_POSTGRES_URL`);
    }
    await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    await client.end();
  }
  await migrate(url);
  return { db: createDb(url), url };
}

let userCounter = 0;
export async function createTestUser(db: Db, role: "trainee" | "trainer" | "manager" = "trainee", teamId: string | null = null) {
  userCounter++;
  return db.user.create({
    data: { id: `user-${userCounter}-${Date.now()}`, name: `Test ${role} ${userCounter}`, email: `${role}${userCounter}-${Date.now()}@test.local`, role, teamId },
  });
}
