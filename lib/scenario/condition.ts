/**
 * Conditions: `anger >= 90`, `trust < 30 and anger > 50`, and in format 2 also flags:
 * `promised-today and anger >= 50`, `not promised-today`.
 * Parsed once at load time; evaluation is a plain loop over a few terms and a bitmask test, so
 * guards stay cheap (the analysis search evaluates them millions of times).
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

/**
 * A flag test (format 2): holds when the flag is set (`not` inverted). `mask` is the flag's bit in
 * the call's flags (`1 << index` in the scenario's `flags`); `flag` is its name, for display.
 */
export interface FlagTest {
  flag: string;
  mask: number;
  not?: true;
}

export type Term = Comparison | FlagTest;
/** Every term must hold (`and`). A format 1 condition has comparisons only. */
export type Condition = Term[];

/** `at`: where in the condition's text the problem is (0-based), when one word is to blame. */
export type ConditionResult = { ok: true; condition: Condition } | { ok: false; message: string; at?: number };

const COMPARISON = /^([A-Za-z_][\w-]*)\s*(>=|<=|==|!=|>|<)\s*(-?\d+)$/;
const FLAG_TERM = /^(not\s+)?([A-Za-z_][\w-]*)$/;

/**
 * Parses a condition. `flags` (format 2: the scenario's declared flags, in bit order) lets terms
 * name flags; without it (format 1) only mood comparisons are read, with format 1's messages.
 * `suggest` adds a "did you mean" to an unknown flag.
 */
export function parseCondition(source: string, flags?: readonly string[], suggest?: (word: string) => string): ConditionResult {
  const text = source.trim();
  if (text === "") return { ok: false, message: "empty condition: write one like `anger >= 90`" };
  const lead = source.indexOf(text);
  const condition: Condition = [];
  const separator = /\s+and\s+/g;
  let from = 0;
  for (;;) {
    const match = separator.exec(text);
    const end = match ? match.index : text.length;
    const raw = text.slice(from, end);
    const part = raw.trim();
    const at = lead + from + raw.indexOf(part);
    const term = parseTerm(part, at, flags, suggest);
    if (!term.ok) return term;
    condition.push(term.term);
    if (!match) break;
    from = match.index + match[0].length;
  }
  return { ok: true, condition };
}

function parseTerm(
  part: string,
  at: number,
  flags: readonly string[] | undefined,
  suggest: ((word: string) => string) | undefined,
): { ok: true; term: Term } | { ok: false; message: string; at?: number } {
  const match = COMPARISON.exec(part);
  if (match) {
    const [, field, op, raw] = match;
    if (!(MOOD_FIELDS as readonly string[]).includes(field!)) {
      return { ok: false, message: `unknown mood field \`${field}\` in condition: use ${MOOD_FIELDS.join(" or ")}`, at };
    }
    const value = Number(raw);
    if (value < 0 || value > 100) {
      return { ok: false, message: `mood values run from 0 to 100, got ${value} in \`${part}\``, at };
    }
    return { ok: true, term: { field: field as MoodField, op: op as Operator, value } };
  }
  if (flags) {
    const flag = FLAG_TERM.exec(part);
    if (flag) {
      const name = flag[2]!;
      const nameAt = at + part.length - name.length;
      if ((MOOD_FIELDS as readonly string[]).includes(name)) {
        return { ok: false, message: `\`${name}\` is a mood field: compare it with a number, e.g. \`${name} >= 50\``, at: nameAt };
      }
      if (name === "and" || name === "not" || name === "or") {
        return { ok: false, message: `cannot read condition \`${part}\`: \`${name}\` needs a flag or a comparison beside it`, at };
      }
      const index = flags.indexOf(name);
      if (index < 0) {
        return {
          ok: false,
          message: `unknown flag \`${name}\`${suggest?.(name) ?? ""}: declare it under \`flags:\` and set it with \`sets:\` on a choice`,
          at: nameAt,
        };
      }
      return { ok: true, term: flag[1] ? { flag: name, mask: 1 << index, not: true } : { flag: name, mask: 1 << index } };
    }
    return {
      ok: false,
      message: `cannot read condition \`${part}\`: write \`<anger|trust> <op> <number>\` with op one of ${OPERATORS.join(" ")}, a flag, or \`not\` and a flag, joined by \`and\``,
      at,
    };
  }
  return {
    ok: false,
    message: `cannot read condition \`${part}\`: write \`<anger|trust> <op> <number>\` with op one of ${OPERATORS.join(" ")}, joined by \`and\``,
  };
}

/** Whether `condition` holds in `mood` with `flags` set (a bitmask; 0 when the scenario has none). */
export function holds(condition: Condition | undefined, mood: Mood, flags = 0): boolean {
  if (!condition) return true;
  for (let i = 0; i < condition.length; i++) {
    const term = condition[i]!;
    if ("mask" in term) {
      if (((flags & term.mask) !== 0) === (term.not === true)) return false;
      continue;
    }
    const actual = mood[term.field];
    const value = term.value;
    let ok: boolean;
    switch (term.op) {
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

/** A condition as an author would write it: `promised-today and anger >= 50`. */
export function conditionText(condition: Condition): string {
  return condition.map((t) => ("mask" in t ? `${t.not ? "not " : ""}${t.flag}` : `${t.field} ${t.op} ${t.value}`)).join(" and ");
}

/** The names of the flags set in `flags`, in declaration order. */
export function flagNames(declared: readonly string[] | undefined, flags: number): string[] {
  if (!declared || flags === 0) return [];
  return declared.filter((_, i) => (flags & (1 << i)) !== 0);
}
