import { constructFromEvents, CORE_SCHEMA, getScalarValue, parseEvents, type Event, type ScalarEvent } from "js-yaml";
import { explainYamlError, findDuplicateKey, type KnownField, type SyntaxSlip } from "./yaml-slips";

/**
 * YAML with positions, on js-yaml's event parser: one pass gives events that carry
 * source offsets; values are built from the same events, and positions for a path are
 * looked up only when there is a problem to report.
 */

export type Path = (string | number)[];

export interface Position {
  line: number;
  col: number;
}

export type ParsedYaml =
  { ok: true; value: unknown; locate: (path: Path, key?: boolean) => Position } | { ok: false; position: Position; message: string };

export interface ParseLimits {
  maxDepth: number;
  /** Values after expanding every alias; stops alias bombs before anything walks them. */
  maxExpandedNodes: number;
  /** Field names of the format, to recognise `tags:[x]` or `text Hello` (see yaml-slips.ts). */
  knownField?: KnownField;
}

const E = { DOCUMENT: 1, SEQUENCE: 2, MAPPING: 3, SCALAR: 4, ALIAS: 5, POP: 6 } as const;

export function parseYaml(text: string, limits: ParseLimits): ParsedYaml {
  const lines = new LineIndex(text);
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: limits.maxDepth });
  } catch (err) {
    return yamlFailure(err, lines, limits, text, null);
  }

  const documents = events.filter((e) => e.type === E.DOCUMENT).length;
  if (documents > 1) {
    return {
      ok: false,
      position: lines.position(secondDocumentOffset(text)),
      message: "a file holds one scenario: remove the second document (after `---`)",
    };
  }

  const expanded = expandedSize(events, text);
  if (expanded > limits.maxExpandedNodes) {
    return {
      ok: false,
      position: { line: 1, col: 1 },
      message: `too many alias expansions (the document expands to over ${limits.maxExpandedNodes} values): use fewer *aliases`,
    };
  }

  let value: unknown;
  try {
    value = constructFromEvents(events, { source: text, schema: CORE_SCHEMA })[0];
  } catch (err) {
    return yamlFailure(err, lines, limits, text, events);
  }

  let tree: PosNode | null = null;
  const locate = (path: Path, key = false): Position => {
    tree ??= positionTree(events, text);
    return lines.position(offsetOf(tree, path, key));
  };
  return { ok: true, value, locate };
}

function yamlFailure(err: unknown, lines: LineIndex, limits: ParseLimits, text: string, events: Event[] | null): ParsedYaml {
  const e = err as { reason?: string; mark?: { position?: number; line?: number; column?: number } };
  const reason = typeof e.reason === "string" ? e.reason : err instanceof RangeError ? "nesting too deep" : "parser failure";
  const offset = e.mark && typeof e.mark.position === "number" ? e.mark.position : -1;
  const position = offset >= 0 ? lines.position(offset) : { line: 1, col: 1 };
  if (/maxDepth|nesting too deep/i.test(reason)) {
    return { ok: false, position, message: `nesting is deeper than a scenario ever needs (over ${limits.maxDepth} levels)` };
  }
  if (/duplicated mapping key/.test(reason)) {
    const repeat = events ? findDuplicateKey(events, text, offset, (s) => getScalarValue(text, s)) : null;
    if (!repeat) return { ok: false, position, message: "duplicate key: each field may appear once" };
    return {
      ok: false,
      position: lines.position(repeat.second),
      message: `\`${repeat.key}\` appears twice in the same mapping (lines ${lines.position(repeat.first).line} and ${lines.position(repeat.second).line}): each field may appear once, so keep one of them`,
    };
  }
  if (offset >= 0) {
    let slip: SyntaxSlip | null = null;
    try {
      slip = explainYamlError(text, reason, offset, limits.knownField ?? (() => false));
    } catch {
      // A heuristic that trips on odd input must not hide the parser's own message.
    }
    if (slip) return { ok: false, position: lines.position(slip.offset), message: slip.message };
  }
  return { ok: false, position, message: `YAML syntax: ${reason}` };
}

function secondDocumentOffset(text: string): number {
  const re = /(^|\n)---/g;
  let count = 0;
  let match: RegExpExecArray | null;
  let first = -1;
  while ((match = re.exec(text))) {
    const at = match.index + match[1]!.length;
    // A document that starts with `---` has its marker first; the second marker ends it.
    const before = text.slice(0, at).trim();
    if (first < 0 && before.replace(/^#.*$/gm, "").trim() === "") {
      first = at;
      continue;
    }
    if (++count === 1) return at;
  }
  return 0;
}

/** Counts values with every alias expanded, without expanding anything. */
function expandedSize(events: Event[], text: string): number {
  const anchors = new Map<string, number>();
  const stack: { size: number; anchor: string | null }[] = [{ size: 0, anchor: null }];
  for (const e of events) {
    switch (e.type) {
      case E.SEQUENCE:
      case E.MAPPING:
        stack.push({ size: 1, anchor: e.anchorStart >= 0 ? text.slice(e.anchorStart, e.anchorEnd) : null });
        break;
      case E.SCALAR:
        stack[stack.length - 1]!.size += 1;
        if (e.anchorStart >= 0) anchors.set(text.slice(e.anchorStart, e.anchorEnd), 1);
        break;
      case E.ALIAS:
        stack[stack.length - 1]!.size += anchors.get(text.slice(e.anchorStart, e.anchorEnd)) ?? 1;
        break;
      case E.POP: {
        if (stack.length === 1) break; // end of document
        const frame = stack.pop()!;
        if (frame.anchor !== null) anchors.set(frame.anchor, frame.size);
        stack[stack.length - 1]!.size += frame.size;
        break;
      }
    }
  }
  return stack[0]!.size;
}

interface PosNode {
  start: number;
  keyStart: number;
  kind: "map" | "seq" | "leaf";
  children: Map<string | number, PosNode> | null;
}

/** Builds the path → offset index from the events (only when a problem needs a position). */
function positionTree(events: Event[], text: string): PosNode {
  const root: PosNode = { start: 0, keyStart: 0, kind: "leaf", children: null };
  interface Frame {
    node: PosNode;
    index: number;
    /** Mapping state: the key waiting for its value. */
    expectKey: boolean;
    key: string | null;
    keyStart: number;
    /** A collection used as a mapping key: its contents are not indexed. */
    ignored: boolean;
  }
  const stack: Frame[] = [];
  let rootSet = false;

  const attach = (node: PosNode): boolean => {
    const top = stack[stack.length - 1];
    if (!top) {
      if (!rootSet) {
        Object.assign(root, node);
        rootSet = true;
      }
      return false;
    }
    if (top.ignored) return false;
    if (top.node.kind === "seq") {
      // An empty item (`- `) has no place of its own: point at its list.
      if (node.start < 0) node.start = node.keyStart = top.node.start;
      top.node.children!.set(top.index++, node);
      return false;
    }
    if (top.expectKey) {
      top.expectKey = false;
      top.key = null;
      top.keyStart = node.start;
      return true; // the node is a key
    }
    if (top.key !== null) {
      node.keyStart = top.keyStart;
      // An empty value (`text:` with nothing after it) has no place of its own: point at its key.
      if (node.start < 0) node.start = top.keyStart;
      top.node.children!.set(top.key, node);
    }
    top.expectKey = true;
    return false;
  };

  for (const e of events) {
    switch (e.type) {
      case E.SEQUENCE:
      case E.MAPPING: {
        const node: PosNode = { start: e.start, keyStart: e.start, kind: e.type === E.MAPPING ? "map" : "seq", children: new Map() };
        const parentIgnored = stack[stack.length - 1]?.ignored ?? false;
        const isKey = attach(node);
        stack.push({ node, index: 0, expectKey: true, key: null, keyStart: e.start, ignored: isKey || parentIgnored });
        break;
      }
      case E.SCALAR: {
        const node: PosNode = { start: scalarStart(e, text), keyStart: e.valueStart, kind: "leaf", children: null };
        const top = stack[stack.length - 1];
        const isKey = attach(node);
        if (isKey && top) top.key = getScalarValue(text, e);
        break;
      }
      case E.ALIAS: {
        const start = Math.max(0, e.anchorStart - 1);
        attach({ start, keyStart: start, kind: "leaf", children: null });
        break;
      }
      case E.POP:
        stack.pop();
        break;
    }
  }
  return root;
}

function scalarStart(e: ScalarEvent, text: string): number {
  // Point quoted scalars at their opening quote.
  const prev = text.charCodeAt(e.valueStart - 1);
  return (prev === 34 || prev === 39) && e.valueStart > 0 ? e.valueStart - 1 : e.valueStart;
}

function offsetOf(root: PosNode, path: Path, key: boolean): number {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    const child = node.children?.get(path[i]!);
    if (!child) return node.start;
    if (key && i === path.length - 1) return child.keyStart;
    node = child;
  }
  return node.start;
}

class LineIndex {
  private starts: number[] | null = null;
  constructor(private readonly text: string) {}

  position(rawOffset: number): Position {
    const offset = Math.max(0, Math.min(rawOffset, this.text.length));
    if (!this.starts) {
      this.starts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo]! + 1 };
  }
}
