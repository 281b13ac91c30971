import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// For generating the PostgreSQL client and writing PostgreSQL migration SQL only.
const connectionString = process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : "postgresql://localhost:5432/steady";

export default defineConfig({
  // Relative to this file.
  schema: "schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaPg({ connectionString }),
});
