import "server-only";
import type { Db } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import { AppError, notFound } from "../../errors";
import { createScenario } from "./create-scenario.server";
import { findFreeScenarioId } from "./find-free-scenario-id.server";
import type { SavedVersion } from "./save-scenario-version.server";

/** The YAML with its top-level `id:` line set to `id` (comments and layout kept). */
export function withScenarioId(yaml: string, id: string): string | null {
  const re = /^id:[ \t]*[^\n#]*?([ \t]*#[^\n]*)?$/m;
  if (!re.test(yaml)) return null;
  return yaml.replace(re, (_all, comment: string | undefined) => `id: ${id}${comment ?? ""}`);
}

/**
 * A new authored scenario from the latest version of another (built-in ones are read-only, so
 * this is how a trainer edits one): `<id>-copy`, `<id>-copy-2`, … as a draft version 1.
 */
export async function duplicateScenario(db: Db, options: { sourceId: string; userId: string }): Promise<SavedVersion> {
  const latest = await db.scenarioVersion.findFirst({ where: { scenarioId: options.sourceId }, orderBy: { version: "desc" }, select: { yaml: true } });
  if (!latest) throw notFound("scenario");
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = await findFreeScenarioId(db, `${options.sourceId}-copy`);
    const yaml = withScenarioId(latest.yaml, id);
    if (yaml === null) throw new AppError("bad-request", "this scenario has no top-level `id:` line to change; copy its text into a new scenario instead");
    try {
      return await createScenario(db, { yaml, userId: options.userId });
    } catch (err) {
      // Someone took the same copy id a moment ago: pick the next one.
      if (err instanceof AppError && err.code === "conflict") continue;
      if (isUniqueViolation(err)) continue;
      throw err;
    }
  }
  throw new AppError("conflict", "could not pick a free id for the copy; try again");
}
