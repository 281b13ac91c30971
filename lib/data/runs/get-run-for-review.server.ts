import "server-only";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";
import { reviewableRunWhere } from "./find-reviewable-run.server";
import { reportOfRun } from "./report-of-run.server";

/** A run of a trainee in one of the manager's teams, replayed (as getRunReport does), with its coaching note. */
export async function getRunForReview(db: Db, managerId: string, runId: string) {
  const run = await db.run.findFirst({
    where: reviewableRunWhere(managerId, runId),
    include: {
      turns: { orderBy: { index: "asc" } },
      scenarioVersion: true,
      user: { select: { id: true, name: true, teamId: true } },
      coachingNote: { include: { author: { select: { name: true } } } },
    },
  });
  if (!run) throw notFound("run");
  return { run, ...(await reportOfRun(db, run)) };
}
