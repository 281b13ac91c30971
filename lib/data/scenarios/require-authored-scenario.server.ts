import "server-only";
import type { Db } from "../../db/client.server";
import { AppError, notFound } from "../../errors";

/** Built-in scenarios come from `scenarios/` and are read-only in the workspace. */
export async function requireAuthoredScenario(db: Pick<Db, "scenario">, scenarioId: string) {
  const scenario = await db.scenario.findUnique({ where: { id: scenarioId }, select: { builtIn: true } });
  if (!scenario) throw notFound("scenario");
  if (scenario.builtIn) throw new AppError("forbidden", "built-in scenarios are published from the scenarios/ folder and are read-only here: duplicate it to edit a copy");
}
