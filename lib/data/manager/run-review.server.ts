import "server-only";
import type { Db } from "../../db/client.server";
import { AppError, notFound } from "../../errors";
import { scoreRun } from "../../scoring/report";
import { debriefReport } from "../../analysis/debrief";
import { compiledScenario } from "../compiled-scenario.server";

/** A run of a trainee in one of the manager's teams, replayed, with its coaching note. */
export async function getRunForReview(db: Db, managerId: string, runId: string) {
  const run = await db.run.findFirst({
    where: { id: runId, user: { role: "trainee", team: { managers: { some: { userId: managerId } } } } },
    include: {
      turns: { orderBy: { index: "asc" } },
      scenarioVersion: true,
      user: { select: { id: true, name: true, teamId: true } },
      coachingNote: { include: { author: { select: { name: true } } } },
    },
  });
  if (!run) throw notFound("run");
  const scenario = compiledScenario(run.scenarioVersion);
  const report = (run.status === "completed" ? debriefReport : scoreRun)(scenario, run.turns.map((t) => t.choiceId));
  return { run, scenario, report };
}

export const MAX_NOTE_LENGTH = 4000;

/**
 * Saves the manager's coaching note on a run (one per run; a new save replaces the text).
 * An empty note removes it.
 */
export async function saveCoachingNote(db: Db, managerId: string, runId: string, body: string) {
  const text = body.replace(/\r\n/g, "\n").trim();
  if (text.length > MAX_NOTE_LENGTH) throw new AppError("bad-request", `keep the note under ${MAX_NOTE_LENGTH} characters (it has ${text.length})`);
  const { run } = await getRunForReview(db, managerId, runId);
  if (run.status !== "completed") throw new AppError("conflict", "this call is still in progress; add a note once it has ended");
  if (!text) {
    await db.coachingNote.deleteMany({ where: { runId } });
    return null;
  }
  return db.coachingNote.upsert({
    where: { runId },
    create: { runId, authorId: managerId, body: text },
    update: { authorId: managerId, body: text },
  });
}

/** The note on a run, for its trainee's debrief. */
export async function findCoachingNote(db: Db, runId: string) {
  return db.coachingNote.findUnique({ where: { runId }, include: { author: { select: { name: true } } } });
}
