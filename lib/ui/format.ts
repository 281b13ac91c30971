import type { EndingKind } from "../scenario/schema";
import { criticalErrorLabels } from "../scoring/rules";

/** Words for the UI. Pure: no React, no Next. */

const OUTCOME_LABELS: Record<EndingKind, string> = {
  resolved: "Resolved",
  escalated: "Escalated",
  "hung-up": "Customer hung up",
  "agent-ended": "You ended the call",
};

const OUTCOME_SENTENCES: Record<EndingKind, string> = {
  resolved: "The call was resolved.",
  escalated: "The call was escalated.",
  "hung-up": "The customer hung up.",
  "agent-ended": "You ended the call.",
};

function isEndingKind(kind: string): kind is EndingKind {
  return kind in OUTCOME_LABELS;
}

/** A short label for an ending kind ("Customer hung up"); unknown kinds are shown as they are. */
export function outcomeLabel(kind: string | null | undefined): string {
  if (!kind) return "No ending";
  return isEndingKind(kind) ? OUTCOME_LABELS[kind] : kind;
}

/** A sentence for an ending kind, for the end of a call and the debrief. */
export function outcomeSentence(kind: string | null | undefined): string {
  if (!kind) return "The call has not reached an ending.";
  return isEndingKind(kind) ? OUTCOME_SENTENCES[kind] : `The call ended: ${kind}.`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Points with a sign and a real minus sign: "+20", "−25", "+13.3", "0". */
export function formatPoints(points: number): string {
  const n = round1(points);
  if (n === 0) return "0";
  return n > 0 ? `+${n}` : `\u2212${Math.abs(n)}`;
}

/** A change with a sign, or "no change". */
export function formatChange(delta: number): string {
  return delta === 0 ? "no change" : formatPoints(delta);
}

/** "down 10", "up 5", "unchanged": for screen-reader value texts. */
export function describeChange(delta: number): string {
  const n = round1(delta);
  if (n === 0) return "unchanged";
  return n > 0 ? `up ${n}` : `down ${Math.abs(n)}`;
}

/** "1 turn" / "3 turns". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export { criticalErrorLabels };
