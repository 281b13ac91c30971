import { requireApiUser } from "@/lib/auth/session.server";
import { getCallView } from "@/lib/data/runs/get-call-view.server";
import { db } from "@/lib/db/client.server";
import { jsonRoute, methodNotAllowed, parseParam } from "@/lib/http/route.server";

/**
 * `GET /api/runs/{id}`: the call as its trainee sees it (`{ runId, status, brief, call }`), with
 * no answer key. The player asks for it when it may be out of step (Back/Forward, a refused turn).
 */
export const GET = jsonRoute(async (request, ctx: { params: Promise<{ runId: string }> }) => {
  const user = await requireApiUser(request);
  const runId = parseParam((await ctx.params).runId, "run");
  const state = await getCallView(db(), runId, user.id);
  return Response.json(state, { headers: { "cache-control": "no-store" } });
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
