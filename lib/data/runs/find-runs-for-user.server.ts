import "server-only";
import type { Db } from "../../db/client.server";

export async function findRunsForUser(db: Db, userId: string) {
  return db.run.findMany({
    // A call started over (abandoned) is kept but appears in no history.
    where: { userId, status: { not: "abandoned" } },
    orderBy: { startedAt: "desc" },
    include: { scenarioVersion: { select: { scenarioId: true, title: true, version: true } }, coachingNote: { select: { id: true } } },
    take: 200,
  });
}
