import "server-only";
import type { Db } from "../../db/client.server";
import { AppError, notFound } from "../../errors";
import { findReviewableRun } from "../runs/find-reviewable-run.server";

export const MAX_NOTE_LENGTH = 4000;

/**
 * Saves the manager's coaching note on a run (one per run; a new save replaces the text).
 * An empty note removes it.
 */
export async function saveCoachingNote(db: Db, managerId: string, runId: string, body: string) {
  const text = body.replace(/\r\n/g, "\n").trim();
  if (text.length > MAX_NOTE_LENGTH) throw new AppError("bad-request", `keep the note under ${MAX_NOTE_LENGTH} characters (it has ${text.length})`);
  const run = await findReviewableRun(db, managerId, runId);
  if (!run) throw notFound("run");
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
