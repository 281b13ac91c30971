/**
 * `npm run bench:reset`: does a password-reset request take as long for an address with an
 * account as for one without? Better Auth's endpoint with our hooks (createAuth, email on, sent
 * nowhere), in this process, on a fresh SQLite file and on the test PostgreSQL: ROUNDS requests
 * for known and unknown addresses, alternating, each from an address and for an email of its own
 * (so no limit is reached). Figure: the median of each, and their difference. Target: under 5 ms,
 * the noise of a busy machine and well within the jitter of any network path; before the guard
 * answered ahead of the lookup, a known address took 20–80 ms longer here (it writes a token).
 */
import { pathToFileURL } from "node:url";
import { createAuth } from "../auth/auth.server";
import { signInLimits } from "../auth/sign-in-guard.server";
import { PEER_IP_HEADER, resolveClientIp } from "../http/client-ip.server";
import { freshDatabase, PROVIDERS, type Provider } from "../testing/db";

const ROUNDS = 200;
/** Both sides do the same work before answering; what remains is noise (a busy 2-core machine's: a few ms). */
const TARGET_MS = 5;

export interface ResetTimingFigure {
  provider: Provider;
  knownMedianMs: number;
  unknownMedianMs: number;
  differenceMs: number;
  ok: boolean;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export async function measureResetTiming(provider: Provider): Promise<ResetTimingFigure> {
  const { db } = await freshDatabase(provider);
  try {
    const auth = createAuth({
      db,
      secret: "reset-timing-bench-secret-0123456789abcdef",
      baseURL: "http://localhost:3000",
      limits: signInLimits(),
      clientIp: (headers) => resolveClientIp(headers, { trustPeerHeader: true, forwardedHeader: "x-forwarded-for", trustedProxies: [] }),
      passwordReset: { appUrl: "https://steady.example.com" },
      testing: { password: { hash: async (p) => p, verify: async ({ hash, password }) => hash === password } },
    });
    for (let i = 0; i < ROUNDS; i++) {
      await db.user.create({
        data: {
          id: `known-${i}`,
          email: `known-${i}@bench.test`,
          name: `Known ${i}`,
          emailVerified: true,
          roles: { create: { role: "trainee" } },
        },
      });
    }
    const ask = async (email: string, n: number) => {
      const request = new Request("http://localhost:3000/api/auth/request-password-reset", {
        method: "POST",
        headers: { "content-type": "application/json", [PEER_IP_HEADER]: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
        body: JSON.stringify({ email }),
      });
      const started = performance.now();
      const response = await auth.handler(request);
      const ms = performance.now() - started;
      if (response.status !== 200) throw new Error(`reset request answered ${response.status}: ${await response.text()}`);
      return ms;
    };
    // Warm-up: the first requests load code and prepare statements.
    for (let i = 0; i < 10; i++) await ask(`warm-${i}@bench.test`, 60_000 + i);
    await ask("known-0@bench.test", 60_100);
    await db.mailJob.deleteMany();
    await db.signInLock.deleteMany();
    const known: number[] = [];
    const unknown: number[] = [];
    const askKnown = async (i: number) => {
      known.push(await ask(`known-${i}@bench.test`, 2 * i));
      // The lookup, token and email run after the answer: let them finish before the next request is timed.
      while (!(await db.mailJob.count({ where: { userId: `known-${i}` } }))) await new Promise((r) => setTimeout(r, 2));
    };
    const askUnknown = async (i: number) => {
      unknown.push(await ask(`nobody-${i}@bench.test`, 2 * i + 1));
      await new Promise((r) => setTimeout(r, 60)); // as long as its background lookup
    };
    // Alternating which goes first, so neither side always follows the other's background work.
    for (let i = 0; i < ROUNDS; i++) {
      if (i % 2) {
        await askKnown(i);
        await askUnknown(i);
      } else {
        await askUnknown(i);
        await askKnown(i);
      }
    }
    const knownMedianMs = median(known);
    const unknownMedianMs = median(unknown);
    const differenceMs = Math.abs(knownMedianMs - unknownMedianMs);
    return { provider, knownMedianMs, unknownMedianMs, differenceMs, ok: differenceMs < TARGET_MS };
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  let failed = false;
  for (const provider of PROVIDERS) {
    const f = await measureResetTiming(provider);
    failed ||= !f.ok;
    console.log(
      `reset request, ${provider}: known address median ${f.knownMedianMs.toFixed(2)} ms, unknown ${f.unknownMedianMs.toFixed(2)} ms, difference ${f.differenceMs.toFixed(2)} ms (target < ${TARGET_MS} ms) ${f.ok ? "ok" : "MISSED"}`,
    );
  }
  process.exit(failed ? 1 : 0);
}
