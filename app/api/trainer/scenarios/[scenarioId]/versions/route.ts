import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session.server";
import { saveScenarioVersion } from "@/lib/data/scenarios/save-scenario-version.server";
import { db } from "@/lib/db/client.server";
import { jsonRoute, methodNotAllowed, parseParam } from "@/lib/http/route.server";
import { readScenarioJson, Yaml } from "@/app/api/trainer/_lib/body.server";

const SaveBody = z.strictObject({ baseVersion: z.number().int().min(0).max(1e9), yaml: Yaml });

/** Saves a new version on top of `baseVersion` (409 with the latest version if someone saved since). */
export const POST = jsonRoute(async (request, ctx: { params: Promise<{ scenarioId: string }> }) => {
  const user = await requireApiUser(request, ["trainer"]);
  const scenarioId = parseParam((await ctx.params).scenarioId, "scenario");
  const body = await readScenarioJson(request, SaveBody);
  const saved = await saveScenarioVersion(db(), { scenarioId, baseVersion: body.baseVersion, yaml: body.yaml, userId: user.id });
  return Response.json(saved, { status: saved.created ? 201 : 200 });
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
