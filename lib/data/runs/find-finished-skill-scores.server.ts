import "server-only";
import type { Db } from "../../db/client.server";
import type { ScoredCall } from "../../scoring/skills";

/** The skill scores of a user's finished calls, oldest first (what `skillProgress` reads). */
export async function findFinishedSkillScores(db: Db, userId: string): Promise<ScoredCall[]> {
  const runs = await db.run.findMany({
    where: { userId, status: "completed", completedAt: { not: null } },
    orderBy: { completedAt: "asc" },
    select: { completedAt: true, laer: true, reflectiveListening: true, promises: true, professionalism: true },
  });
  return runs.flatMap((r) =>
    r.completedAt !== null && r.laer !== null && r.reflectiveListening !== null && r.promises !== null && r.professionalism !== null
      ? [
          {
            completedAt: r.completedAt,
            laer: r.laer,
            reflectiveListening: r.reflectiveListening,
            promises: r.promises,
            professionalism: r.professionalism,
          },
        ]
      : [],
  );
}
