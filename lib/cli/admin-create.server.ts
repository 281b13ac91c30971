import "server-only";
import { parseArgs } from "node:util";
import type { Db } from "../db/client.server";
import { AppError } from "../errors";
import { createFirstAdmin, SIGN_IN_LINK_HOURS } from "../data/sign-in-links/create-first-admin.server";

const USAGE = `Usage: npm run admin:create -- --email you@example.com --name "Your Name" [--url https://steady.example.com]

Makes the first administrator of an organisation and prints a one-time sign-in link where they
choose a password. Refused once an administrator exists: they invite everyone else (People).
--url is the app's public address for the link (default: BETTER_AUTH_URL, else http://localhost:PORT).`;

/** The address the printed link starts with. */
export function linkBase(url: string | undefined, env: { BETTER_AUTH_URL?: string; PORT?: string; HOST?: string }): string {
  if (url) return url.replace(/\/+$/, "");
  if (env.BETTER_AUTH_URL) return env.BETTER_AUTH_URL.replace(/\/+$/, "");
  const host = env.HOST && /^[A-Za-z0-9.-]+$/.test(env.HOST) && env.HOST !== "0.0.0.0" ? env.HOST : "localhost";
  return `http://${host}:${env.PORT ?? "3000"}`;
}

/**
 * `npm run admin:create`: returns the exit code (0 made, 1 refused, 2 usage), writing what it did
 * (and the link) to `out`, problems to `err`.
 */
export async function adminCreate(
  argv: string[],
  deps: {
    db: Db;
    env: { BETTER_AUTH_URL?: string; PORT?: string; HOST?: string };
    out: (line: string) => void;
    err: (line: string) => void;
    now?: Date;
  },
): Promise<number> {
  let values: { email?: string; name?: string; url?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { email: { type: "string" }, name: { type: "string" }, url: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    }));
  } catch (e) {
    deps.err(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    deps.out(USAGE);
    return 0;
  }
  if (!values.email || !values.name) {
    deps.err(`Give both --email and --name.\n\n${USAGE}`);
    return 2;
  }
  if (values.url && !/^https?:\/\/[^\s/]+/.test(values.url)) {
    deps.err(`--url: an http(s) address such as https://steady.example.com\n\n${USAGE}`);
    return 2;
  }
  try {
    const made = await createFirstAdmin(
      deps.db,
      { email: values.email, name: values.name },
      { baseUrl: linkBase(values.url, deps.env), now: deps.now },
    );
    deps.out(
      [
        `${made.created ? "Created" : made.wasAdmin ? "A new sign-in link for" : "Gave the admin role to"} ${values.email.trim().toLowerCase()}.`,
        `Open this link within ${SIGN_IN_LINK_HOURS} hours to choose a password and sign in. It works once:`,
        "",
        `  ${made.link}`,
        "",
        "Lost it, or it expired? Run this command again for a new one (until the password is set).",
      ].join("\n"),
    );
    return 0;
  } catch (e) {
    if (e instanceof AppError) {
      deps.err(`Refused: ${e.userMessage}`);
      return 1;
    }
    throw e;
  }
}
