import { DIMENSIONS, lowestDimension, type Dimension } from "./rules";

/** The fields of a saved run the progress view reads. */
export interface RunScores {
  id: string;
  status: string;
  startedAt: Date;
  completedAt: Date | null;
  overall: number | null;
  laer: number | null;
  reflectiveListening: number | null;
  promises: number | null;
  professionalism: number | null;
  passed: boolean | null;
  title: string;
}

export type Measure = Dimension | "overall";
export const MEASURES: readonly Measure[] = [...DIMENSIONS, "overall"];

export interface ProgressPoint extends Record<Measure, number> {
  /** 1-based attempt number among completed runs, oldest first. */
  attempt: number;
  runId: string;
  title: string;
  completedAt: Date;
  passed: boolean;
}

export interface MeasureSummary {
  measure: Measure;
  first: number;
  latest: number;
  best: number;
  /** Latest minus first. */
  change: number;
}

export interface Progress {
  points: ProgressPoint[];
  summary: MeasureSummary[];
  /** The skill (not overall) with the lowest score in the latest call (`lowestDimension`). */
  weakestInLatestCall: Dimension | null;
  passes: number;
}

function scored(run: RunScores): run is RunScores & Record<Measure, number> & { completedAt: Date } {
  return run.status === "completed" && run.completedAt !== null && MEASURES.every((m) => typeof run[m] === "number");
}

/** Completed runs oldest → newest, and first / latest / best per dimension and overall. */
export function progressOf(runs: readonly RunScores[]): Progress {
  const done = runs.filter(scored).sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime());
  const points: ProgressPoint[] = done.map((run, i) => ({
    attempt: i + 1,
    runId: run.id,
    title: run.title,
    completedAt: run.completedAt,
    passed: run.passed === true,
    laer: run.laer,
    reflectiveListening: run.reflectiveListening,
    promises: run.promises,
    professionalism: run.professionalism,
    overall: run.overall,
  }));
  const first = points[0];
  const last = points[points.length - 1];
  const summary: MeasureSummary[] =
    first && last
      ? MEASURES.map((measure) => ({
          measure,
          first: first[measure],
          latest: last[measure],
          best: Math.max(...points.map((p) => p[measure])),
          change: last[measure] - first[measure],
        }))
      : [];
  const weakestInLatestCall = last ? lowestDimension(last) : null;
  return { points, summary, weakestInLatestCall, passes: points.filter((p) => p.passed).length };
}
