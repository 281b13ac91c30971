import "server-only";
import type { Db } from "../../db/client.server";

export interface TurnCommentView {
  id: string;
  turnIndex: number;
  authorId: string;
  author: string;
  body: string;
  createdAt: Date;
}

/** A run's comments on its turns, oldest first. Callers check that the reader may see the run. */
export async function listTurnComments(db: Db, runId: string): Promise<TurnCommentView[]> {
  const rows = await db.turnComment.findMany({
    where: { runId },
    orderBy: [{ turnIndex: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    include: { author: { select: { name: true } } },
  });
  return rows.map((r) => ({ id: r.id, turnIndex: r.turnIndex, authorId: r.authorId, author: r.author.name, body: r.body, createdAt: r.createdAt }));
}
