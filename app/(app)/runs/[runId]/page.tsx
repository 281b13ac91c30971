import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session.server";
import { getRunReport } from "@/lib/data/runs.server";
import { db } from "@/lib/db/client.server";
import { AppError } from "@/lib/errors";
import { IdParam } from "@/lib/http/route.server";

export const metadata: Metadata = { title: "Call" };

/** The player while the call is in progress; the debrief once it has ended. */
export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const user = await requireUser(undefined, `/runs/${runId}`);
  if (!IdParam.safeParse(runId).success) notFound();
  let data;
  try {
    data = await getRunReport(db(), runId, user.id);
  } catch (err) {
    if (err instanceof AppError && err.code === "not-found") notFound();
    throw err;
  }
  const { run, scenario, report } = data;
  return (
    <pre className="text-xs">{JSON.stringify({ status: run.status, scenario: scenario.id, overall: report.score.overall }, null, 2)}</pre>
  );
}
