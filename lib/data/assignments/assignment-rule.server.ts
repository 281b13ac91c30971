import "server-only";

/**
 * The one home of "an assignment is done": a finished run of the assigned scenario, completed
 * after the assignment was made, at or above its pass mark, with no critical error. The
 * TypeScript test and the SQL condition below are the same rule; the property test in
 * assignment-rule.test.ts runs random runs through both, on SQLite and PostgreSQL.
 */
export function meetsAssignment(
  run: { status: string; criticalErrors: string; overall: number | null; completedAt: Date | null },
  assignment: { passMark: number; createdAt: Date },
): boolean {
  return (
    run.status === "completed" &&
    run.criticalErrors === "" &&
    run.overall !== null &&
    run.overall >= assignment.passMark &&
    run.completedAt !== null &&
    run.completedAt.getTime() >= assignment.createdAt.getTime()
  );
}

/** The same rule as SQL, for a `Run` aliased `run` and an `Assignment` aliased `assignment` (the scenario match is the caller's join). */
export function meetsAssignmentSql(run: string, assignment: string): string {
  return `${run}."status" = 'completed' AND ${run}."criticalErrors" = '' AND ${run}."overall" >= ${assignment}."passMark" AND ${run}."completedAt" >= ${assignment}."createdAt"`;
}
