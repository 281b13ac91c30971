import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { Role } from "../auth/roles";
import { createDb, type Db } from "../db/client.server";
import { migrate } from "../db/migrate.server";

/** The PostgreSQL the data-layer tests use; `npm test` makes sure it runs (e2e/ensure-test-services.sh). */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://steady:steady@127.0.0.1:5432/steady_test";

export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** A migrated, empty database of each kind: a new SQLite file, or the test PostgreSQL wiped clean. */
let schemaCounter = 0;

/** Test schemas are named after the process that made them; those of processes gone are dropped. */
async function dropSchemasOfEndedRuns(client: pg.Client) {
  const { rows } = await client.query<{ name: string }>(`SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'test\\_%'`);
  for (const { name } of rows) {
    const pid = Number(name.split("_")[1]);
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function freshDatabase(provider: Provider): Promise<{ db: Db; url: string }> {
  let url: string;
  if (provider === "sqlite") {
    url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "steady-db-")), "test.db")}`;
  } else {
    // A schema of its own per call, so test files running in parallel never share tables.
    const schema = `test_${process.pid}_${++schemaCounter}`;
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    try {
      await client.connect();
    } catch (err) {
      throw new Error(
        `cannot reach the test PostgreSQL at ${TEST_POSTGRES_URL} (${(err as Error).message}); run \`sh e2e/ensure-test-services.sh\` as root, or set TEST_POSTGRES_URL`,
      );
    }
    if (schemaCounter === 1) await dropSchemasOfEndedRuns(client);
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"`);
    await client.end();
    const u = new URL(TEST_POSTGRES_URL);
    u.searchParams.set("schema", schema);
    url = u.toString();
  }
  await migrate(url);
  return { db: createDb(url), url };
}

let userCounter = 0;
/** A user holding `role` (or several: "trainer,manager" style arrays) in `teamId`. */
export async function createTestUser(db: Db, role: Role | Role[] = "trainee", teamId: string | null = null) {
  userCounter++;
  const roles = Array.isArray(role) ? role : [role];
  const label = roles.join("-");
  return db.user.create({
    data: {
      id: `user-${userCounter}-${Date.now()}`,
      name: `Test ${label} ${userCounter}`,
      email: `${label}${userCounter}-${Date.now()}@test.local`,
      teamId,
      roles: { create: roles.map((r) => ({ role: r })) },
    },
  });
}
