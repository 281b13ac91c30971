import { requireApiUser } from "@/lib/auth/session.server";
import { getScenarioVersion } from "@/lib/data/scenarios/get-scenario-version.server";
import { db } from "@/lib/db/client.server";
import { jsonRoute, methodNotAllowed, parseParam } from "@/lib/http/route.server";
import { parseVersionParam } from "@/app/api/trainer/_lib/body.server";

/** The version's YAML exactly as saved, as a `.yaml` download (`<id>-v<version>.yaml`). */
export const GET = jsonRoute(async (request, ctx: { params: Promise<{ scenarioId: string; version: string }> }) => {
  await requireApiUser(request, ["trainer"]);
  const params = await ctx.params;
  const scenarioId = parseParam(params.scenarioId, "scenario");
  const found = await getScenarioVersion(db(), scenarioId, parseVersionParam(params.version));
  return new Response(found.yaml, {
    headers: {
      "content-type": "text/yaml; charset=utf-8",
      "content-disposition": `attachment; filename="${scenarioId}-v${found.version}.yaml"`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    },
  });
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
