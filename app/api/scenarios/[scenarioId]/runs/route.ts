import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session.server";
import { startCall } from "@/lib/data/runs/start-call.server";
import { db } from "@/lib/db/client.server";
import { jsonRoute, methodNotAllowed, parseParam, readJson } from "@/lib/http/route.server";

const StartBody = z.strictObject({ fresh: z.boolean().optional() });

/**
 * `POST /api/scenarios/{id}/runs` (public JSON API; body `{ "fresh"?: boolean }`): starts a call on
 * the latest published version, or resumes the one in progress unless `fresh`. 201 `{ runId,
 * resumed: false }` for a new call, 200 `{ runId, resumed: true }` for a resumed one. The page's
 * Start button calls the same `startCall`.
 */
export const POST = jsonRoute(async (request, ctx: { params: Promise<{ scenarioId: string }> }) => {
  const user = await requireApiUser(request);
  const scenarioId = parseParam((await ctx.params).scenarioId, "scenario");
  const body = request.headers.get("content-length") === "0" ? {} : await readJson(request, StartBody);
  const result = await startCall(db(), user.id, scenarioId, { fresh: body.fresh ?? false });
  return Response.json(result, { status: result.resumed ? 200 : 201 });
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
