import "server-only";
import type { Db } from "../../db/client.server";

export async function findRunsForUser(db: Db, userId: string) {
  return db.run.findMany({
    where: { userId },
    orderBy: { startedAt: "desc" },
    include: { scenarioVersion: { select: { scenarioId: true, title: true, version: true } }, coachingNote: { select: { id: true } } },
    take: 200,
  });
}
