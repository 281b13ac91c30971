import "server-only";
import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default("file:./data/steady.db")
    .refine((url) => url.startsWith("file:") || url.startsWith("postgresql://") || url.startsWith("postgres://"), {
      message: "use file:./path/to.db for SQLite or postgresql://user:pass@host/db for PostgreSQL",
    }),
  /** Demo accounts are seeded and their credentials shown on the sign-in page. */
  DEMO_MODE: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  /** Signs session cookies. Generated and kept beside the SQLite file when unset; required with PostgreSQL. */
  BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** The app's public URL, e.g. https://steady.example.com. */
  BETTER_AUTH_URL: z.string().url().optional(),
  /** The header that carries the client's IP (set by your proxy), for the sign-in rate limit. */
  CLIENT_IP_HEADER: z.string().min(1).default("x-forwarded-for"),
  /** Comma-separated proxy IPs/CIDRs that append to CLIENT_IP_HEADER, e.g. "10.0.0.5,10.0.1.0/24". */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(",")
            .map((p) => p.trim())
            .filter(Boolean)
        : [],
    ),
  /** How many scenario versions one trainer may save in a minute (issue 11). */
  SCENARIO_SAVES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Time budget (ms) for checking or compiling a submitted scenario in a worker thread. */
  SCENARIO_CHECK_TIME_LIMIT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Time budget (ms) for a version's better-option search, in a background worker thread. */
  ANALYSIS_TIME_LIMIT_MS: z.coerce.number().int().min(100).max(3_600_000).default(120_000),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | null = null;

/** Parsed once; a bad value stops the server with a readable list of what is wrong. */
export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

export function isPostgres(url: string): boolean {
  return url.startsWith("postgresql://") || url.startsWith("postgres://");
}

/** `file:./data/steady.db` → `./data/steady.db` */
export function sqlitePath(url: string): string {
  return url.replace(/^file:/, "");
}

/**
 * A PostgreSQL URL's `?schema=` (Prisma's convention) split off: node-postgres does not know
 * the parameter, so it becomes a search_path for the connection, and Prisma gets it apart.
 */
export function postgresConnection(url: string): { connectionString: string; schema?: string } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? undefined;
  if (!schema) return { connectionString: url };
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new Error(`DATABASE_URL: schema "${schema}" is not a plain identifier`);
  parsed.searchParams.delete("schema");
  parsed.searchParams.set("options", `-c search_path=${schema}`);
  return { connectionString: parsed.toString(), schema };
}
