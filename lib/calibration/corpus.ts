import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

/** One call in the calibration corpus: a complete path through a scenario, by choice ids. */
export interface CorpusCall {
  id: string;
  scenario: string;
  choices: string[];
  /** Review batch; A and B are the tuning half, C and D the report half. */
  batch: "A" | "B" | "C" | "D";
  half: "tune" | "report";
}

export const CRITICAL_KINDS = ["overpromise", "hostility", "ended-on-customer"] as const;
export type CriticalKind = (typeof CRITICAL_KINDS)[number];

const score = z.number().min(0).max(100);
export const ratingSchema = z.object({
  call: z.string(),
  laer: score,
  reflectiveListening: score,
  promises: score,
  professionalism: score,
  overall: score,
  criticalErrors: z.array(z.enum(CRITICAL_KINDS)),
  pass: z.boolean(),
  note: z.string().optional(),
});
export type Rating = z.infer<typeof ratingSchema>;

export const reviewSchema = z.object({ reviewer: z.string(), ratings: z.array(ratingSchema) });
export type Review = z.infer<typeof reviewSchema>;

export const CORPUS_DIR = join("lib", "calibration", "corpus");

export function readCorpus(root = process.cwd()): CorpusCall[] {
  return JSON.parse(readFileSync(join(root, CORPUS_DIR, "calls.json"), "utf8")) as CorpusCall[];
}

/** Every reviewer's raw ratings, as they wrote them (`corpus/reviews/*.json`). */
export function readReviews(root = process.cwd()): Review[] {
  const dir = join(root, CORPUS_DIR, "reviews");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => reviewSchema.parse(JSON.parse(readFileSync(join(dir, f), "utf8"))));
}
