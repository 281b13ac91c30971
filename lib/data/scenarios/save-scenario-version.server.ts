import "server-only";
import type { Db } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import { AppError } from "../../errors";
import { checkYaml } from "./checked-yaml.server";
import { requireAuthoredScenario } from "./require-authored-scenario.server";

export interface SaveScenarioVersionOptions {
  scenarioId: string;
  /** The version the trainer's text started from; the save is refused if someone saved since. */
  baseVersion: number;
  yaml: string;
  userId: string;
}

export interface SavedVersion {
  scenarioId: string;
  version: number;
  problemCount: number;
  /** false when this exact text was already saved as the latest version (a resent save). */
  created: boolean;
}

/** The 409 a trainer gets when someone else saved first; the client keeps its text. */
export function versionConflict(scenarioId: string, latestVersion: number) {
  return new AppError(
    "conflict",
    `someone saved version ${latestVersion} of ${scenarioId} while you were editing; your text is kept here: copy what you need, then reload to see their version`,
    { latestVersion },
  );
}

/**
 * Saves a new version of an authored scenario; never changes a saved one. The YAML is checked
 * again here (problem count stored; a draft with problems saves but cannot be published).
 */
export async function saveScenarioVersion(db: Db, options: SaveScenarioVersionOptions): Promise<SavedVersion> {
  const { scenarioId, baseVersion, yaml, userId } = options;
  const checked = await checkYaml(yaml, `${scenarioId}.yaml`);
  if (checked.yamlId !== null && checked.yamlId !== scenarioId) {
    throw new AppError(
      "bad-request",
      `this text has \`id: ${checked.yamlId}\` but you are editing ${scenarioId}: change the id back to ${scenarioId}, or save it as a new scenario`,
      { yamlId: checked.yamlId },
    );
  }
  try {
    return await db.$transaction(async (tx) => {
      await requireAuthoredScenario(tx, scenarioId);
      const latest = await tx.scenarioVersion.findFirst({
        where: { scenarioId },
        orderBy: { version: "desc" },
        select: { version: true, contentHash: true, createdById: true, problemCount: true },
      });
      const latestVersion = latest?.version ?? 0;
      // A resent save (the first one went through but its answer was lost) is not a conflict.
      const resent = latest && latest.contentHash === checked.contentHash && latest.createdById === userId && baseVersion === latestVersion - 1;
      if (latest && (resent || (baseVersion === latestVersion && latest.contentHash === checked.contentHash))) {
        return { scenarioId, version: latest.version, problemCount: latest.problemCount, created: false };
      }
      if (baseVersion !== latestVersion) throw versionConflict(scenarioId, latestVersion);
      const created = await tx.scenarioVersion.create({
        data: {
          scenarioId,
          version: latestVersion + 1,
          yaml,
          contentHash: checked.contentHash,
          title: checked.title,
          difficulty: checked.difficulty,
          brief: checked.brief,
          problemCount: checked.problemCount,
          published: false,
          createdById: userId,
        },
        select: { version: true },
      });
      return { scenarioId, version: created.version, problemCount: checked.problemCount, created: true };
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Two saves on the same base at the same moment: the other one got the version number.
    const latest = await db.scenarioVersion.findFirst({ where: { scenarioId }, orderBy: { version: "desc" }, select: { version: true } });
    throw versionConflict(scenarioId, latest?.version ?? baseVersion + 1);
  }
}
