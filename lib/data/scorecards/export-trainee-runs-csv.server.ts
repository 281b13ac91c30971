import "server-only";
import type { Db } from "../../db/client.server";
import { toCsv } from "../../csv/csv";
import { DIMENSION_LABELS, DIMENSIONS } from "../../scoring/rules";
import { criticalErrorLabels } from "../../scoring/rules";

export const RUNS_CSV_HEADER = ["date", "scenario", "version", "status", "outcome", "overall", ...DIMENSIONS.map((d) => DIMENSION_LABELS[d]), "passed", "critical errors", "run id"];

/** One row per run, newest first. */
export async function traineeRunsCsv(db: Db, traineeId: string): Promise<string> {
  const runs = await db.run.findMany({
    where: { userId: traineeId, status: { not: "abandoned" } },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    include: { scenarioVersion: { select: { title: true, version: true } } },
  });
  return toCsv(
    RUNS_CSV_HEADER,
    runs.map((r) => [
      r.completedAt ?? r.startedAt,
      r.scenarioVersion.title,
      r.scenarioVersion.version,
      r.status === "completed" ? "completed" : "in progress",
      r.outcome,
      r.overall,
      ...DIMENSIONS.map((d) => r[d]),
      r.status === "completed" ? r.passed === true : null,
      criticalErrorLabels(r.criticalErrors).join("; "),
      r.id,
    ]),
  );
}
