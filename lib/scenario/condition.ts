/**
 * Mood conditions: `anger >= 90`, `trust < 30 and anger > 50`.
 * Parsed once at load time; evaluation is a plain loop so guards stay cheap.
 */
export const MOOD_FIELDS = ["anger", "trust"] as const;
export type MoodField = (typeof MOOD_FIELDS)[number];
export type Mood = Record<MoodField, number>;

const OPERATORS = [">=", "<=", "==", "!=", ">", "<"] as const;
type Operator = (typeof OPERATORS)[number];

export interface Comparison {
  field: MoodField;
  op: Operator;
  value: number;
}
export type Condition = Comparison[];

export type ConditionResult = { ok: true; condition: Condition } | { ok: false; message: string };

const COMPARISON = /^([A-Za-z_][\w-]*)\s*(>=|<=|==|!=|>|<)\s*(-?\d+)$/;

export function parseCondition(source: string): ConditionResult {
  const text = source.trim();
  if (text === "") return { ok: false, message: "empty condition: write one like `anger >= 90`" };
  const parts = text.split(/\s+and\s+/);
  const condition: Condition = [];
  for (const part of parts) {
    const match = COMPARISON.exec(part.trim());
    if (!match) {
      return {
        ok: false,
        message: `cannot read condition \`${part.trim()}\`: write \`<anger|trust> <op> <number>\` with op one of ${OPERATORS.join(" ")}, joined by \`and\``,
      };
    }
    const [, field, op, raw] = match;
    if (!(MOOD_FIELDS as readonly string[]).includes(field!)) {
      return { ok: false, message: `unknown mood field \`${field}\` in condition: use ${MOOD_FIELDS.join(" or ")}` };
    }
    const value = Number(raw);
    if (value < 0 || value > 100) {
      return { ok: false, message: `mood values run from 0 to 100, got ${value} in \`${part.trim()}\`` };
    }
    condition.push({ field: field as MoodField, op: op as Operator, value });
  }
  return { ok: true, condition };
}

export function holds(condition: Condition | undefined, mood: Mood): boolean {
  if (!condition) return true;
  for (const { field, op, value } of condition) {
    const actual = mood[field];
    let ok: boolean;
    switch (op) {
      case ">=":
        ok = actual >= value;
        break;
      case "<=":
        ok = actual <= value;
        break;
      case ">":
        ok = actual > value;
        break;
      case "<":
        ok = actual < value;
        break;
      case "==":
        ok = actual === value;
        break;
      case "!=":
        ok = actual !== value;
        break;
    }
    if (!ok) return false;
  }
  return true;
}
