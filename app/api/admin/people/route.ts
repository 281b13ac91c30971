import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";
import { SEARCH_MAX } from "@/lib/auth/person-input.server";
import { requireApiUser } from "@/lib/auth/session.server";
import { listPeople } from "@/lib/data/people/list-people.server";
import { db } from "@/lib/db/client.server";
import { AppError } from "@/lib/errors";
import { jsonRoute, methodNotAllowed } from "@/lib/http/route.server";

const Query = z.object({
  q: z.string().max(SEARCH_MAX, `q: at most ${SEARCH_MAX} characters`).optional(),
  role: z.enum(ROLES, "role: trainee, trainer, manager or admin").optional(),
  status: z.enum(["active", "off", "all"], "status: active, off or all").optional(),
  page: z.coerce.number("page: a number").int("page: a whole number").min(1, "page: 1 or more").max(1_000_000).optional(),
});

/** People for administrators, 50 a page: `?q=` part of a name or email, `role`, `status`, `page`. */
export const GET = jsonRoute(async (request) => {
  await requireApiUser(request, ["admin"]);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = Query.safeParse(params);
  if (!parsed.success) throw new AppError("bad-request", parsed.error.issues[0]!.message);
  const { rows, total, page, pages } = await listPeople(db(), parsed.data);
  return Response.json({ people: rows, total, page, pages });
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
