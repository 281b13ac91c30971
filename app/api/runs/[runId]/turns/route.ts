import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session.server";
import { submitTurn } from "@/lib/data/runs/submit-turn.server";
import { db } from "@/lib/db/client.server";
import { jsonRoute, methodNotAllowed, parseParam, readJson } from "@/lib/http/route.server";

const TurnBody = z.strictObject({
  index: z.number().int("index is a whole number").min(0, "index starts at 0").max(500, "index is too large"),
  choiceId: z.string().min(1, "choiceId is required").max(80),
});

/**
 * Saves one turn. The body names the turn index and the choice, nothing else: the score is
 * always the server's replay (a body with extra fields such as a score is refused).
 */
export const POST = jsonRoute(async (request, ctx: { params: Promise<{ runId: string }> }) => {
  const user = await requireApiUser(request);
  const runId = parseParam((await ctx.params).runId, "run");
  const body = await readJson(request, TurnBody);
  const turn = await submitTurn(db(), { runId, userId: user.id, index: body.index, choiceId: body.choiceId });
  return Response.json({ turn }, { status: turn.duplicate ? 200 : 201 });
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
