import "server-only";
import { type ScoreReport } from "../../scoring/report";

/** Fields of a run that reflect the server's replay of its turns. */
export function summaryOf(report: ScoreReport) {
  const done = report.outcome !== null;
  return {
    rubricVersion: report.rubricVersion,
    status: done ? "completed" : "in_progress",
    outcome: report.outcome,
    overall: report.score.overall,
    laer: report.score.dimensions.laer,
    reflectiveListening: report.score.dimensions.reflectiveListening,
    promises: report.score.dimensions.promises,
    professionalism: report.score.dimensions.professionalism,
    passed: done ? report.passed : null,
    criticalErrors: [...new Set(report.criticalErrors.map((c) => c.rule))].join(","),
    angerEnd: report.mood.anger,
    trustEnd: report.mood.trust,
    completedAt: done ? new Date() : null,
  };
}
