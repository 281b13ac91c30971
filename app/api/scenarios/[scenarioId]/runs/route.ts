import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session.server";
import { startCall } from "@/lib/data/runs/start-call.server";
import { db } from "@/lib/db/client.server";
import { AppError } from "@/lib/errors";
import { jsonRoute, methodNotAllowed, parseParam, readJson } from "@/lib/http/route.server";

const StartBody = z.strictObject({ fresh: z.boolean().optional() });
const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_:-]{1,100}$/);

/**
 * `POST /api/scenarios/{id}/runs` (public JSON API; body `{ "fresh"?: boolean }`): starts a call on
 * the latest published version, or resumes the one in progress unless `fresh`. 201 `{ runId,
 * resumed: false }` for a new call, 200 `{ runId, resumed: true }` for a resumed one. `fresh` starts
 * over (the call in progress is marked abandoned). An `Idempotency-Key` header makes a repeated
 * request return the call the first one started. The page's Start button calls the same `startCall`.
 */
export const POST = jsonRoute(async (request, ctx: { params: Promise<{ scenarioId: string }> }) => {
  const user = await requireApiUser(request);
  const scenarioId = parseParam((await ctx.params).scenarioId, "scenario");
  const body = request.headers.get("content-length") === "0" ? {} : await readJson(request, StartBody);
  const key = request.headers.get("idempotency-key");
  if (key !== null && !IdempotencyKey.safeParse(key).success)
    throw new AppError("bad-request", "Idempotency-Key is 1 to 100 letters, digits, '-', '_' or ':'");
  const result = await startCall(db(), user.id, scenarioId, { fresh: body.fresh ?? false, ...(key ? { key } : {}) });
  return Response.json(result, { status: result.resumed ? 200 : 201 });
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
