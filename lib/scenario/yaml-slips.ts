import type { Event, ScalarEvent } from "js-yaml";

/**
 * Plain messages for the YAML slips trainers make. js-yaml stops at the first thing it cannot
 * read and names it in parser terms ("bad indentation of a mapping entry", "deficient
 * indentation"), often a line after the slip. When it fails, we look at the lines around the
 * failure and, if we recognise the slip, say what happened and what to do, at the place where
 * it happened (the quote or bracket that was never closed, the colon in the text, the tab).
 * Runs only on a failed parse; each pass is linear in the text.
 */

export interface SyntaxSlip {
  /** Offset in the text the message is about. */
  offset: number;
  message: string;
}

/** Field names the scenario format uses, so `tags:[x]` and `text Hello` can be recognised. */
export type KnownField = (name: string) => boolean;

/** Fields whose values are text a trainer writes (where a stray `: ` or quote usually happens). */
const LIST_FIELDS = new Set(["tags", "facts", "wrongFacts", "choices", "nodes", "next", "customer"]);

interface Line {
  /** Offset of the line's first character. */
  start: number;
  text: string;
  /** Leading spaces. */
  indent: number;
  /** The line starts (after its indentation) with `- `. */
  dash: boolean;
  /** Column (0-based, in the line) where the content after any `- ` starts. */
  body: number;
  /** A `key:` at `body`, when there is one. */
  key: string | null;
  /** Column (0-based) of the value after `key: ` (or of the body when there is no key); -1 if none. */
  valueAt: number;
  blank: boolean;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[A-Za-z0-9_<][\w<-]*)[ \t]*:(?=[ \t]|$)/;

function readLine(text: string, start: number, end: number): Line {
  let raw = text.slice(start, end);
  if (raw.endsWith("\r")) raw = raw.slice(0, -1);
  let i = 0;
  while (raw[i] === " ") i++;
  const indent = i;
  let dash = false;
  while (raw[i] === "-" && (raw[i + 1] === " " || raw[i + 1] === "\t" || i + 1 === raw.length)) {
    dash = true;
    i++;
    while (raw[i] === " ") i++;
  }
  const body = i;
  const rest = raw.slice(body);
  const blank = rest.trim() === "" ? !dash : rest.startsWith("#") && !dash;
  const match = KEY.exec(rest);
  let key: string | null = null;
  let valueAt = -1;
  if (match) {
    key = match[1]!.replace(/^["']|["']$/g, "");
    let v = body + match[0].length;
    while (raw[v] === " " || raw[v] === "\t") v++;
    valueAt = v < raw.length && raw[v] !== "#" ? v : -1;
  } else if (rest.trim() !== "" && !rest.startsWith("#")) {
    valueAt = body;
  }
  return { start, text: raw, indent, dash, body, key, valueAt, blank };
}

class Lines {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  get count() {
    return this.starts.length;
  }
  /** 0-based index of the line holding `offset`. */
  indexOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  line(index: number): Line {
    const start = this.starts[index]!;
    const next = this.starts[index + 1];
    return readLine(this.text, start, next === undefined ? this.text.length : next - 1);
  }
  /** The nearest line before `index` with content (not blank, not only a comment). */
  previousContent(index: number): { index: number; line: Line } | null {
    for (let i = index - 1; i >= 0; i--) {
      const line = this.line(i);
      if (!line.blank) return { index: i, line };
    }
    return null;
  }
}

const code = (s: string) => `\`${s}\``;

/** How a trainer should quote `value`: double quotes unless it contains one. */
function quoted(value: string): string {
  if (!value.includes('"')) return `"${value}"`;
  return `'${value.replace(/'/g, "''")}'`;
}

function shorten(value: string, max = 40): string {
  return value.length > max ? value.slice(0, max).trimEnd() + " …" : value;
}

/** The value on a line, without a trailing comment. */
function plainValue(line: Line): string {
  return line.text
    .slice(line.valueAt)
    .replace(/[ \t]+#.*$/, "")
    .trimEnd();
}

function quoteAdvice(line: Line): string {
  const value = plainValue(line);
  const example = line.key ? `${line.key}: ${quoted(shorten(value))}` : quoted(shorten(value));
  const how = value.includes('"') ? "in single quotes (writing each ' inside as '')" : "in double quotes";
  return `put the whole text ${how}, like ${code(example)}`;
}

/**
 * Explains a js-yaml failure in a trainer's terms, or returns null when the slip is not one we
 * recognise (the caller then shows js-yaml's own reason).
 */
export function explainYamlError(text: string, reason: string, offset: number, isField: KnownField): SyntaxSlip | null {
  const lines = new Lines(text);
  const at = Math.max(0, Math.min(offset, text.length));
  const errIndex = lines.indexOf(at);
  const err = lines.line(errIndex);
  const col = at - err.start;
  const prev = lines.previousContent(errIndex);

  // A tab in the indentation (or right after a `- `).
  const tab = tabIn(err);
  if (/tab characters/.test(reason) || tab !== null) {
    return {
      offset: err.start + Math.max(0, tab ?? err.text.indexOf("\t")),
      message: "this line is indented with a tab: YAML indents with spaces only, so replace the tab with spaces",
    };
  }

  // A quote or bracket opened on an earlier line and never closed.
  const open = openConstructAt(lines, errIndex, at >= text.length || /end of the (stream|document)/.test(reason));
  if (open) return open;

  // Slips on the failing line itself.
  const here = slipOnLine(err, col, reason, isField);
  if (here) return { offset: err.start + here.col, message: here.message };

  // Slips on the line before it (js-yaml often notices them one line late).
  if (prev) {
    const before = slipBefore(prev.line, isField);
    if (before) return { offset: prev.line.start + before.col, message: before.message };
  }

  // A list item among fields, or lines that do not line up.
  const layout = layoutSlip(lines, errIndex, err, prev);
  if (layout) return layout;

  if (/expected hexadecimal character|unknown escape sequence/.test(reason)) {
    const backslash = text.lastIndexOf("\\", at);
    return {
      offset: backslash >= err.start ? backslash : at,
      message:
        "inside double quotes a backslash starts an escape (like `\\n`): write `\\\\` for a backslash, or put the text in single quotes",
    };
  }
  if (/unidentified alias/.test(reason)) {
    return {
      offset: at,
      message: `${code(err.text.slice(col).split(/[\s,\]}]/)[0]!)} refers to an anchor (\`&name\`) that is not defined above it: define the anchor first, or put the text in quotes if it is not meant as a reference`,
    };
  }
  return null;
}

/** A tab among the spaces and dashes that start a line. */
function tabIn(line: Line): number | null {
  for (let i = 0; i < line.text.length; i++) {
    const c = line.text[i];
    if (c === "\t") return i;
    if (c !== " " && !(c === "-" && /[ \t]/.test(line.text[i + 1] ?? " "))) return null;
  }
  return null;
}

interface LineSlip {
  col: number;
  message: string;
}

const RESERVED: Record<string, string> = {
  "@": "YAML reserves `@` at the start of a value",
  "`": "YAML reserves it at the start of a value",
  "%": "YAML reads `%` at the start of a line as a directive",
  "*": "YAML reads `*name` as a reference to an anchor",
  "!": "YAML reads `!name` as a type tag",
  "|": "YAML reads `|` as the start of a block of text on the lines below",
  ">": "YAML reads `>` as the start of a block of text on the lines below",
  "-": "YAML reads `- ` as a list item",
  "?": "YAML reads `? ` as a complex key",
  "&": "YAML reads `&name` as an anchor",
};

function slipOnLine(line: Line, col: number, reason: string, isField: KnownField): LineSlip | null {
  const dash = dashGlued(line);
  if (dash) return dash;
  const v = line.valueAt;
  const ch = v >= 0 ? line.text[v]! : "";

  if (v >= 0 && col >= v) {
    // Text that starts with a quote must end with it.
    if (ch === '"' || ch === "'") {
      const close = closingQuote(line.text, v);
      if (close >= 0) {
        const after = line.text.slice(close + 1).trim();
        if (after !== "" && !after.startsWith("#")) {
          const value = plainValue(line);
          const key = line.key ?? "text";
          if (value.length > 1 && value.endsWith(ch)) {
            // Quotes around the text, and the same kind of quote inside it.
            const inner = value.slice(1, -1);
            return ch === "'"
              ? {
                  col: v,
                  message: `this text is in single quotes and has an apostrophe inside, which ends it early: write the apostrophe twice (${code("''")}), or put the text in double quotes, like ${code(`${key}: "${shorten(inner.replace(/''/g, "'").replace(/"/g, '\\"'))}"`)}`,
                }
              : {
                  col: v,
                  message: `this text is in double quotes and has a ${code('"')} inside, which ends it early: write each inner quote as ${code('\\"')}, or put the text in single quotes, like ${code(`${key}: '${shorten(inner.replace(/\\"/g, '"').replace(/'/g, "''"))}'`)}`,
                };
          }
          const other = ch === '"' ? `'${value.replace(/'/g, "''")}'` : `"${value.replace(/"/g, '\\"')}"`;
          return {
            col: v,
            message: `this text starts with a quote, so YAML ends it at the closing quote and cannot read the rest (${code(shorten(after, 30))}): put the whole text in ${ch === '"' ? "single" : "double"} quotes, like ${code(`${key}: ${shorten(other)}`)}, or start it with a word`,
          };
        }
      }
    }

    // A colon and a space inside unquoted text.
    if (ch !== '"' && ch !== "'" && /bad indentation of a mapping entry|missed comma|expected ':'|block mapping entry/.test(reason)) {
      const plain = line.text.slice(v);
      const colonAt = line.text[col] === ":" ? col : v + plain.search(/:(?=[ \t]|$)/);
      if (colonAt >= v && line.text[colonAt] === ":" && !"[{".includes(ch)) {
        const atEnd = line.text.slice(colonAt + 1).trim() === "";
        return {
          col: colonAt,
          message: `${atEnd ? "this text ends with `:`" : "this text contains `: ` (a colon and a space)"}, which YAML reads as the start of a new field: ${quoteAdvice(line)}`,
        };
      }
    }

    // Text that starts with a character YAML reserves.
    if (ch in RESERVED && (ch !== "-" || /^-[ \t]/.test(line.text.slice(v)))) {
      if (ch === "&" && !/bad indentation|expected/.test(reason)) return null;
      return {
        col: v,
        message: `this text starts with ${ch === "`" ? "a backtick" : code(ch)} (${RESERVED[ch]}): ${quoteAdvice(line)}`,
      };
    }

    // `[...]` or `{...}` followed by more text.
    if (ch === "[" || ch === "{") {
      const close = closingBracket(line.text, v);
      if (close >= 0) {
        const after = line.text
          .slice(close + 1)
          .replace(/[ \t]+#.*$/, "")
          .trim();
        if (after !== "") {
          if (line.key && LIST_FIELDS.has(line.key)) {
            return {
              col: close + 1,
              message: `there is more after the closing ${code(line.text[close]!)}: put every item inside the brackets, separated by commas (${code(`${line.key}: [a, b]`)})`,
            };
          }
          return {
            col: v,
            message: `this text starts with ${code(ch)}, which YAML reads as ${ch === "[" ? "a list" : "a mapping"}: ${quoteAdvice(line)}`,
          };
        }
      }
    }
  }

  if (/missed comma/.test(reason) && line.text[col] === ":") {
    // The item runs from the previous `[`, `{`, `,` or `key: ` to the next `,`, `]` or `}`.
    let from = col - 1;
    while (from >= 0 && !"[{,".includes(line.text[from]!) && !(line.text[from] === ":" && line.text[from + 1] === " ")) from--;
    let to = col + 1;
    while (to < line.text.length && !",]}".includes(line.text[to]!)) to++;
    const item = line.text.slice(from + 1, to).trim();
    return {
      col,
      message: `this text contains ${code(": ")} inside ${code("[ ]")} or ${code("{ }")}, which YAML reads as the start of a new field: put the text in quotes, like ${code(quoted(shorten(item)))}`,
    };
  }
  if (/missed comma/.test(reason)) {
    return {
      col,
      message:
        "inside `[ ]` or `{ }`, separate the items with commas, and put any item that contains a comma, a colon or a quote in quotes",
    };
  }
  if ((line.text[col] === "]" || line.text[col] === "}") && /bad indentation|expected/.test(reason)) {
    return { col, message: `an extra ${code(line.text[col]!)}: remove it, or add the ${line.text[col] === "]" ? "`[`" : "`{`"} it closes` };
  }
  return slipBefore(line, isField);
}

/** `-id: x`: a dash glued to the first word of a list item. */
function dashGlued(line: Line): LineSlip | null {
  const dash = /^([ ]*)-([A-Za-z"'[{])/.exec(line.text);
  if (!dash || line.dash) return null;
  const word = line.text.slice(dash[1]!.length + 1).split(/[\s:]/)[0]!;
  const colon = line.text.slice(dash[1]!.length + 1 + word.length).startsWith(":") ? ":" : "";
  return { col: dash[1]!.length, message: `a list item needs a space after ${code("-")}: write ${code(`- ${word}${colon}`)}` };
}

/** Slips js-yaml notices only on a later line: a missing space after `-` or `:`, a field with no colon. */
function slipBefore(line: Line, isField: KnownField): LineSlip | null {
  const content = line.text.slice(line.body);
  const dash = dashGlued(line);
  if (dash) return dash;
  // `tags:[x]`: a colon glued to the value.
  const glued = /^([A-Za-z_][\w-]*):(?=[^\s:/])/.exec(content);
  if (glued && isField(glued[1]!)) {
    return {
      col: line.body + glued[1]!.length,
      message: `put a space after the colon: write ${code(`${glued[1]}: ${shorten(content.slice(glued[0].length).replace(/[ \t]+#.*$/, ""), 30)}`)} (without it, YAML reads ${code(shorten(content, 20))} as one word)`,
    };
  }
  // `text Hello` or a stray line of text where a field was expected.
  if (!line.key && line.valueAt >= 0 && !line.dash) {
    const first = /^([A-Za-z_][\w-]*)(?=[ \t])/.exec(content);
    if (first && isField(first[1]!)) {
      return { col: line.body + first[1]!.length, message: `a colon is missing after ${code(first[1]!)}: write ${code(`${first[1]}: …`)}` };
    }
  }
  return null;
}

function layoutSlip(lines: Lines, errIndex: number, err: Line, prev: { index: number; line: Line } | null): SyntaxSlip | null {
  if (!prev || err.blank) return null;
  const p = prev.line;
  const pKeyCol = p.key ? p.body : -1;
  const at = (line: Line, col: number, message: string): SyntaxSlip => ({ offset: line.start + col, message });
  // A line of text with no `field:` where a field was expected: usually text that goes on from
  // the line above without being indented under its field.
  for (const [line, index] of [
    [err, errIndex],
    [p, prev.index],
  ] as const) {
    if (line.key || line.dash || line.valueAt < 0) continue;
    const owner = lines.previousContent(index);
    if (owner?.line.key && owner.line.valueAt >= 0 && line.indent <= owner.line.body) {
      return at(
        line,
        line.body,
        `this line has no ${code("field:")}, so YAML cannot read it: if it goes on from the text above, indent it further than ${code(owner.line.key + ":")} (or put the whole text on one line)`,
      );
    }
  }
  const sibling = err.dash || err.key ? nearestSibling(lines, errIndex, err) : null;
  if (err.dash && sibling) return misaligned(err, sibling);
  // A list item right after a field that has its value on its own line.
  if (err.dash && p.key && p.valueAt >= 0) {
    return at(
      err,
      err.indent,
      err.indent <= pKeyCol
        ? `this list item (${code("- ")}) comes among fields (${code("key: value")} lines), where YAML expects another field: a list goes under a field with nothing after its colon (like ${code("choices:")}), indented further than that field`
        : `this list item (${code("- ")}) is indented under ${code(p.key + ":")}, which already has its value on its line: a list goes under a field with nothing after its colon (like ${code("choices:")})`,
    );
  }
  if (err.dash && err.indent === 0 && !p.dash && p.indent > 0) {
    return at(
      err,
      0,
      `this list item (${code("- ")}) is not indented, but the lines above it are fields of a mapping: indent it under the field it belongs to (like ${code("nodes:")})`,
    );
  }
  // A field indented under a field that already has a value.
  if (err.key && !err.dash && p.key && p.valueAt >= 0 && err.indent > pKeyCol) {
    return at(
      err,
      err.indent,
      `${code(err.key + ":")} is indented under ${code(p.key + ":")}, which already has its value on its line: line ${code(err.key + ":")} up with ${code(p.key + ":")} (column ${pKeyCol + 1})`,
    );
  }
  // Fields that do not line up with their neighbours.
  return sibling ? misaligned(err, sibling) : null;
}

function misaligned(err: Line, sibling: { index: number; line: Line; col: number }): SyntaxSlip {
  const what = err.dash ? `this list item` : code(err.key + ":");
  const other = err.dash ? "the list item" : code(sibling.line.key + ":");
  return {
    offset: err.start + (err.dash ? err.indent : err.body),
    message: `${what} is not lined up with ${other} on line ${sibling.index + 1}: items of one list, and fields of one mapping, start in the same column (column ${sibling.col + 1})`,
  };
}

/** A line above that the failing line should line up with (off by one or two spaces). */
function nearestSibling(lines: Lines, errIndex: number, err: Line): { index: number; line: Line; col: number } | null {
  const errCol = err.dash ? err.indent : err.body;
  for (let i = errIndex - 1, seen = 0; i >= 0 && seen < 200; i--) {
    const line = lines.line(i);
    if (line.blank) continue;
    seen++;
    const col = err.dash ? (line.dash ? line.indent : -1) : line.key ? line.body : -1;
    if (col < 0) {
      if (line.indent <= errCol) return null;
      continue;
    }
    if (col === errCol) return null;
    if (Math.abs(col - errCol) <= 2) return { index: i, line, col };
    if (line.indent < errCol - 2) return null;
  }
  return null;
}

/** Offset of the quote closing the one at `from` on the same line, or -1. */
function closingQuote(line: string, from: number): number {
  const q = line[from];
  for (let i = from + 1; i < line.length; i++) {
    const c = line[i];
    if (q === '"' && c === "\\") {
      i++;
      continue;
    }
    if (c === q) {
      if (q === "'" && line[i + 1] === "'") {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

/** Offset of the bracket closing the one at `from` on the same line, or -1. */
function closingBracket(line: string, from: number): number {
  const state: ScanState = { stack: [], quote: null };
  for (let i = from; i < line.length; i++) {
    const before = state.stack.length;
    i = step(line, i, state);
    if (before > 0 && state.stack.length === 0 && state.quote === null) return i;
    if (i < 0) return -1;
  }
  return -1;
}

interface ScanState {
  stack: string[];
  quote: '"' | "'" | null;
}

/** Advances one character of flow content; returns the index reached (-1: rest of line is a comment). */
function step(line: string, i: number, state: ScanState): number {
  const c = line[i]!;
  if (state.quote === '"') {
    if (c === "\\") return i + 1;
    if (c === '"') state.quote = null;
    return i;
  }
  if (state.quote === "'") {
    if (c === "'") {
      if (line[i + 1] === "'") return i + 1;
      state.quote = null;
    }
    return i;
  }
  if (c === '"' || c === "'") state.quote = c;
  else if (c === "[" || c === "{") state.stack.push(c);
  else if (c === "]" || c === "}") state.stack.pop();
  else if (c === "#" && (i === 0 || line[i - 1] === " " || line[i - 1] === "\t")) return -1;
  return i;
}

const OPENERS: Record<string, string> = {
  '"': 'this quote (`"`) is never closed, so YAML reads on into the lines below: end the text with `"` on this line',
  "'": "this quote (`'`) is never closed, so YAML reads on into the lines below: end the text with `'` on this line (an apostrophe inside single quotes is written `''`)",
  "[": "this `[` is never closed, so YAML reads on into the lines below: end the list with `]` on this line, like `[listen, acknowledge]`",
  "{": "this `{` is never closed, so YAML reads on into the lines below: end it with `}` on this line, like `{ anger: -10, trust: 5 }`",
};

/**
 * Walks the lines up to the failure, following quotes and brackets that continue onto later
 * lines; if one is still open where js-yaml gave up, that is the slip.
 */
function openConstructAt(lines: Lines, errIndex: number, atEnd: boolean): SyntaxSlip | null {
  let open: { kind: string; offset: number; state: ScanState } | null = null;
  let blockIndent = -1;
  const last = atEnd ? lines.count - 1 : errIndex - 1;
  for (let i = 0; i <= last; i++) {
    const line = lines.line(i);
    if (open) {
      if (scanFrom(line.text, 0, open.state)) open = null;
      continue;
    }
    if (blockIndent >= 0) {
      if (line.text.trim() === "" || line.indent > blockIndent) continue;
      blockIndent = -1;
    }
    if (line.blank || line.valueAt < 0) continue;
    const v = line.valueAt;
    const ch = line.text[v]!;
    if ((ch === "|" || ch === ">") && /^[|>][-+0-9]*[ \t]*(#.*)?$/.test(line.text.slice(v))) {
      blockIndent = line.key ? line.body : line.indent;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "[" || ch === "{") {
      const state: ScanState = { stack: [], quote: null };
      if (!scanFrom(line.text, v, state)) open = { kind: ch, offset: line.start + v, state };
    }
  }
  if (!open) return null;
  return { offset: open.offset, message: OPENERS[open.kind]! };
}

/** Scans flow content from `from`; true when every quote and bracket opened is closed again. */
function scanFrom(line: string, from: number, state: ScanState): boolean {
  for (let i = from; i < line.length; i++) {
    i = step(line, i, state);
    if (i < 0) break;
    if (state.stack.length === 0 && state.quote === null) return true;
  }
  return state.stack.length === 0 && state.quote === null;
}

const EV = { MAPPING: 3, SCALAR: 4, SEQUENCE: 2, ALIAS: 5, POP: 6 } as const;

/**
 * The duplicated key js-yaml refused, with both places: walks the mappings of the event stream
 * and returns the repeat at `offset` (or the first repeat, if none is there).
 */
export function findDuplicateKey(
  events: readonly Event[],
  text: string,
  offset: number,
  keyOf: (e: ScalarEvent) => string,
): { key: string; first: number; second: number } | null {
  interface Frame {
    keys: Map<string, number> | null;
    expectKey: boolean;
  }
  const stack: Frame[] = [];
  let found: { key: string; first: number; second: number } | null = null;
  const value = () => {
    const top = stack[stack.length - 1];
    if (top?.keys) top.expectKey = !top.expectKey;
  };
  for (const e of events) {
    const top = stack[stack.length - 1];
    const isKey = top?.keys !== null && top?.keys !== undefined && top.expectKey;
    if (e.type === EV.MAPPING || e.type === EV.SEQUENCE) {
      if (isKey) top.expectKey = false;
      else value();
      stack.push({ keys: e.type === EV.MAPPING ? new Map() : null, expectKey: true });
    } else if (e.type === EV.POP) {
      stack.pop();
    } else if (e.type === EV.SCALAR && isKey) {
      top.expectKey = false;
      const key = keyOf(e);
      const at = e.valueStart >= 0 ? e.valueStart - (text[e.valueStart - 1] === '"' || text[e.valueStart - 1] === "'" ? 1 : 0) : offset;
      const first = top.keys!.get(key);
      if (first !== undefined && key !== "<<") {
        const repeat = { key, first, second: at };
        if (at === offset) return repeat;
        found ??= repeat;
      } else if (first === undefined) top.keys!.set(key, at);
    } else if (e.type === EV.SCALAR || e.type === EV.ALIAS) {
      if (isKey) top.expectKey = false;
      else value();
    }
  }
  return found;
}
