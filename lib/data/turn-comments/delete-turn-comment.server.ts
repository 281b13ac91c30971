import "server-only";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";
import { reviewableRunWhere } from "../runs/find-reviewable-run.server";

/** Deletes a comment its author wrote on a run they may still review; anyone else's is "not found". */
export async function deleteTurnComment(db: Db, managerId: string, runId: string, commentId: string): Promise<void> {
  const run = await db.run.findFirst({ where: reviewableRunWhere(managerId, runId), select: { id: true } });
  if (!run) throw notFound("comment");
  const { count } = await db.turnComment.deleteMany({ where: { id: commentId, runId, authorId: managerId } });
  if (count === 0) throw notFound("comment");
}
