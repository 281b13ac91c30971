import "server-only";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";

export interface WorkspaceVersion {
  version: number;
  title: string;
  published: boolean;
  problemCount: number;
  createdAt: Date;
  editor: string | null;
  runCount: number;
}

export interface ScenarioWorkspace {
  scenarioId: string;
  builtIn: boolean;
  /** Newest first. */
  versions: WorkspaceVersion[];
  latest: { version: number; yaml: string };
}

/** A scenario's versions (newest first, with their run counts) and the latest version's YAML. */
export async function getScenarioWorkspace(db: Db, scenarioId: string): Promise<ScenarioWorkspace> {
  const scenario = await db.scenario.findUnique({
    where: { id: scenarioId },
    select: {
      id: true,
      builtIn: true,
      versions: {
        orderBy: { version: "desc" },
        select: { id: true, version: true, title: true, published: true, problemCount: true, createdAt: true, createdBy: { select: { name: true } } },
      },
    },
  });
  const newest = scenario?.versions[0];
  if (!scenario || !newest) throw notFound("scenario");
  const [latest, runs] = await Promise.all([
    db.scenarioVersion.findUniqueOrThrow({ where: { id: newest.id }, select: { version: true, yaml: true } }),
    db.run.groupBy({ by: ["scenarioVersionId"], where: { scenarioVersion: { scenarioId }, status: { not: "abandoned" } }, _count: { _all: true } }),
  ]);
  const runCount = new Map(runs.map((r) => [r.scenarioVersionId, r._count._all]));
  return {
    scenarioId: scenario.id,
    builtIn: scenario.builtIn,
    versions: scenario.versions.map((v) => ({
      version: v.version,
      title: v.title,
      published: v.published,
      problemCount: v.problemCount,
      createdAt: v.createdAt,
      editor: v.createdBy?.name ?? null,
      runCount: runCount.get(v.id) ?? 0,
    })),
    latest,
  };
}
