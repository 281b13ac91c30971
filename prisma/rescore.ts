/**
 * `npm run rescore`: re-scores stored runs that an older rubric scored (the server also does
 * this on start). Uses DATABASE_URL like the server.
 */
import { rescoreRuns } from "../lib/data/runs/rescore-runs.server";
import { RUBRIC_VERSION } from "../lib/scoring/rules";
import { db } from "../lib/db/client.server";
import { migrate } from "../lib/db/migrate.server";
import { env } from "../lib/env.server";

await migrate(env().DATABASE_URL);
const result = await rescoreRuns(db(), { log: (line) => console.log(`[rescore]${line}`) });
console.log(
  `[rescore] ${result.rescored} run(s) re-scored; every run is on rubric ${RUBRIC_VERSION}${result.failed.length ? `; ${result.failed.length} failed` : ""}`,
);
await db().$disconnect();
process.exit(result.failed.length ? 1 : 0);
