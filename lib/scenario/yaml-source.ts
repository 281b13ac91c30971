import { constructFromEvents, CORE_SCHEMA, getScalarValue, mergeTag, parseEvents, type Event, type ScalarEvent } from "js-yaml";
import { explainYamlError, findDuplicateKey, type KnownField, type SyntaxSlip } from "./yaml-slips";

/**
 * YAML with positions, on js-yaml's event parser: one pass gives events that carry
 * source offsets; values are built from the same events, and positions for a path are
 * looked up only when there is a problem to report. Merge keys (`<<: *anchor`) are built by
 * js-yaml's merge tag; the loader refuses them in format 1 files (`mergeKeys`).
 */

const SCHEMA = CORE_SCHEMA.withTags(mergeTag);

export type Path = (string | number)[];

export interface Position {
  line: number;
  col: number;
}

export type ParsedYaml =
  | {
      ok: true;
      value: unknown;
      /** Where the value at `path` starts (its key, with `key`), through aliases and merge keys. */
      locate: (path: Path, key?: boolean) => Position;
      /**
       * Where the `occurrence`-th (0-based) `needle` is inside the text value at `path`, e.g. a
       * placeholder in a folded block; the value's start when it cannot be found in the source.
       */
      locateIn: (path: Path, needle: string, occurrence?: number) => Position;
      /** Where each merge key (`<<:`) is, in file order. */
      mergeKeys: () => Position[];
    }
  | { ok: false; position: Position; message: string };

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
    value = constructFromEvents(events, { source: text, schema: SCHEMA })[0];
  } catch (err) {
    return yamlFailure(err, lines, limits, text, events);
  }

  let built: PositionTree | null = null;
  const tree = () => (built ??= positionTree(events, text));
  const locate = (path: Path, key = false): Position => lines.position(offsetOf(tree().root, path, key));
  const locateIn = (path: Path, needle: string, occurrence = 0): Position => {
    const node = nodeAt(tree().root, path);
    if (!node) return locate(path);
    if (node.end > node.start) {
      let at = node.start - 1;
      for (let k = 0; k <= occurrence; k++) {
        at = text.indexOf(needle, at + 1);
        if (at < 0 || at >= node.end) return lines.position(node.start);
      }
      return lines.position(at);
    }
    return lines.position(node.start);
  };
  const mergeKeys = (): Position[] => (text.includes("<<") ? tree().merges.map((offset) => lines.position(offset)) : []);
  return { ok: true, value, locate, locateIn, mergeKeys };
}

function yamlFailure(err: unknown, lines: LineIndex, limits: ParseLimits, text: string, events: Event[] | null): ParsedYaml {
  const e = err as { reason?: string; mark?: { position?: number; line?: number; column?: number } };
  const reason = typeof e.reason === "string" ? e.reason : err instanceof RangeError ? "nesting too deep" : "parser failure";
  const offset = e.mark && typeof e.mark.position === "number" ? e.mark.position : -1;
  const position = offset >= 0 ? lines.position(offset) : { line: 1, col: 1 };
  if (/maxDepth|nesting too deep/i.test(reason)) {
    return { ok: false, position, message: `nesting is deeper than a scenario ever needs (over ${limits.maxDepth} levels)` };
  }
  if (/cannot merge mappings/.test(reason)) {
    return { ok: false, position, message: "a merge key (`<<:`) takes a mapping, `*name` of a mapping, or a list of them" };
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
  /** End of a scalar's source (exclusive); equal to `start` for collections and aliases. */
  end: number;
  keyStart: number;
  kind: "map" | "seq" | "leaf" | "alias";
  children: Map<string | number, PosNode> | null;
  /** An alias: the anchored node it stands for (null when the anchor is unknown). */
  target?: PosNode | null;
  /** A mapping with merge keys: the values merged in (mappings, aliases or lists of them). */
  merges?: PosNode[];
}

interface PositionTree {
  root: PosNode;
  /** Offsets of the merge keys. */
  merges: number[];
}

/** Builds the path → offset index from the events (only when a problem needs a position). */
function positionTree(events: Event[], text: string): PositionTree {
  const root: PosNode = { start: 0, end: 0, keyStart: 0, kind: "leaf", children: null };
  const anchors = new Map<string, PosNode>();
  const merges: number[] = [];
  interface Frame {
    node: PosNode;
    index: number;
    /** Mapping state: the key waiting for its value. */
    expectKey: boolean;
    key: string | null;
    keyStart: number;
    /** The key waiting for its value is a merge key (a plain `<<`). */
    merge: boolean;
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
      top.merge = false;
      top.keyStart = node.start;
      return true; // the node is a key
    }
    if (top.merge) {
      (top.node.merges ??= []).push(node);
    } else if (top.key !== null) {
      node.keyStart = top.keyStart;
      // An empty value (`text:` with nothing after it) has no place of its own: point at its key.
      if (node.start < 0) node.start = top.keyStart;
      top.node.children!.set(top.key, node);
    }
    top.expectKey = true;
    return false;
  };
  const anchorOf = (e: { anchorStart: number; anchorEnd: number }) => (e.anchorStart >= 0 ? text.slice(e.anchorStart, e.anchorEnd) : null);

  for (const e of events) {
    switch (e.type) {
      case E.SEQUENCE:
      case E.MAPPING: {
        const node: PosNode = {
          start: e.start,
          end: e.start,
          keyStart: e.start,
          kind: e.type === E.MAPPING ? "map" : "seq",
          children: new Map(),
        };
        const parentIgnored = stack[stack.length - 1]?.ignored ?? false;
        const isKey = attach(node);
        const anchor = anchorOf(e);
        if (anchor !== null) anchors.set(anchor, node);
        stack.push({ node, index: 0, expectKey: true, key: null, keyStart: e.start, merge: false, ignored: isKey || parentIgnored });
        break;
      }
      case E.SCALAR: {
        const start = scalarStart(e, text);
        const node: PosNode = { start, end: Math.max(start, e.valueEnd), keyStart: e.valueStart, kind: "leaf", children: null };
        const top = stack[stack.length - 1];
        const isKey = attach(node);
        if (isKey && top) {
          top.key = getScalarValue(text, e);
          if (top.key === "<<" && e.style === PLAIN && e.tagStart < 0) {
            top.merge = true;
            merges.push(e.valueStart);
          }
        }
        const anchor = anchorOf(e);
        if (anchor !== null) anchors.set(anchor, node);
        break;
      }
      case E.ALIAS: {
        const start = Math.max(0, e.anchorStart - 1);
        attach({
          start,
          end: start,
          keyStart: start,
          kind: "alias",
          children: null,
          target: anchors.get(text.slice(e.anchorStart, e.anchorEnd)) ?? null,
        });
        break;
      }
      case E.POP:
        stack.pop();
        break;
    }
  }
  return { root, merges };
}

const PLAIN = 1;

function scalarStart(e: ScalarEvent, text: string): number {
  // Point quoted scalars at their opening quote.
  const prev = text.charCodeAt(e.valueStart - 1);
  return (prev === 34 || prev === 39) && e.valueStart > 0 ? e.valueStart - 1 : e.valueStart;
}

/** An alias's anchored node (a few hops at most; anchors are defined before their aliases). */
function resolved(node: PosNode): PosNode {
  let current = node;
  for (let hops = 0; current.kind === "alias" && current.target && hops < 8; hops++) current = current.target;
  return current;
}

/** A mapping's child, found in its own keys first, then in what its merge keys bring in, in order. */
function childOf(node: PosNode, segment: string | number, depth = 0): PosNode | undefined {
  const own = node.children?.get(segment);
  if (own || !node.merges || depth > 8) return own;
  for (const merged of node.merges) {
    const source = resolved(merged);
    const sources = source.kind === "seq" ? [...source.children!.values()].map(resolved) : [source];
    for (const s of sources) {
      const found = s.kind === "map" ? childOf(s, segment, depth + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

function offsetOf(root: PosNode, path: Path, key: boolean): number {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    const child = childOf(resolved(node), path[i]!);
    if (!child) return node.start;
    if (key && i === path.length - 1) return child.keyStart;
    node = child;
  }
  return node.start;
}

/** The node at `path` (through aliases), or null when the path leaves the tree. */
function nodeAt(root: PosNode, path: Path): PosNode | null {
  let node = root;
  for (const segment of path) {
    const child = childOf(resolved(node), segment);
    if (!child) return null;
    node = child;
  }
  return resolved(node);
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

/** A node of `sourceTree`: where each value (and each mapping key) is in the text. */
export interface SourceNode {
  kind: "map" | "seq" | "scalar" | "alias";
  /** Start of the value (a quoted scalar's opening quote). */
  start: number;
  /** End of the value's last character (exclusive). */
  end: number;
  /** A block (indented) or flow (`{ }`, `[ ]`) collection. */
  flow: boolean;
  /** A scalar's text as read. */
  value?: string;
  /** Mapping entries in order, with where each key is. */
  entries?: { key: string; keyStart: number; keyEnd: number; value: SourceNode }[];
  /** Sequence items in order. */
  items?: SourceNode[];
}

/**
 * The document as source ranges, for tools that edit YAML text in place (the `migrate` command):
 * every edit is a splice of the original text, so comments and layout elsewhere are kept byte
 * for byte. Null when the text is not one YAML document.
 */
export function sourceTree(text: string): SourceNode | null {
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: 64 });
  } catch {
    return null;
  }
  interface Frame {
    node: SourceNode;
    pendingKey: { key: string; keyStart: number; keyEnd: number } | null;
    expectKey: boolean;
  }
  const stack: Frame[] = [];
  let root: SourceNode | null = null;
  const add = (node: SourceNode): boolean => {
    const top = stack[stack.length - 1];
    if (!top) {
      root ??= node;
      return false;
    }
    top.node.end = Math.max(top.node.end, node.end);
    if (top.node.kind === "seq") {
      top.node.items!.push(node);
      return false;
    }
    if (top.expectKey) {
      top.expectKey = false;
      top.pendingKey = { key: node.value ?? "", keyStart: node.start, keyEnd: node.end };
      return true;
    }
    if (top.pendingKey) top.node.entries!.push({ ...top.pendingKey, value: node });
    top.pendingKey = null;
    top.expectKey = true;
    return false;
  };
  for (const e of events) {
    switch (e.type) {
      case E.SEQUENCE:
      case E.MAPPING: {
        const node: SourceNode = {
          kind: e.type === E.MAPPING ? "map" : "seq",
          start: e.start,
          end: e.start + 1,
          flow: e.style === 2,
          ...(e.type === E.MAPPING ? { entries: [] } : { items: [] }),
        };
        add(node);
        stack.push({ node, pendingKey: null, expectKey: true });
        break;
      }
      case E.SCALAR: {
        const start = scalarStart(e, text);
        const quoted = start < e.valueStart;
        const end = quoted && (text[e.valueEnd] === '"' || text[e.valueEnd] === "'") ? e.valueEnd + 1 : e.valueEnd;
        add({ kind: "scalar", start, end: Math.max(start, end), flow: false, value: getScalarValue(text, e) });
        break;
      }
      case E.ALIAS:
        add({ kind: "alias", start: Math.max(0, e.anchorStart - 1), end: e.anchorEnd, flow: false });
        break;
      case E.POP: {
        const frame = stack.pop();
        if (!frame) break;
        if (frame.node.flow) {
          // A flow collection ends at its closing bracket.
          const close = text.indexOf(frame.node.kind === "map" ? "}" : "]", frame.node.end - 1);
          if (close >= 0) frame.node.end = close + 1;
        }
        const parent = stack[stack.length - 1];
        if (parent) parent.node.end = Math.max(parent.node.end, frame.node.end);
        break;
      }
    }
  }
  return root;
}
