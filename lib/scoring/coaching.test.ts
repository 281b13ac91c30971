import { describe, expect, it } from "vitest";
import { coachingPoints } from "./coaching";
import type { ScoreReport, TurnReport } from "./report";
import type { Annotation, Finding } from "./score";

const mood = { anger: 50, trust: 50 };

function turn(index: number, annotations: Partial<Annotation>[] = [], extra: Partial<TurnReport> = {}): TurnReport {
  return {
    index,
    node: `n${index}`,
    customer: `Customer ${index}`,
    choice: `c${index}`,
    text: `You ${index}`,
    tags: [],
    mood,
    moodBefore: mood,
    reply: `Reply ${index}`,
    annotations: annotations.map((a) => ({
      rule: "interrupting",
      label: "Interrupting",
      dimension: "laer",
      points: -5,
      critical: false,
      why: "Why.",
      ...a,
    })) as Annotation[],
    ...extra,
  };
}

function report(turns: TurnReport[], findings: Partial<Finding>[] = []): ScoreReport {
  return {
    scenarioId: "s",
    version: 1,
    rubricVersion: 1,
    outcome: "resolved",
    endingNode: "end",
    passed: false,
    passMark: 70,
    score: { overall: 50, dimensions: { laer: 50, reflectiveListening: 50, promises: 50, professionalism: 50 } },
    criticalErrors: [],
    mood: { ...mood, start: mood, angerChange: 0, trustChange: 0 },
    turns,
    findings: findings.map((f) => ({
      rule: "no-commitment",
      label: "No commitment",
      dimension: "promises",
      missed: 10,
      why: "Commit.",
      ...f,
    })) as Finding[],
  };
}

const better = (bestReachable: number, bestReachableAfterTaken: number, text = "Better") => ({
  betterOption: { choice: "b", text, tags: [], reply: "r", bestReachable, bestReachableAfterTaken },
});

describe("coachingPoints", () => {
  it("puts a critical error first, then turns by points lost plus the score a better option kept in reach", () => {
    const r = report([
      turn(0, [{ points: -5 }]),
      turn(1, [], better(90, 70, "Ask what happened")),
      turn(2, [{ rule: "overpromise", label: "Overpromise", points: -30, critical: true, why: "Never guarantee." }]),
      turn(3, [{ points: -10, label: "Solving too soon", why: "Explore first." }], better(85, 80)),
      turn(4, [{ points: 5, label: "Good" }]),
    ]);
    const points = coachingPoints(r);
    expect(points.map((p) => [p.turn, p.source])).toEqual([
      [3, "critical"],
      [2, "better-option"],
      [4, "lost-points"],
    ]);
    expect(points[0]).toMatchObject({ title: "Overpromise", advice: "Never guarantee." });
    expect(points[1]).toMatchObject({ instead: "Ask what happened" });
    expect(points[2]).toMatchObject({ title: "Solving too soon", advice: "Explore first.", instead: "Better" });
  });

  it("fills up with the call's missed opportunities pinned to a turn when fewer turns went wrong", () => {
    const r = report(
      [turn(0, [{ points: 5 }]), turn(1, [], better(80, 80, "Same score")), turn(2, [], better(95, 90, "Summarise")), turn(3)],
      [
        { rule: "no-commitment", label: "No commitment", missed: 10 },
        { rule: "never-acknowledged", label: "Didn't acknowledge feelings before solving", missed: 20, why: "Name the feeling." },
      ],
    );
    const points = coachingPoints(r);
    expect(points.map((p) => [p.turn, p.title])).toEqual([
      [3, "A stronger answer was open"],
      // Before solving: the first turn with a better option; the commitment: the last one.
      [2, "Didn't acknowledge feelings before solving"],
      [3, "No commitment"],
    ]);
    expect(points[1]).toMatchObject({ advice: "Name the feeling.", instead: "Same score", source: "missed" });
    // Turn 3 already has its point: the finding does not repeat its better option.
    expect(points[2]!.instead).toBeUndefined();
  });

  it("says nothing about a call with nothing to fix, and never more than asked", () => {
    expect(coachingPoints(report([turn(0, [{ points: 10 }]), turn(1)]))).toEqual([]);
    const many = report([0, 1, 2, 3, 4].map((i) => turn(i, [{ points: -1 - i }])));
    expect(coachingPoints(many, 2).map((p) => p.turn)).toEqual([5, 4]);
  });
});
