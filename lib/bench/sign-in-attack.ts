/**
 * `npm run bench:sign-in`: the two sign-in figures of issue 11, measured on the production build
 * with a fresh SQLite database (demo mode off):
 *
 * 1. Guessing: 60 wrong passwords for one account over `POST /api/auth/sign-in/email`, each with
 *    a new `X-Forwarded-For` (no proxy is configured, so the header is the client's own claim),
 *    then the right password. Target: the account locks (429) after a handful of failures and the
 *    right password is refused while the lock lasts.
 * 2. A classroom: 50 different trainees sign in correctly from one address within a minute.
 *    Target: all 50 succeed.
 *
 * Run: `npm run build && npm run bench:sign-in`.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { hashPassword } from "better-auth/crypto";
import { createDb } from "../db/client.server";
import { ensureBuild, startServer } from "./load";

export interface SignInAttackFigure {
  name: string;
  value: string;
  target: string;
  ok: boolean;
}

const GUESSES = 60;
const CLASSROOM = 50;
const PASSWORD = "classroom-password-1";

/** POST over plain node:http (no browser headers), as an attacker's script would. */
function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  const text = JSON.stringify(body);
  return new Promise((resolvePost, reject) => {
    const req = httpRequest(
      url,
      { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers } },
      (res) => {
        res.resume();
        res.on("end", () => resolvePost(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(text);
  });
}

function tally(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([status, n]) => `${n} × ${status}`)
    .join(", ");
}

export async function runSignInAttack(log: (line: string) => void = console.log): Promise<SignInAttackFigure[]> {
  ensureBuild(log);
  const dir = mkdtempSync(join(tmpdir(), "steady-sign-in-attack-"));
  const databaseUrl = `file:${resolve(dir, "attack.db")}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    DEMO_MODE: "false",
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
  };
  delete env.BETTER_AUTH_URL;
  delete env.TRUSTED_PROXIES;
  const server = await startServer(dir, env, log);
  const db = createDb(databaseUrl);
  try {
    // Accounts written straight into the database (the server migrated it on start).
    const hash = await hashPassword(PASSWORD);
    const emails = Array.from({ length: CLASSROOM + 1 }, (_, i) => `attack-${i}@bench.test`);
    for (const [i, email] of emails.entries()) {
      const id = `attack-user-${i}`;
      await db.user.create({ data: { id, email, name: `Trainee ${i}`, emailVerified: true, roles: { create: { role: "trainee" } } } });
      await db.account.create({ data: { id: `attack-account-${i}`, accountId: id, providerId: "credential", userId: id, password: hash } });
    }
    const url = `${server.base}/api/auth/sign-in/email`;
    const [target, ...classroom] = emails as [string, ...string[]];

    log(`${GUESSES} wrong passwords for ${target}, a new X-Forwarded-For each…`);
    const guesses: number[] = [];
    for (let i = 0; i < GUESSES; i++) {
      guesses.push(await post(url, { email: target, password: `guess-${i}` }, { "x-forwarded-for": `203.0.113.${i + 1}` }));
    }
    const right = await post(url, { email: target, password: PASSWORD }, { "x-forwarded-for": "198.51.100.200" });
    const wrongAccepted = guesses.filter((s) => s === 401).length;

    log(`${CLASSROOM} trainees sign in from one address…`);
    const started = performance.now();
    const classStatuses = await Promise.all(classroom.map((email) => post(url, { email, password: PASSWORD })));
    const seconds = (performance.now() - started) / 1000;
    const signedIn = classStatuses.filter((s) => s === 200).length;

    return [
      {
        name: `${GUESSES} wrong passwords for one account, a new X-Forwarded-For each, then the right one`,
        value: `guesses: ${tally(guesses)}; right password then: ${right}`,
        target: "at most 10 passwords checked (401), the rest 429; the right password refused (429) while locked",
        ok: wrongAccepted <= 10 && right === 429,
      },
      {
        name: `${CLASSROOM} trainees sign in correctly from one address`,
        value: `${tally(classStatuses)} in ${seconds.toFixed(1)} s`,
        target: `${CLASSROOM} × 200 within a minute`,
        ok: signedIn === CLASSROOM && seconds < 60,
      },
    ];
  } finally {
    await db.$disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runSignInAttack().then(
    (figures) => {
      for (const f of figures) console.log(`${f.ok ? "ok  " : "MISS"} ${f.name}: ${f.value} (target ${f.target})`);
      process.exitCode = figures.every((f) => f.ok) ? 0 : 1;
    },
    (err) => {
      console.error(`sign-in attack failed: ${(err as Error).stack}`);
      process.exitCode = 1;
    },
  );
}
