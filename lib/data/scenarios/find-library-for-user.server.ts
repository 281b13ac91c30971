import "server-only";
import type { Db } from "../../db/client.server";

export interface LibraryEntry {
  scenarioId: string;
  versionId: string;
  version: number;
  title: string;
  brief: string;
  difficulty: string;
  builtIn: boolean;
  attempts: number;
  best: number | null;
  passed: boolean;
  inProgressRunId: string | null;
}

/** Published scenarios (latest version of each) with this user's attempts, best score and pass. */
export async function findLibraryForUser(db: Db, userId: string): Promise<LibraryEntry[]> {
  const versions = await db.scenarioVersion.findMany({
    where: { published: true },
    orderBy: [{ scenarioId: "asc" }, { version: "desc" }],
    select: { id: true, scenarioId: true, version: true, title: true, brief: true, difficulty: true, scenario: { select: { builtIn: true } } },
  });
  const latest = new Map<string, (typeof versions)[number]>();
  for (const v of versions) if (!latest.has(v.scenarioId)) latest.set(v.scenarioId, v);

  const runs = await db.run.findMany({
    where: { userId },
    select: { id: true, status: true, overall: true, passed: true, startedAt: true, scenarioVersion: { select: { scenarioId: true } } },
    orderBy: { startedAt: "desc" },
  });
  const stats = new Map<string, { attempts: number; best: number | null; passed: boolean; inProgress: string | null }>();
  for (const r of runs) {
    const id = r.scenarioVersion.scenarioId;
    const s = stats.get(id) ?? { attempts: 0, best: null, passed: false, inProgress: null };
    if (r.status === "completed") {
      s.attempts++;
      s.best = Math.max(s.best ?? 0, r.overall ?? 0);
      s.passed ||= r.passed === true;
    } else if (r.status === "in_progress" && !s.inProgress) {
      s.inProgress = r.id;
    }
    stats.set(id, s);
  }

  return [...latest.values()].map((v) => {
    const s = stats.get(v.scenarioId);
    return {
      scenarioId: v.scenarioId,
      versionId: v.id,
      version: v.version,
      title: v.title,
      brief: v.brief,
      difficulty: v.difficulty,
      builtIn: v.scenario.builtIn,
      attempts: s?.attempts ?? 0,
      best: s?.best ?? null,
      passed: s?.passed ?? false,
      inProgressRunId: s?.inProgress ?? null,
    };
  });
}
