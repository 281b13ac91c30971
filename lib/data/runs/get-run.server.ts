import "server-only";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";
import { reportOfRun } from "./report-of-run.server";

/**
 * A run with its version and turns, only for its owner. Another user's run is "not found"
 * (404), so run ids cannot be probed.
 */
export async function getRunForUser(db: Db, runId: string, userId: string) {
  const run = await db.run.findFirst({
    where: { id: runId, userId },
    include: { turns: { orderBy: { index: "asc" } }, scenarioVersion: true },
  });
  if (!run) throw notFound("run");
  return run;
}

/** The owner's run with the server's replay of it (reportOfRun: better options once the call has ended). */
export async function getRunReport(db: Db, runId: string, userId: string) {
  const run = await getRunForUser(db, runId, userId);
  return { run, ...(await reportOfRun(db, run)) };
}
