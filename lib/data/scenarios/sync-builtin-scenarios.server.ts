import "server-only";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import { formatProblem, loadScenario } from "../../scenario/load";
import type { Scenario } from "../../scenario/model";

export interface SyncResult {
  added: string[];
  unchanged: string[];
  failed: string[];
}

/**
 * Saves each `scenarios/*.yaml` as a published built-in scenario. A file whose text changed
 * becomes a new version; earlier versions (and the runs on them) are kept.
 */
export async function syncBuiltinScenarios(db: Db, dir = path.join(/*turbopackIgnore: true*/ process.cwd(), "scenarios")): Promise<SyncResult> {
  const result: SyncResult = { added: [], unchanged: [], failed: [] };
  const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();
  for (const file of files) {
    const yaml = readFileSync(path.join(/*turbopackIgnore: true*/ dir, file), "utf8");
    const loaded = loadScenario(yaml, `scenarios/${file}`);
    if (!loaded.ok) {
      result.failed.push(...loaded.problems.map(formatProblem));
      continue;
    }
    const s = loaded.scenario;
    const contentHash = createHash("sha256").update(yaml).digest("hex");
    try {
      await saveVersion(db, s, yaml, contentHash, result);
    } catch (err) {
      // Another server starting at the same moment saved the same version first.
      if (isUniqueViolation(err)) result.unchanged.push(s.id);
      else throw err;
    }
  }
  return result;
}

async function saveVersion(db: Db, s: Scenario, yaml: string, contentHash: string, result: SyncResult) {
  await db.$transaction(async (tx) => {
    const existing = await tx.scenario.findUnique({ where: { id: s.id }, select: { builtIn: true } });
    if (existing && !existing.builtIn) {
      // A trainer's scenario already has this id: never publish the file over their work.
      result.failed.push(`scenarios/${s.id}.yaml: the id \`${s.id}\` belongs to a scenario written in the workspace; give the file another id`);
      return;
    }
    await tx.scenario.upsert({ where: { id: s.id }, create: { id: s.id, builtIn: true }, update: {} });
    const latest = await tx.scenarioVersion.findFirst({ where: { scenarioId: s.id }, orderBy: { version: "desc" } });
    if (latest?.contentHash === contentHash) {
      result.unchanged.push(s.id);
      return;
    }
    await tx.scenarioVersion.create({
      data: {
        scenarioId: s.id,
        version: (latest?.version ?? 0) + 1,
        yaml,
        contentHash,
        title: s.title,
        difficulty: s.difficulty,
        brief: s.brief,
        published: true,
      },
    });
    result.added.push(s.id);
  });
}
