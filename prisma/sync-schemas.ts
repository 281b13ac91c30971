/**
 * `npm run db:schemas`: writes prisma/postgresql/schema.prisma from prisma/schema.prisma.
 * Prisma needs a literal provider per schema, and the two clients are generated apart.
 */
import { readFileSync, writeFileSync } from "node:fs";

export function postgresSchema(sqlite: string): string {
  return sqlite
    .replace(
      /^\/\/ The SQLite schema[\s\S]*?edit this one only\.\n/m,
      "// GENERATED from prisma/schema.prisma by `npm run db:schemas`. Do not edit.\n",
    )
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output       = "../lib/db/generated/sqlite"', 'output       = "../../lib/db/generated/postgresql"');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync("prisma/postgresql/schema.prisma", postgresSchema(readFileSync("prisma/schema.prisma", "utf8")));
  console.log("wrote prisma/postgresql/schema.prisma");
}
