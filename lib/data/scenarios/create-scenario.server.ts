import "server-only";
import type { Db } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import { AppError } from "../../errors";
import { checkYaml } from "./checked-yaml.server";
import type { SavedVersion } from "./save-scenario-version.server";

/**
 * A new authored scenario from YAML (the template, an imported file, a duplicate), saved as
 * its version 1 (a draft). Its id is the YAML's `id`, which must be readable and not taken.
 */
export async function createScenario(db: Db, options: { yaml: string; userId: string }): Promise<SavedVersion> {
  const checked = await checkYaml(options.yaml, "new-scenario.yaml");
  const id = checked.yamlId;
  if (!id) throw new AppError("bad-request", "give the scenario an `id:` (lower-case letters, digits, - and _) before saving it");
  try {
    await db.$transaction(async (tx) => {
      await tx.scenario.create({ data: { id, builtIn: false } });
      await tx.scenarioVersion.create({
        data: {
          scenarioId: id,
          version: 1,
          yaml: options.yaml,
          contentHash: checked.contentHash,
          title: checked.title,
          difficulty: checked.difficulty,
          brief: checked.brief,
          problemCount: checked.problemCount,
          published: false,
          createdById: options.userId,
        },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", `a scenario with id ${id} already exists: choose another id`, { scenarioId: id });
    throw err;
  }
  return { scenarioId: id, version: 1, problemCount: checked.problemCount, created: true };
}
