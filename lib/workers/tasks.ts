/**
 * What the server's worker threads do (lib/workers/pool.server.ts runs them; each export is one
 * task). CPU-heavy work on untrusted or large input lives here, never on the thread that answers
 * requests: checking a submitted scenario, compiling one, the debrief's search and debriefs.
 * Plain data in and out (structured clone). Bundled with esbuild into one file per build of these
 * sources (lib/workers/bundle.server.ts), so a worker starts in a fraction of a second.
 */
import { debriefReport, debriefSearch } from "../analysis/debrief";
import { Searcher, type KnownBestScores } from "../analysis/search";
import { checkScenarioText, type ScenarioTextCheck } from "../authoring/check-scenario-text";
import { loadScenario } from "../scenario/load";
import type { Scenario } from "../scenario/model";
import type { ScoreReport } from "../scoring/report";
import { decodeBestScores, encodeBestScores } from "./best-scores";

/** Nothing: run once per lane when it starts, so its thread has loaded this file. */
export function ready(): true {
  return true;
}

export interface TextInput {
  yaml: string;
  /** The file name problems are reported against (`<id>.yaml`). */
  file: string;
}

/** A submitted text, checked as the editor and the CLI check it. */
export function check(input: TextInput): ScenarioTextCheck {
  return checkScenarioText(input.yaml, input.file);
}

export type CompileOutput = { ok: true; scenario: Scenario } | { ok: false; errors: number; message: string };

/** A saved version compiled (publish re-checks with today's loader; the server caches the result). */
export function compile(input: TextInput): CompileOutput {
  const loaded = loadScenario(input.yaml, input.file);
  if (loaded.ok) return { ok: true, scenario: loaded.scenario };
  const errors = loaded.problems.filter((p) => p.severity === "error");
  return { ok: false, errors: errors.length, message: errors[0]?.message ?? "does not load" };
}

export interface AnalyzeOutput {
  /** encodeBestScores of `debriefSearch(scenario).bestScores()`, as base64 (stored as text). */
  bestScores: string;
  statesVisited: number;
  truncated: boolean;
  ms: number;
}

/** The debrief's search for a version, done once and stored (lib/data/scenario-analyses). */
export function analyze(input: TextInput): AnalyzeOutput {
  const started = performance.now();
  const scenario = mustLoad(input);
  const searcher = debriefSearch(scenario);
  const bestScores = Buffer.from(encodeBestScores(searcher.bestScores())).toString("base64");
  return { bestScores, statesVisited: searcher.statesVisited, truncated: searcher.truncated, ms: Math.round(performance.now() - started) };
}

export interface DebriefInput {
  versionId: string;
  choices: string[];
  /** Sent only when this thread asked for them (`need`): it keeps recent versions. */
  version?: TextInput & { bestScores: string };
}

export type DebriefOutput = { report: ScoreReport } | { need: "version" };

/** A finished call's debrief, its better options read from the stored search. */
export function debrief(input: DebriefInput): DebriefOutput {
  let entry = recent.get(input.versionId);
  if (!entry) {
    if (!input.version) return { need: "version" };
    entry = { scenario: mustLoad(input.version), known: decodeBestScores(Buffer.from(input.version.bestScores, "base64")) };
    remember(input.versionId, entry);
  } else {
    recent.delete(input.versionId); // most recently used last
    recent.set(input.versionId, entry);
  }
  const searcher = new Searcher(entry.scenario, { known: entry.known, bestOnly: true });
  return { report: debriefReport(entry.scenario, input.choices, searcher) };
}

function mustLoad(input: TextInput): Scenario {
  const loaded = loadScenario(input.yaml, input.file);
  if (!loaded.ok) throw new Error(`${input.file} does not load: ${loaded.problems[0]?.message ?? "unknown problem"}`);
  return loaded.scenario;
}

/** Versions this thread has debriefed lately, by version id (immutable), up to MAX_KNOWN_STATES in all. */
const recent = new Map<string, { scenario: Scenario; known: KnownBestScores }>();
const MAX_KNOWN_STATES = 1_500_000;

function remember(versionId: string, entry: { scenario: Scenario; known: KnownBestScores }) {
  recent.set(versionId, entry);
  let total = 0;
  for (const e of recent.values()) total += e.known.size;
  for (const [id, e] of recent) {
    if (total <= MAX_KNOWN_STATES || id === versionId) break;
    recent.delete(id);
    total -= e.known.size;
  }
}
