import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session.server";
import { submitTurn } from "@/lib/data/runs/submit-turn.server";
import { db } from "@/lib/db/client.server";
import { jsonRoute, methodNotAllowed, parseParam, readJson } from "@/lib/http/route.server";

const Index = z.number().int("index is a whole number").min(0, "index starts at 0").max(500, "index is too large");
const TurnBody = z.union(
  [
    z.strictObject({
      index: Index,
      option: z.number().int("option is a whole number").min(1, "option starts at 1").max(20, "option is too large"),
    }),
    z.strictObject({ index: Index, choiceId: z.string().min(1, "choiceId is required").max(80) }),
  ],
  { error: "send { index, option } (the response's position as shown, from 1) or { index, choiceId }" },
);

/**
 * Saves one turn and answers with the call as the trainee now sees it (`call`: the customer's
 * reply, the mood, the next responses). The body names the turn index and the response, nothing
 * else: the score is always the server's replay (a body with extra fields such as a score is refused).
 */
export const POST = jsonRoute(async (request, ctx: { params: Promise<{ runId: string }> }) => {
  const user = await requireApiUser(request);
  const runId = parseParam((await ctx.params).runId, "run");
  const body = await readJson(request, TurnBody);
  const result = await submitTurn(db(), { runId, userId: user.id, ...body });
  return Response.json(result, { status: result.turn.duplicate ? 200 : 201 });
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
