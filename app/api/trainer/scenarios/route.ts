import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session.server";
import { scheduleScenarioAnalysis } from "@/lib/data/scenario-analyses/analyze-scenario-version.server";
import { withinSaveLimit } from "@/lib/data/scenarios/within-save-limit.server";
import { createScenario } from "@/lib/data/scenarios/create-scenario.server";
import { duplicateScenario } from "@/lib/data/scenarios/duplicate-scenario.server";
import { db } from "@/lib/db/client.server";
import { IdParam, jsonRoute, methodNotAllowed } from "@/lib/http/route.server";
import { readScenarioJson, Yaml } from "@/app/api/trainer/_lib/body.server";

const CreateBody = z.union([z.strictObject({ yaml: Yaml }), z.strictObject({ duplicateOf: IdParam })]);

/** A new authored scenario: from YAML (template or import), or a copy of another scenario (within the save limit). */
export const POST = jsonRoute(async (request) => {
  const user = await requireApiUser(request, ["trainer"]);
  const body = await readScenarioJson(request, CreateBody);
  const saved = await withinSaveLimit(db(), user.id, () =>
    "yaml" in body
      ? createScenario(db(), { yaml: body.yaml, userId: user.id })
      : duplicateScenario(db(), { sourceId: body.duplicateOf, userId: user.id }),
  );
  // The debrief's search starts now, in the background, so publishing rarely waits for it.
  if (saved.problemCount === 0) scheduleScenarioAnalysis(db(), saved);
  return Response.json(saved, { status: 201 });
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
