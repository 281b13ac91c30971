import "server-only";
import type { Db } from "../../db/client.server";

/** Id and title of each published scenario (its newest published version), by title. */
export async function findPublishedScenarioTitles(db: Db): Promise<{ scenarioId: string; title: string }[]> {
  const versions = await db.scenarioVersion.findMany({
    where: { published: true },
    orderBy: [{ scenarioId: "asc" }, { version: "desc" }],
    select: { scenarioId: true, title: true },
  });
  const seen = new Map<string, string>();
  for (const v of versions) if (!seen.has(v.scenarioId)) seen.set(v.scenarioId, v.title);
  return [...seen].map(([scenarioId, title]) => ({ scenarioId, title })).sort((a, b) => a.title.localeCompare(b.title, "en"));
}
