import "server-only";
import type { Db } from "../../db/client.server";

/** The note on a run, for its trainee's debrief. */
export async function findCoachingNote(db: Db, runId: string) {
  return db.coachingNote.findUnique({ where: { runId }, include: { author: { select: { name: true } } } });
}
