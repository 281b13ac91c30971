import { requireApiUser } from "@/lib/auth/session.server";
import { exportPersonData } from "@/lib/data/people/export-person-data.server";
import { db } from "@/lib/db/client.server";
import { jsonRoute, methodNotAllowed, parseParam } from "@/lib/http/route.server";

/** One person's data as a JSON download (recorded in the audit log). */
export const GET = jsonRoute(async (request: Request, { params }: { params: Promise<{ personId: string }> }) => {
  const user = await requireApiUser(request, ["admin"]);
  const data = await exportPersonData(db(), user, parseParam((await params).personId, "person"));
  const name = `person-${data.profile.id}-${data.exportedAt.slice(0, 10)}.json`;
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${name.replace(/[^A-Za-z0-9._-]+/g, "-")}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
