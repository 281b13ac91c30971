import "server-only";
import type { Db } from "../../db/client.server";
import { AppError, notFound } from "../../errors";
import { reviewableRunWhere } from "../runs/find-reviewable-run.server";

export const MAX_TURN_COMMENT_LENGTH = 2000;

/**
 * A manager's comment on turn `turnIndex` (0-based) of a finished call of a trainee in one of
 * their teams. Several comments per turn are allowed; the trainee reads them on that turn of
 * their debrief.
 */
export async function addTurnComment(db: Db, managerId: string, runId: string, turnIndex: number, body: string) {
  const text = body.replace(/\r\n/g, "\n").trim();
  if (!text) throw new AppError("bad-request", "write a comment before saving it");
  if (text.length > MAX_TURN_COMMENT_LENGTH) {
    throw new AppError("bad-request", `keep the comment under ${MAX_TURN_COMMENT_LENGTH} characters (it has ${text.length})`);
  }
  const run = await db.run.findFirst({ where: reviewableRunWhere(managerId, runId), select: { id: true, status: true, turnCount: true } });
  if (!run) throw notFound("run");
  if (run.status !== "completed") throw new AppError("conflict", "this call is still in progress; comment on its turns once it has ended");
  if (!Number.isInteger(turnIndex) || turnIndex < 0 || turnIndex >= run.turnCount) {
    throw new AppError("bad-request", `choose a turn from 1 to ${run.turnCount}`);
  }
  return db.turnComment.create({ data: { runId, turnIndex, authorId: managerId, body: text } });
}
