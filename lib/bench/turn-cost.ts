/**
 * `npm run bench:turn-cost`: where a turn's server time goes, in process (no HTTP, no Next):
 * the session lookup, the turn itself (run query, replay, save) and its parts, each timed over
 * many turns played one after another on a fresh SQLite database. CPU figures, not latency:
 * they compare two versions of the code fairly even on a busy machine.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "steady-turn-cost-"));
Object.assign(process.env, {
  DATABASE_URL: `file:${resolve(dir, "bench.db")}`,
  DEMO_MODE: "false",
  BETTER_AUTH_SECRET: "turn-cost-bench-secret-turn-cost-bench",
  NODE_ENV: "production",
});

async function main() {
  const { setupDatabase } = await import("../seed/setup.server");
  const { createPasswordUser, hashPassword } = await import("../auth/accounts.server");
  const { auth } = await import("../auth/auth.server");
  const { requestSessionUser } = await import("../auth/request-session.server");
  const { db } = await import("../db/client.server");
  const { startCall } = await import("../data/runs/start-call.server");
  const { submitTurn } = await import("../data/runs/submit-turn.server");
  const { offeredInOrder } = await import("../call/call-view");
  const { replay } = await import("../customer/replay");
  const { compiledScenario } = await import("../data/scenarios/compiled-scenario.server");

  await setupDatabase(() => {});
  await createPasswordUser({ email: "cost@bench.test", name: "Cost", roles: ["trainee"] }, await hashPassword("cost-bench-password"));
  const signed = await auth().api.signInEmail({ body: { email: "cost@bench.test", password: "cost-bench-password" }, returnHeaders: true });
  const cookie = signed.headers.get("set-cookie")!.split(";")[0]!;
  const headers = new Headers({ cookie });
  // What requireApiUser does (lib/auth/session.server.ts, which imports next/navigation and so cannot run here).
  const getSessionUser = (h: Headers) => requestSessionUser(db(), auth(), h);
  const user = (await getSessionUser(headers))!;

  const versions = await db().scenarioVersion.findMany({ where: { published: true }, select: { id: true, yaml: true, scenarioId: true } });
  const scenarios = versions.map((v) => compiledScenario(v));

  const n = Number(process.env.TURNS ?? 2000);
  const cpu = { session: 0, turn: 0, start: 0 };
  const wall = { session: 0, turn: 0, start: 0 };
  const measure = async <T>(what: keyof typeof cpu, fn: () => Promise<T>): Promise<T> => {
    const c = process.cpuUsage();
    const t = performance.now();
    const value = await fn();
    wall[what] += performance.now() - t;
    const d = process.cpuUsage(c);
    cpu[what] += (d.user + d.system) / 1000;
    return value;
  };
  let turns = 0;
  let starts = 0;
  let seed = 1;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
  while (turns < n) {
    const scenario = scenarios[Math.floor(random() * scenarios.length)]!;
    const { runId } = await measure("start", () => startCall(db(), user.id, scenario.id, { fresh: true }));
    starts++;
    const played: string[] = [];
    for (let i = 0; i < 40 && turns < n; i++) {
      const state = replay(scenario, played);
      const offered = offeredInOrder(scenario, runId, state.node, state);
      if (!offered.length) break;
      const option = 1 + Math.floor(random() * offered.length);
      await measure("session", () => getSessionUser(headers));
      const result = await measure("turn", () => submitTurn(db(), { runId, userId: user.id, index: i, option }));
      played.push(offered[option - 1]!);
      turns++;
      if (result.turn.status === "completed") break;
    }
  }
  const row = (name: string, total: number, count: number) => `${name.padEnd(32)} ${(total / count).toFixed(3).padStart(8)} ms`;
  console.log(`${turns} turns, ${starts} starts, one at a time (fresh SQLite database in ${dir})`);
  console.log("CPU per operation:");
  console.log(row("  session lookup (requireApiUser)", cpu.session, turns));
  console.log(row("  turn (submitTurn)", cpu.turn, turns));
  console.log(row("  start (startCall)", cpu.start, starts));
  console.log("Wall time per operation:");
  console.log(row("  session lookup", wall.session, turns));
  console.log(row("  turn", wall.turn, turns));
  console.log(row("  start", wall.start, starts));
  await db().$disconnect();
}

void main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
