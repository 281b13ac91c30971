import "server-only";
import type { Db } from "../../db/client.server";
import { scoreRun } from "../../scoring/report";
import { RULES, type Dimension, type RuleId } from "../../scoring/rules";
import { criticalErrorLabels } from "../../scoring/rules";
import { progressOf } from "../../scoring/progress";
import { compiledScenario } from "../scenarios/compiled-scenario.server";

export interface ScenarioResult {
  scenarioId: string;
  title: string;
  attempts: number;
  best: number | null;
  latest: number | null;
  passed: boolean;
  lastPlayedAt: Date;
}

export interface LostPointRule {
  rule: RuleId;
  label: string;
  dimension: Dimension;
  /** Turns that lost points to this rule. */
  times: number;
  /** Runs in which it happened at least once. */
  runs: number;
  points: number;
}

export interface CriticalErrorWeek {
  weekStart: Date;
  runs: number;
  runsWithCritical: number;
  labels: string[];
}

/** How many recent finished runs are replayed to count lost-point rules. */
export const REPLAYED_RUNS = 100;
export const MAX_RUNS = 500;

/** One trainee's runs and what they add up to: trends, per-scenario results, recurring mistakes. */
export async function getTraineeScorecard(db: Db, traineeId: string) {
  const runs = await db.run.findMany({
    where: { userId: traineeId, status: { not: "abandoned" } },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: MAX_RUNS,
    include: { scenarioVersion: { select: { id: true, scenarioId: true, title: true, version: true } }, coachingNote: { select: { id: true } } },
  });
  const totalRuns = runs.length < MAX_RUNS ? runs.length : await db.run.count({ where: { userId: traineeId, status: { not: "abandoned" } } });
  const progress = progressOf(runs.map((r) => ({ ...r, title: r.scenarioVersion.title })));
  const completed = runs.filter((r) => r.status === "completed" && r.completedAt);

  const byScenario = new Map<string, ScenarioResult>();
  // Oldest first, so "latest" ends up as the newest run.
  for (const r of [...completed].reverse()) {
    const s = byScenario.get(r.scenarioVersion.scenarioId) ?? {
      scenarioId: r.scenarioVersion.scenarioId,
      title: r.scenarioVersion.title,
      attempts: 0,
      best: null,
      latest: null,
      passed: false,
      lastPlayedAt: r.completedAt!,
    };
    s.attempts++;
    s.best = Math.max(s.best ?? 0, r.overall ?? 0);
    s.latest = r.overall;
    s.passed ||= r.passed === true;
    s.title = r.scenarioVersion.title;
    s.lastPlayedAt = r.completedAt!;
    byScenario.set(s.scenarioId, s);
  }

  return {
    runs,
    /** All of the trainee's runs; the page shows the latest MAX_RUNS. */
    totalRuns,
    capped: totalRuns > runs.length,
    progress,
    scenarios: [...byScenario.values()].sort((a, b) => b.lastPlayedAt.getTime() - a.lastPlayedAt.getTime()),
    criticalWeeks: criticalErrorsByWeek(completed),
    lostPoints: await lostPointRules(db, completed.slice(0, REPLAYED_RUNS).map((r) => r.id)),
  };
}

/** Monday 00:00 UTC of the week `d` falls in. */
export function weekStart(d: Date): Date {
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day));
}

export function criticalErrorsByWeek(runs: readonly { completedAt: Date | null; criticalErrors: string }[]): CriticalErrorWeek[] {
  const weeks = new Map<number, CriticalErrorWeek>();
  for (const r of runs) {
    if (!r.completedAt) continue;
    const start = weekStart(r.completedAt);
    const w = weeks.get(start.getTime()) ?? { weekStart: start, runs: 0, runsWithCritical: 0, labels: [] };
    w.runs++;
    const labels = criticalErrorLabels(r.criticalErrors);
    if (labels.length) {
      w.runsWithCritical++;
      for (const l of labels) if (!w.labels.includes(l)) w.labels.push(l);
    }
    weeks.set(start.getTime(), w);
  }
  return [...weeks.values()].sort((a, b) => a.weekStart.getTime() - b.weekStart.getTime());
}

/** Replays the runs (the saved turns are the truth) and counts the rules that cost points. */
async function lostPointRules(db: Db, runIds: string[]): Promise<LostPointRule[]> {
  if (!runIds.length) return [];
  const runs = await db.run.findMany({
    where: { id: { in: runIds } },
    select: { id: true, turns: { orderBy: { index: "asc" }, select: { choiceId: true } }, scenarioVersion: { select: { id: true, yaml: true, scenarioId: true } } },
  });
  const counts = new Map<RuleId, LostPointRule>();
  for (const run of runs) {
    const report = scoreRun(compiledScenario(run.scenarioVersion), run.turns.map((t) => t.choiceId));
    const seen = new Set<RuleId>();
    for (const turn of report.turns) {
      for (const a of turn.annotations) {
        if (a.points >= 0 && !a.critical) continue;
        const c = counts.get(a.rule) ?? { rule: a.rule, label: RULES[a.rule].label, dimension: a.dimension, times: 0, runs: 0, points: 0 };
        c.times++;
        c.points += Math.min(0, a.points);
        if (!seen.has(a.rule)) c.runs++;
        seen.add(a.rule);
        counts.set(a.rule, c);
      }
    }
  }
  return [...counts.values()].sort((a, b) => b.times - a.times || a.points - b.points || a.rule.localeCompare(b.rule));
}

