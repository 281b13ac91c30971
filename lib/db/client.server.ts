import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { env, isPostgres, postgresConnection } from "../env.server";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";

/**
 * The two generated clients have the same model API (they come from one schema); the
 * SQLite client's type stands for both.
 */
export type Db = SqliteClient;

// On globalThis: Next bundles this module more than once (instrumentation and routes), and the
// client made by one copy is used by the others through db().
const globalProviders = globalThis as unknown as { __steadyProviders?: WeakMap<Db, "sqlite" | "postgresql"> };
const providers = (globalProviders.__steadyProviders ??= new WeakMap());

export function createDb(url: string): Db {
  if (isPostgres(url)) {
    const { connectionString, schema } = postgresConnection(url);
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString }, schema ? { schema } : undefined) }) as unknown as Db;
    providers.set(client, "postgresql");
    return client;
  }
  const client = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }) });
  providers.set(client, "sqlite");
  return client;
}

/** Which database a client made by createDb talks to. */
export function providerOf(db: Db): "sqlite" | "postgresql" {
  const provider = providers.get(db);
  if (!provider) throw new Error("providerOf: this client was not made by createDb");
  return provider;
}

const globalForDb = globalThis as unknown as { __steadyDb?: Db };

/** One client per process (kept on globalThis so dev reloads do not open new pools). */
export function db(): Db {
  globalForDb.__steadyDb ??= createDb(env().DATABASE_URL);
  return globalForDb.__steadyDb;
}

/** Disconnects and forgets the process's client, so the next `db()` reads `DATABASE_URL` again (see `forgetEnv`). */
export async function closeDb(): Promise<void> {
  const client = globalForDb.__steadyDb;
  globalForDb.__steadyDb = undefined;
  await client?.$disconnect();
}
