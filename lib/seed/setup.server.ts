import "server-only";
import { env } from "../env.server";
import { db } from "../db/client.server";
import { migrate } from "../db/migrate.server";
import { applyDemoMode } from "./demo-mode.server";
import { seedDemoTeam } from "./demo-team.server";
import { rescoreRuns } from "../data/runs/rescore-runs.server";
import { seedBuiltinScenarios, seedDemoAccounts } from "./seed.server";

/**
 * Makes the database ready: creates it (SQLite), applies pending migrations, saves the
 * built-in scenarios, and in demo mode the demo team and accounts, and the demo team's
 * simulated trainees and runs (lib/seed/demo-team.server.ts); out of demo mode, demo accounts
 * a previous start made are turned off. Safe to run on every start and from several servers at once.
 */
export async function setupDatabase(log: (line: string) => void = console.log): Promise<void> {
  const e = env();
  const started = Date.now();
  log(`[steady] database: ${e.DATABASE_URL.startsWith("file:") ? e.DATABASE_URL : "PostgreSQL"}`);
  const applied = await migrate(e.DATABASE_URL);
  log(applied.length ? `[steady] applied migrations: ${applied.join(", ")}` : "[steady] migrations up to date");
  await seedBuiltinScenarios(db(), (l) => log(`[steady]${l}`));
  // After a rubric change, stored scores are brought up to date before anyone reads them.
  await rescoreRuns(db(), { log: (l) => log(`[steady]${l}`) });
  await applyDemoMode(db(), e.DEMO_MODE, (l) => log(`[steady]${l}`));
  if (e.DEMO_MODE) {
    const created = await seedDemoAccounts(db(), (l) => log(`[steady]${l}`));
    if (created) log(`[steady] demo mode: ${created} demo account(s) created`);
    await seedDemoTeam(db(), (l) => log(`[steady]${l}`));
  }
  log(`[steady] database ready in ${Date.now() - started} ms`);
}
