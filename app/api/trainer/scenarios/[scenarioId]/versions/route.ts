import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session.server";
import { scheduleScenarioAnalysis } from "@/lib/data/scenario-analyses/analyze-scenario-version.server";
import { withinSaveLimit } from "@/lib/data/scenarios/within-save-limit.server";
import { saveScenarioVersion } from "@/lib/data/scenarios/save-scenario-version.server";
import { db } from "@/lib/db/client.server";
import { jsonRoute, methodNotAllowed, parseParam } from "@/lib/http/route.server";
import { readScenarioJson, Yaml } from "@/app/api/trainer/_lib/body.server";

const SaveBody = z.strictObject({ baseVersion: z.number().int().min(0).max(1e9), yaml: Yaml });

/** Saves a new version on top of `baseVersion` (409 with the latest version if someone saved since; 429 over the save limit). */
export const POST = jsonRoute(async (request, ctx: { params: Promise<{ scenarioId: string }> }) => {
  const user = await requireApiUser(request, ["trainer"]);
  const scenarioId = parseParam((await ctx.params).scenarioId, "scenario");
  const body = await readScenarioJson(request, SaveBody);
  const saved = await withinSaveLimit(db(), user.id, () =>
    saveScenarioVersion(db(), { scenarioId, baseVersion: body.baseVersion, yaml: body.yaml, userId: user.id }),
  );
  // The debrief's search starts now, in the background, so publishing rarely waits for it.
  if (saved.created && saved.problemCount === 0) scheduleScenarioAnalysis(db(), saved);
  return Response.json(saved, { status: saved.created ? 201 : 200 });
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
