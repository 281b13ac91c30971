import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env, isPostgres, sqlitePath } from "../env.server";

/**
 * The secret that signs session cookies. From BETTER_AUTH_SECRET; with the embedded SQLite
 * default and no variable set, one is generated on first start and kept beside the database
 * file, so sessions survive restarts. Several servers on PostgreSQL must share one: set it.
 */
export function authSecret(): string {
  const e = env();
  if (e.BETTER_AUTH_SECRET) return e.BETTER_AUTH_SECRET;
  if (isPostgres(e.DATABASE_URL)) {
    throw new Error(
      "Invalid environment:\n  BETTER_AUTH_SECRET: required with PostgreSQL (every app server must share it); use at least 32 random characters",
    );
  }
  const file = path.join(path.dirname(path.resolve(sqlitePath(e.DATABASE_URL))), ".auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}
