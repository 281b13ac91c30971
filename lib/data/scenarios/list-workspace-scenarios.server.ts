import "server-only";
import type { Db } from "../../db/client.server";

export interface WorkspaceScenario {
  scenarioId: string;
  builtIn: boolean;
  title: string;
  difficulty: string;
  latestVersion: number;
  latestProblemCount: number;
  /** The version the library shows, if any. */
  publishedVersion: number | null;
  lastEditor: string | null;
  lastSavedAt: Date;
  runCount: number;
}

/** Every scenario with its latest version, published version, last editor and runs on any version. */
export async function listWorkspaceScenarios(db: Db): Promise<WorkspaceScenario[]> {
  const [scenarios, published, runs] = await Promise.all([
    db.scenario.findMany({
      orderBy: [{ builtIn: "desc" }, { id: "asc" }],
      select: {
        id: true,
        builtIn: true,
        versions: {
          orderBy: { version: "desc" },
          take: 1,
          select: { version: true, title: true, difficulty: true, problemCount: true, createdAt: true, createdBy: { select: { name: true } } },
        },
      },
    }),
    db.scenarioVersion.findMany({ where: { published: true }, select: { scenarioId: true, version: true } }),
    db.run.groupBy({ by: ["scenarioVersionId"], where: { status: { not: "abandoned" } }, _count: { _all: true } }),
  ]);
  const versionIds = runs.map((r) => r.scenarioVersionId);
  const versionScenario = new Map(
    (await db.scenarioVersion.findMany({ where: { id: { in: versionIds } }, select: { id: true, scenarioId: true } })).map((v) => [v.id, v.scenarioId]),
  );
  const runCount = new Map<string, number>();
  for (const r of runs) {
    const id = versionScenario.get(r.scenarioVersionId);
    if (id) runCount.set(id, (runCount.get(id) ?? 0) + r._count._all);
  }
  const publishedVersion = new Map<string, number>();
  for (const p of published) publishedVersion.set(p.scenarioId, Math.max(publishedVersion.get(p.scenarioId) ?? 0, p.version));

  return scenarios.flatMap((s) => {
    const latest = s.versions[0];
    if (!latest) return [];
    return [
      {
        scenarioId: s.id,
        builtIn: s.builtIn,
        title: latest.title,
        difficulty: latest.difficulty,
        latestVersion: latest.version,
        latestProblemCount: latest.problemCount,
        publishedVersion: publishedVersion.get(s.id) ?? null,
        lastEditor: latest.createdBy?.name ?? null,
        lastSavedAt: latest.createdAt,
        runCount: runCount.get(s.id) ?? 0,
      },
    ];
  });
}
