import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session.server";
import { startNewRun, startOrResumeRun } from "@/lib/data/runs.server";
import { db } from "@/lib/db/client.server";
import { jsonRoute, methodNotAllowed, parseParam, readJson } from "@/lib/http/route.server";

const StartBody = z.strictObject({ fresh: z.boolean().optional() });

/** Starts a call on the latest published version (or resumes the one in progress unless `fresh`). */
export const POST = jsonRoute(async (request, ctx: { params: Promise<{ scenarioId: string }> }) => {
  const user = await requireApiUser(request);
  const scenarioId = parseParam((await ctx.params).scenarioId, "scenario");
  const body = request.headers.get("content-length") === "0" ? {} : await readJson(request, StartBody);
  if (body.fresh) {
    const run = await startNewRun(db(), user.id, scenarioId);
    return Response.json({ runId: run.id, resumed: false }, { status: 201 });
  }
  const result = await startOrResumeRun(db(), user.id, scenarioId);
  return Response.json(result, { status: result.resumed ? 200 : 201 });
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
