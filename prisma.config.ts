import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

// The CLI is only used to generate the clients and to write migration SQL (`migrate diff`);
// migrations are applied by lib/db/migrate.server.ts for both SQLite and PostgreSQL.
const url = process.env.DATABASE_URL ?? "file:./data/steady.db";

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaBetterSQLite3({ url }),
});
