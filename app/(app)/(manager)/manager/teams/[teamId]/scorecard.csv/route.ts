import { requireApiUser } from "@/lib/auth/session.server";
import { getManagedTeam } from "@/lib/data/teams/get-managed-team.server";
import { teamScorecardCsv } from "@/lib/data/scorecards/export-team-scorecard-csv.server";
import { db } from "@/lib/db/client.server";
import { csvResponse } from "@/lib/csv/csv";
import { AppError } from "@/lib/errors";
import { jsonRoute, parseParam } from "@/lib/http/route.server";
import { parseScorecardQuery } from "@/app/(app)/(manager)/manager/teams/[teamId]/scorecard-query";

export const GET = jsonRoute(async (request: Request, { params }: { params: Promise<{ teamId: string }> }) => {
  const user = await requireApiUser(request, ["manager"]);
  const team = await getManagedTeam(db(), user.id, parseParam((await params).teamId, "team"));
  const url = new URL(request.url);
  const q = parseScorecardQuery(Object.fromEntries(url.searchParams));
  if (q.problems.length) throw new AppError("bad-request", q.problems[0]!);
  const csv = await teamScorecardCsv(db(), team.id, { scenarioId: q.scenarioId, from: q.from, to: q.to });
  return csvResponse(`${team.name}-scorecard-${new Date().toISOString().slice(0, 10)}.csv`, csv);
});
