import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session.server";
import { publishScenarioVersion } from "@/lib/data/scenarios/publish-scenario-version.server";
import { unpublishScenario } from "@/lib/data/scenarios/unpublish-scenario.server";
import { db } from "@/lib/db/client.server";
import { jsonRoute, methodNotAllowed, parseParam, readJson } from "@/lib/http/route.server";

const PublishBody = z.strictObject({ version: z.number().int().min(1).max(1e9) });

type Ctx = { params: Promise<{ scenarioId: string }> };

/** Publishes one version (the library shows it; every other version of the scenario is unpublished). */
export const PUT = jsonRoute(async (request, ctx: Ctx) => {
  await requireApiUser(request, ["trainer"]);
  const scenarioId = parseParam((await ctx.params).scenarioId, "scenario");
  const body = await readJson(request, PublishBody);
  return Response.json(await publishScenarioVersion(db(), { scenarioId, version: body.version }));
});

/** Takes the scenario out of the library. */
export const DELETE = jsonRoute(async (request, ctx: Ctx) => {
  await requireApiUser(request, ["trainer"]);
  const scenarioId = parseParam((await ctx.params).scenarioId, "scenario");
  return Response.json(await unpublishScenario(db(), { scenarioId }));
});

export const GET = methodNotAllowed("PUT, DELETE");
export const POST = methodNotAllowed("PUT, DELETE");
export const PATCH = methodNotAllowed("PUT, DELETE");
