import "server-only";
import type { Db } from "../../db/client.server";
import type { Weights } from "../../scenario/schema";
import { skillFocus, type SkillFocus } from "../../scoring/skills";
import { loadCompiledScenario } from "./compiled-scenario.server";

export interface VersionFocus {
  focus: SkillFocus;
  weights: Weights;
}

/** Versions never change once saved, so what each one tests is worked out once per process. */
const cache = new Map<string, VersionFocus>();

/**
 * How much each saved version tests each skill (`skillFocus`, from its compiled responses' tags)
 * and its skill weights, by version id. A version that no longer compiles is left out.
 */
export async function findSkillFocus(db: Db, versionIds: readonly string[]): Promise<Map<string, VersionFocus>> {
  const result = new Map<string, VersionFocus>();
  const missing = versionIds.filter((id) => {
    const hit = cache.get(id);
    if (hit) result.set(id, hit);
    return !hit;
  });
  if (missing.length === 0) return result;
  const versions = await db.scenarioVersion.findMany({
    where: { id: { in: missing } },
    select: { id: true, yaml: true, scenarioId: true },
  });
  await Promise.all(
    versions.map(async (v) => {
      try {
        const scenario = await loadCompiledScenario(v);
        const entry = { focus: skillFocus(scenario), weights: scenario.weights };
        cache.set(v.id, entry);
        result.set(v.id, entry);
      } catch {
        // A published version that no longer loads is reported where it is played; here it is simply not recommended.
      }
    }),
  );
  return result;
}
