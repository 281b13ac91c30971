import "server-only";
import { z } from "zod";
import { invalidProxyEntries } from "./http/client-ip.server";

/** A bind address that only this machine can reach. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default("file:./data/steady.db")
    .refine((url) => url.startsWith("file:") || url.startsWith("postgresql://") || url.startsWith("postgres://"), {
      message: "use file:./path/to.db for SQLite or postgresql://user:pass@host/db for PostgreSQL",
    }),
  /**
   * Demo accounts are seeded and usable, and their credentials shown on the sign-in page. Unset, it
   * is on only when the server listens on loopback (HOST); off, existing demo accounts are turned off.
   */
  DEMO_MODE: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true" || v === "1")),
  /** The address server.mjs listens on; unset, every interface (as `next start`). */
  HOST: z.string().min(1).optional(),
  /** Set by server.mjs (not by operators): the peer-address header comes from it. */
  STEADY_PEER_HEADER: z.literal("1").optional(),
  /** How long an account stays locked after too many failed sign-ins. */
  SIGN_IN_LOCK_SECONDS: whole(1, 7 * 24 * 3600).default(15 * 60),
  /** Failed sign-ins allowed from one client address (IPv6: one /64) per 15 minutes, whatever the account. */
  SIGN_IN_IP_MAX_FAILURES: whole(1, 1_000_000).default(100),
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
    )
    .refine((entries) => invalidProxyEntries(entries).length === 0, {
      message: "each entry must be an IP address or a network such as 10.0.1.0/24",
    }),
  /** How many scenario versions one trainer may save in a minute (issue 11). */
  SCENARIO_SAVES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Time budget (ms) for checking or compiling a submitted scenario in a worker thread. */
  SCENARIO_CHECK_TIME_LIMIT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Time budget (ms) for a version's better-option search, in a background worker thread. */
  ANALYSIS_TIME_LIMIT_MS: z.coerce.number().int().min(100).max(3_600_000).default(120_000),
  /** The SMTP server email goes through (smtp://user:pass@host:587, smtps://…:465); unset, nothing is emailed. */
  SMTP_URL: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined))
    .refine((v) => v === undefined || (URL.canParse(v) && /^smtps?:$/.test(new URL(v).protocol) && new URL(v).hostname !== ""), {
      message:
        "use smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465 (TLS); URL-encode special characters in the password",
    }),
  /** The sender of every email, e.g. "Steady <steady@example.com>"; required with SMTP_URL. */
  MAIL_FROM: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined)),
  /** How often each server looks for due reminders and mail to retry (seconds). */
  MAIL_SWEEP_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(60),
});

export type Env = Omit<z.infer<typeof EnvSchema>, "DEMO_MODE"> & { DEMO_MODE: boolean };

let cached: Env | null = null;

/** Parsed once; a bad value stops the server with a readable list of what is wrong. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Forgets the parsed settings: a benchmark that starts several servers in one process changes them between servers. */
export function forgetEnv(): void {
  cached = null;
}

/** The settings in `vars`; throws a readable list of what is wrong. */
export function parseEnv(vars: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(vars);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const { DEMO_MODE, ...rest } = parsed.data;
  const problems = mailProblems(rest);
  if (problems.length) throw new Error(`Invalid environment:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  // Unset, demo mode is on only for a server that nobody else can reach.
  return { ...rest, DEMO_MODE: DEMO_MODE ?? isLoopbackHost(rest.HOST) };
}

/**
 * Email needs a sender, and links in emails need the app's public address from configuration:
 * one taken from a request's Host header would let anyone who asks for a reset choose where its
 * link points (decision D59).
 */
function mailProblems(e: { SMTP_URL?: string; MAIL_FROM?: string; BETTER_AUTH_URL?: string }): string[] {
  if (!e.SMTP_URL) return [];
  const problems: string[] = [];
  if (!e.MAIL_FROM) problems.push('MAIL_FROM: required with SMTP_URL, the sender of every email, e.g. "Steady <steady@example.com>"');
  else if (!/^(?:[^<>@]*<[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+)$/.test(e.MAIL_FROM))
    problems.push('MAIL_FROM: an email address, optionally with a name: "Steady <steady@example.com>"');
  if (!e.BETTER_AUTH_URL)
    problems.push(
      "BETTER_AUTH_URL: required with SMTP_URL, so links in emails point at this app's public address (https://steady.example.com)",
    );
  return problems;
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
