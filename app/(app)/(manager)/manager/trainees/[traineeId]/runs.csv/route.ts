import { requireApiUser } from "@/lib/auth/session.server";
import { getManagedTrainee } from "@/lib/data/teams/get-managed-trainee.server";
import { traineeRunsCsv } from "@/lib/data/scorecards/export-trainee-runs-csv.server";
import { db } from "@/lib/db/client.server";
import { csvResponse } from "@/lib/csv/csv";
import { jsonRoute, parseParam } from "@/lib/http/route.server";

export const GET = jsonRoute(async (request: Request, { params }: { params: Promise<{ traineeId: string }> }) => {
  const user = await requireApiUser(request, ["manager"]);
  const trainee = await getManagedTrainee(db(), user.id, parseParam((await params).traineeId, "trainee"));
  return csvResponse(`${trainee.name}-runs-${new Date().toISOString().slice(0, 10)}.csv`, await traineeRunsCsv(db(), trainee.id));
});
