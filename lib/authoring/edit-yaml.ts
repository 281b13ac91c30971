import {
  CST,
  Document,
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import { ENDING_KINDS, type EndingKind } from "../scenario/schema";
import { isTag } from "../scenario/tags";
import { parseYaml, type Path } from "../scenario/yaml-source";

/**
 * Edits from the graph and its side panel, written into the scenario's YAML text as the author
 * would have typed them: comments, blank lines, quoting and key order are kept, and every line
 * the edit does not touch stays byte for byte. Positions come from the `yaml` package's
 * document (its nodes keep their source ranges and CST tokens); each edit is a splice of the
 * original text, checked afterwards by parsing the result with the loader's own parser and
 * comparing it with the intended value. An edit that cannot be written that way is refused
 * with a message, never half done. Pure and browser-safe (decision 0052).
 */

export type ScenarioField =
  "title" | "brief" | "difficulty" | "persona.name" | "persona.description" | "mood.anger" | "mood.trust" | "start";

export interface EndingEdit {
  kind: EndingKind;
  summary?: string;
}

export type ScenarioEdit =
  | { kind: "set-scenario-field"; field: ScenarioField; value: string | number }
  | { kind: "add-fact"; text: string; id?: string }
  | { kind: "set-fact"; factId: string; text: string }
  /** `from`: the choice that leads to the new node (one edit, one undo step). */
  | { kind: "add-node"; customer: string; id?: string; ending?: EndingEdit; from?: { nodeId: string; choiceId: string; branch?: number } }
  | { kind: "remove-node"; nodeId: string }
  /** `line`: which of several customer lines (default: the last, the one said when no `when` holds). */
  | { kind: "set-customer"; nodeId: string; text: string; line?: number }
  | { kind: "set-ending"; nodeId: string; ending: EndingEdit | null }
  | { kind: "add-choice"; nodeId: string; text: string; tags?: string[]; next?: string; id?: string }
  | { kind: "remove-choice"; nodeId: string; choiceId: string }
  | { kind: "set-choice-text"; nodeId: string; choiceId: string; text: string }
  /** An empty text removes the feedback. */
  | { kind: "set-feedback"; nodeId: string; choiceId: string; text: string }
  | { kind: "set-tags"; nodeId: string; choiceId: string; tags: string[] }
  /** A missing or 0 value is left out; both left out removes `mood`. */
  | { kind: "set-mood"; nodeId: string; choiceId: string; mood: { anger?: number | null; trust?: number | null } }
  /** The facts a paraphrase covers; empty removes `facts`. */
  | { kind: "set-choice-facts"; nodeId: string; choiceId: string; facts: string[] }
  /** Points a choice (or, for a choice with branches, one branch: default the last) at a node. */
  | { kind: "connect"; nodeId: string; choiceId: string; to: string; branch?: number };

export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

export type EditResult =
  | {
      ok: true;
      text: string;
      /** The one replacement that turns the old text into the new one (for the editor's transaction). */
      change: TextChange;
      /** What to show after the edit (a new node or choice). */
      select?: { nodeId: string; choiceId?: string };
    }
  | { ok: false; message: string };

export const MAX_CHOICES = 5;
const MAX_TEXT = 4000;
const ID_PATTERN = /^[a-z0-9][a-z0-9-_]*$/;
const LIMITS = { maxDepth: 32, maxExpandedNodes: 250_000 };
/** Keys whose small collections are written on one line, as in the template (`tags: [listen]`, `mood: { anger: -5 }`). */
const FLOW_KEYS = new Set(["tags", "facts", "wrongFacts", "mood", "ending"]);
const FIELD_PATHS: Record<ScenarioField, Path> = {
  title: ["title"],
  brief: ["brief"],
  difficulty: ["difficulty"],
  "persona.name": ["persona", "name"],
  "persona.description": ["persona", "description"],
  "mood.anger": ["mood", "anger"],
  "mood.trust": ["mood", "trust"],
  start: ["start"],
};
const FIELD_NAMES: Record<ScenarioField, string> = {
  title: "The title",
  brief: "The brief",
  difficulty: "The difficulty",
  "persona.name": "The customer's name",
  "persona.description": "The customer's description",
  "mood.anger": "The starting anger",
  "mood.trust": "The starting trust",
  start: "The start node",
};

/** An edit that cannot be made: its message says why and what to do instead. */
class Refused extends Error {}
const refuse = (message: string): never => {
  throw new Refused(message);
};

/** Applies one edit to the YAML text. Never throws: an edit that cannot be made comes back with a message. */
export function applyEdit(text: string, edit: ScenarioEdit): EditResult {
  parsedTexts.clear();
  try {
    const { text: next, select } = perform(text, edit);
    return { ok: true, text: next, change: changeBetween(text, next), ...(select ? { select } : {}) };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, message: err.message };
    return { ok: false, message: "This change could not be written into the YAML safely: make it in the Editor tab instead." };
  } finally {
    parsedTexts.clear();
  }
}

/** Texts parsed during one edit (the original, and each candidate once), so none is parsed twice. */
const parsedTexts = new Map<string, ReturnType<typeof parseYaml>>();
function parsed(text: string): ReturnType<typeof parseYaml> {
  let result = parsedTexts.get(text);
  if (!result) {
    result = parseYaml(text, LIMITS);
    if (parsedTexts.size > 8) parsedTexts.clear();
    parsedTexts.set(text, result);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The edits, in terms of the scenario

type Json = unknown;
type Rec = Record<string, Json>;

function perform(text: string, edit: ScenarioEdit): { text: string; select?: { nodeId: string; choiceId?: string } } {
  const data = readValue(text);
  switch (edit.kind) {
    case "set-scenario-field": {
      const path = FIELD_PATHS[edit.field];
      if (!path) refuse(`unknown field \`${String(edit.field)}\``);
      const name = FIELD_NAMES[edit.field];
      let value: string | number;
      if (edit.field === "mood.anger" || edit.field === "mood.trust") value = percent(edit.value, name);
      else if (edit.field === "difficulty") {
        value = String(edit.value);
        if (!["easy", "medium", "hard"].includes(value)) refuse("The difficulty is easy, medium or hard.");
      } else if (edit.field === "start") {
        value = String(edit.value);
        nodeIndex(data, value);
      } else {
        value = checkedText(edit.value, name, edit.field === "brief");
        // A brief written as a `|` block ends with a line break: it still does.
        if (edit.field === "brief" && isRecord(data) && typeof data.brief === "string" && data.brief.endsWith("\n")) value += "\n";
      }
      return { text: setAt(text, path, value) };
    }
    case "add-fact": {
      const factText = checkedText(edit.text, "A key fact");
      const taken = new Set(facts(data).map((f) => f.id));
      const id = edit.id === undefined ? freeId(factText, taken, "fact") : checkedNewId(edit.id, taken, "fact");
      return { text: appendAt(text, ["facts"], { id, text: factText }) };
    }
    case "set-fact": {
      const i = facts(data).findIndex((f) => f.id === edit.factId);
      if (i < 0) refuse(`There is no key fact \`${edit.factId}\`.`);
      return { text: setAt(text, ["facts", i, "text"], checkedText(edit.text, "A key fact")) };
    }
    case "add-node": {
      const customer = checkedText(edit.customer, "What the customer says");
      const taken = new Set(nodes(data).map((n) => (typeof n.id === "string" ? n.id : "")));
      const id = edit.id === undefined ? freeId(customer, taken, "node") : checkedNewId(edit.id, taken, "node");
      const item: Rec = { id, customer };
      if (edit.ending) item.ending = checkedEnding(edit.ending);
      if (edit.from) {
        // Checked before anything is written.
        const n = nodeIndex(data, edit.from.nodeId);
        choiceIndex(data, n, edit.from.choiceId);
      }
      let next = appendAt(text, ["nodes"], item);
      if (edit.from) next = connect(next, { ...edit.from, to: id });
      return { text: next, select: { nodeId: id } };
    }
    case "remove-node": {
      const n = nodeIndex(data, edit.nodeId);
      if (nodes(data).length === 1) refuse("A scenario needs at least one node: this is the only one.");
      if (isRecord(data) && data.start === edit.nodeId) refuse(`\`${edit.nodeId}\` is the start node: make another node the start first.`);
      const from = nodes(data)
        .filter((node) => choicesOf(node).some((c) => branchesOf(c).some((b) => b === edit.nodeId)))
        .map((node) => `\`${String(node.id)}\``);
      if (from.length)
        refuse(`Choices in ${from.join(", ")} lead to \`${edit.nodeId}\`: point them at another node first, then remove it.`);
      return { text: deleteAt(text, ["nodes", n]) };
    }
    case "set-customer": {
      const n = nodeIndex(data, edit.nodeId);
      const value = checkedText(edit.text, "What the customer says");
      const customer = nodes(data)[n]!.customer;
      if (Array.isArray(customer) && customer.length) {
        const line = edit.line ?? customer.length - 1;
        if (!Number.isInteger(line) || line < 0 || line >= customer.length) refuse(`Node \`${edit.nodeId}\` has no line ${line + 1}.`);
        return { text: setAt(text, ["nodes", n, "customer", line, "text"], value) };
      }
      return { text: setAt(text, ["nodes", n, "customer"], value) };
    }
    case "set-ending": {
      const n = nodeIndex(data, edit.nodeId);
      const node = nodes(data)[n]!;
      if (edit.ending === null) return { text: "ending" in node ? deleteAt(text, ["nodes", n, "ending"]) : text };
      const ending = checkedEnding(edit.ending);
      if (choicesOf(node).length)
        refuse(`Node \`${edit.nodeId}\` has choices, and an ending has none: remove its choices first, or end the call in a new node.`);
      if (isRecord(node.ending)) {
        let next = setAt(text, ["nodes", n, "ending", "kind"], ending.kind);
        if (ending.summary !== undefined) next = setAt(next, ["nodes", n, "ending", "summary"], ending.summary);
        else if ("summary" in node.ending) next = deleteAt(next, ["nodes", n, "ending", "summary"]);
        return { text: next };
      }
      return { text: setAt(text, ["nodes", n, "ending"], ending) };
    }
    case "add-choice": {
      const n = nodeIndex(data, edit.nodeId);
      const node = nodes(data)[n]!;
      if (node.ending !== undefined && node.ending !== null)
        refuse(`Node \`${edit.nodeId}\` ends the call: remove its ending before giving it choices.`);
      if (choicesOf(node).length >= MAX_CHOICES)
        refuse(`Node \`${edit.nodeId}\` already has ${MAX_CHOICES} choices, the most a node can have (the player maps them to keys 1-5).`);
      const choiceText = checkedText(edit.text, "What the agent says");
      const tags = checkedTags(edit.tags ?? [], false);
      const taken = new Set(nodes(data).flatMap((node) => choicesOf(node).map((c) => String(c.id))));
      const id = edit.id === undefined ? freeId(choiceText, taken, "choice") : checkedNewId(edit.id, taken, "choice");
      const choice: Rec = { id, text: choiceText, tags };
      if (edit.next !== undefined) {
        nodeIndex(data, edit.next);
        choice.next = edit.next;
      }
      return { text: appendAt(text, ["nodes", n, "choices"], choice), select: { nodeId: edit.nodeId, choiceId: id } };
    }
    case "remove-choice": {
      const n = nodeIndex(data, edit.nodeId);
      const c = choiceIndex(data, n, edit.choiceId);
      const only = choicesOf(nodes(data)[n]!).length === 1;
      return { text: only ? deleteAt(text, ["nodes", n, "choices"]) : deleteAt(text, ["nodes", n, "choices", c]) };
    }
    case "set-choice-text": {
      const [n, c] = choicePath(data, edit);
      return { text: setAt(text, ["nodes", n, "choices", c, "text"], checkedText(edit.text, "What the agent says")) };
    }
    case "set-feedback": {
      const [n, c] = choicePath(data, edit);
      const path: Path = ["nodes", n, "choices", c, "feedback"];
      if (edit.text.trim() === "") return { text: has(data, path) ? deleteAt(text, path) : text };
      return { text: setAt(text, path, checkedText(edit.text, "The feedback")) };
    }
    case "set-tags": {
      const [n, c] = choicePath(data, edit);
      return { text: setAt(text, ["nodes", n, "choices", c, "tags"], checkedTags(edit.tags, true)) };
    }
    case "set-mood": {
      const [n, c] = choicePath(data, edit);
      const mood: Rec = {};
      for (const key of ["anger", "trust"] as const) {
        const v = edit.mood[key];
        if (v === undefined || v === null || v === 0) continue;
        if (!Number.isInteger(v) || v < -100 || v > 100) refuse(`The ${key} change is a whole number from -100 to 100.`);
        mood[key] = v;
      }
      const path: Path = ["nodes", n, "choices", c, "mood"];
      if (!Object.keys(mood).length) return { text: has(data, path) ? deleteAt(text, path) : text };
      return { text: setAt(text, path, mood) };
    }
    case "set-choice-facts": {
      const [n, c] = choicePath(data, edit);
      const known = new Set(facts(data).map((f) => f.id));
      const chosen = [...new Set(edit.facts)];
      for (const f of chosen) if (!known.has(f)) refuse(`There is no key fact \`${f}\`: add it under the scenario's key facts first.`);
      const path: Path = ["nodes", n, "choices", c, "facts"];
      if (!chosen.length) return { text: has(data, path) ? deleteAt(text, path) : text };
      return { text: setAt(text, path, chosen) };
    }
    case "connect":
      return { text: connect(text, edit) };
    default:
      return refuse(`unknown edit \`${(edit as { kind?: unknown }).kind}\``);
  }
}

function connect(text: string, edit: { nodeId: string; choiceId: string; to: string; branch?: number }): string {
  const data = readValue(text);
  const n = nodeIndex(data, edit.nodeId);
  const c = choiceIndex(data, n, edit.choiceId);
  nodeIndex(data, edit.to);
  const next = (nodes(data)[n]!.choices as Rec[])[c]!.next;
  if (Array.isArray(next) && next.length) {
    const b = edit.branch ?? next.length - 1;
    if (!Number.isInteger(b) || b < 0 || b >= next.length) refuse(`Choice \`${edit.choiceId}\` has no branch ${b + 1}.`);
    return setAt(text, ["nodes", n, "choices", c, "next", b, "to"], edit.to);
  }
  return setAt(text, ["nodes", n, "choices", c, "next"], edit.to);
}

function readValue(text: string): Json {
  const result = parsed(text);
  if (!result.ok)
    refuse(`The YAML has a problem at line ${result.position.line} (${result.message}): fix it in the Editor tab, then edit here again.`);
  if (!isRecord(result.ok ? result.value : null))
    refuse("The text is not a scenario yet (no `id:`, `nodes:` and so on): start from a template.");
  return (result as { value: Json }).value;
}

function nodes(data: Json): Rec[] {
  const list = isRecord(data) ? data.nodes : undefined;
  return Array.isArray(list) ? list.map((n) => (isRecord(n) ? n : {})) : [];
}

function facts(data: Json): { id: string }[] {
  const list = isRecord(data) ? data.facts : undefined;
  return Array.isArray(list) ? list.map((f) => ({ id: isRecord(f) && typeof f.id === "string" ? f.id : "" })) : [];
}

function choicesOf(node: Rec): Rec[] {
  return Array.isArray(node.choices) ? node.choices.map((c) => (isRecord(c) ? c : {})) : [];
}

function branchesOf(choice: Rec): string[] {
  if (typeof choice.next === "string") return [choice.next];
  if (Array.isArray(choice.next)) return choice.next.flatMap((b) => (isRecord(b) && typeof b.to === "string" ? [b.to] : []));
  return [];
}

function nodeIndex(data: Json, nodeId: string): number {
  const i = nodes(data).findIndex((n) => n.id === nodeId);
  if (i < 0) refuse(`There is no node \`${nodeId}\`.`);
  return i;
}

function choiceIndex(data: Json, n: number, choiceId: string): number {
  const node = nodes(data)[n]!;
  const c = choicesOf(node).findIndex((choice) => choice.id === choiceId);
  if (c < 0) refuse(`Node \`${String(node.id)}\` has no choice \`${choiceId}\`.`);
  return c;
}

function choicePath(data: Json, edit: { nodeId: string; choiceId: string }): [number, number] {
  const n = nodeIndex(data, edit.nodeId);
  return [n, choiceIndex(data, n, edit.choiceId)];
}

function has(data: Json, path: Path): boolean {
  let at: Json = data;
  for (const key of path) {
    if (typeof key === "number" ? !Array.isArray(at) : !isRecord(at)) return false;
    at = (at as Record<string | number, Json>)[key];
    if (at === undefined) return false;
  }
  return true;
}

function checkedText(value: unknown, name: string, multiline = false): string {
  if (typeof value !== "string") return refuse(`${name} must be text.`);
  // A line of a call is one paragraph; only the brief keeps its line breaks.
  const text = multiline ? value.replace(/\r\n?/g, "\n").trim() : value.replace(/\s*[\r\n]+\s*/g, " ").trim();
  if (!text) refuse(`${name} must not be empty.`);
  if (text.length > MAX_TEXT) refuse(`${name} is ${text.length} characters; the most is ${MAX_TEXT}.`);
  return text;
}

function percent(value: unknown, name: string): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 100) refuse(`${name} is a whole number from 0 to 100.`);
  return n as number;
}

function checkedEnding(ending: EndingEdit): Rec {
  if (!(ENDING_KINDS as readonly string[]).includes(ending.kind))
    refuse(`An ending is one of ${ENDING_KINDS.join(", ")}, not \`${String(ending.kind)}\`.`);
  const out: Rec = { kind: ending.kind };
  if (ending.summary !== undefined && ending.summary.trim() !== "") out.summary = checkedText(ending.summary, "The ending's summary");
  return out;
}

function checkedTags(tags: readonly string[], atLeastOne: boolean): string[] {
  const out = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
  for (const tag of out) if (!isTag(tag)) refuse(`\`${tag}\` is not a tag: choose from the tag list.`);
  if (atLeastOne && !out.length) refuse("A choice needs at least one tag: the scorer reads only the tags.");
  return out;
}

function checkedNewId(id: string, taken: Set<string>, what: string): string {
  if (!ID_PATTERN.test(id) || id.length > 80)
    refuse(`\`${id}\` cannot be a ${what} id: use lower-case letters, digits, - and _ (e.g. \`opening-vent\`).`);
  if (taken.has(id)) refuse(`There is already a ${what} \`${id}\`: choose another id.`);
  return id;
}

/** An id from the first words of a text (`"I'm sorry you've lost..."` → `im-sorry-youve-lost`), made unique. */
export function freeId(text: string, taken: ReadonlySet<string>, fallback: string): string {
  const words = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f']/g, "")
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, 4);
  const base = (words.join("-").slice(0, 40).replace(/-+$/, "") || fallback).replace(/^[-_]+/, "") || fallback;
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

// ---------------------------------------------------------------------------------------------
// Text primitives: set, delete, append at a path, as splices of the original text

/** The document with source ranges; refuses text the `yaml` parser has trouble with. */
function documentOf(text: string): Document.Parsed {
  const doc = parseDocument(text, { keepSourceTokens: true, uniqueKeys: false, strict: false });
  if (doc.errors.length) {
    const line = doc.errors[0]!.linePos?.[0].line ?? 1;
    refuse(`The YAML has a problem at line ${line}: fix it in the Editor tab, then edit here again.`);
  }
  return doc;
}

/** Sets the value at `path` (creating the key, and missing maps above it); checked. */
function setAt(text: string, path: Path, value: Json): string {
  const expected = structuredClone(readValue(text));
  setIn(expected, path, value);
  return verified(
    writeAt(text, path, value, (next) => means(next, expected)),
    expected,
  );
}

function deleteAt(text: string, path: Path): string {
  const expected = structuredClone(readValue(text));
  deleteIn(expected, path);
  const doc = documentOf(text);
  const parent = nodeAt(doc, path.slice(0, -1));
  const key = path[path.length - 1]!;
  let next: string;
  if (isMap(parent)) next = removePair(text, parent, String(key));
  else if (isSeq(parent)) next = removeItem(text, parent, Number(key));
  else return refuse("This part of the YAML is written in a way the graph cannot change: edit it in the Editor tab.");
  return verified(next, expected);
}

function appendAt(text: string, path: Path, item: Json): string {
  const expected = structuredClone(readValue(text));
  const existing = getIn(expected, path);
  if (Array.isArray(existing)) existing.push(item);
  else setIn(expected, path, [item]);
  const doc = documentOf(text);
  const seq = nodeAt(doc, path);
  let next: string;
  if (seq === undefined || seq === null || (isScalar(seq) && seq.value === null)) next = writeAt(text, path, [item]);
  else if (isSeq(seq)) next = appendItem(text, seq, item);
  else return refuse(`\`${path.join(".")}\` is not a list in the YAML: fix it in the Editor tab.`);
  return verified(next, expected);
}

/** Whether the text, read by the loader's parser, is exactly the intended value. */
function means(text: string, expected: Json): boolean {
  const result = parsed(text);
  return result.ok && deepEqual(result.value, expected);
}

/** The new text must mean exactly what was intended; else the edit is refused. */
function verified(after: string, expected: Json): string {
  if (!means(after, expected)) refuse("This change could not be written into the YAML safely: make it in the Editor tab instead.");
  return after;
}

type Accept = (next: string) => boolean;

function writeAt(text: string, path: Path, value: Json, accept: Accept = () => true): string {
  const doc = documentOf(text);
  const key = path[path.length - 1]!;
  const parentPath = path.slice(0, -1);
  const parent = parentPath.length ? nodeAt(doc, parentPath) : doc.contents;
  if (parent === undefined || parent === null || (isScalar(parent) && parent.value === null)) {
    if (!parentPath.length) return refuse("The text is not a scenario yet: start from a template.");
    // A missing map above: create it with this one key.
    return writeAt(text, parentPath, typeof key === "number" ? [value] : { [key]: value }, accept);
  }
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (
      pair &&
      pair.value !== null &&
      !(isScalar(pair.value) && pair.value.value === null && pair.value.range?.[0] === pair.value.range?.[1])
    ) {
      return replaceNode(text, pair.value as Node, value, accept);
    }
    if (pair) return removePairThenInsert(text, parent, String(key), value);
    return insertPair(text, parent, String(key), value);
  }
  if (isSeq(parent) && typeof key === "number" && parent.items[key] !== undefined)
    return replaceNode(text, parent.items[key] as Node, value, accept);
  return refuse("This part of the YAML is written in a way the graph cannot change: edit it in the Editor tab.");
}

type Node = Scalar | YAMLMap | YAMLSeq | { range?: [number, number, number] };

function nodeAt(doc: Document.Parsed, path: Path): unknown {
  let at: unknown = doc.contents;
  for (const key of path) {
    if (isAlias(at)) refuse("This part of the YAML is an alias (`*name`): edit it where its anchor (`&name`) is, in the Editor tab.");
    if (isMap(at)) at = at.items.find((p) => isScalar(p.key) && p.key.value === key)?.value;
    else if (isSeq(at) && typeof key === "number") at = at.items[key];
    else return undefined;
  }
  if (isAlias(at)) refuse("This part of the YAML is an alias (`*name`): edit it where its anchor (`&name`) is, in the Editor tab.");
  return at;
}

function replaceNode(text: string, node: Node, value: Json, accept: Accept): string {
  if (isAlias(node))
    return refuse("This part of the YAML is an alias (`*name`): edit it where its anchor (`&name`) is, in the Editor tab.");
  if (isScalar(node) && (typeof value === "string" || typeof value === "number" || typeof value === "boolean")) {
    return replaceScalar(text, node, value, accept);
  }
  const range = node.range;
  if (!range) return refuse("This part of the YAML cannot be changed from the graph: edit it in the Editor tab.");
  const flow = isCollection(node) ? Boolean(node.flow) : true;
  if (flow || !isCollection(value as object)) {
    // One line for one line: `[a, b]`, `{ anger: -5 }`, or a collection written on one line before.
    return text.slice(0, range[0]) + renderFlow(value) + text.slice(range[1]);
  }
  // A block collection: rewrite its lines at the same indentation.
  const start = lineStart(text, range[0]);
  const indent = range[0] - start;
  const end = afterLine(text, range[1]);
  const nl = newline(text);
  const lines = renderBlock(value).map((l, i) => (i === 0 ? " ".repeat(indent) + l : l ? " ".repeat(indent) + l : l));
  return text.slice(0, start) + lines.join(nl) + nl + text.slice(end);
}

/** A scalar rewritten in its own style (plain, quoted, block), falling back to double quotes if the style cannot hold the text. */
function replaceScalar(text: string, node: Scalar, value: string | number | boolean, accept: Accept): string {
  const token = (node as unknown as { srcToken?: CST.Token }).srcToken;
  const range = node.range;
  if (!range) return refuse("This value cannot be changed from the graph: edit it in the Editor tab.");
  if (typeof value !== "string") return text.slice(0, range[0]) + String(value) + text.slice(range[1]);
  if (!token || !CST.isScalar(token)) return text.slice(0, range[0]) + renderFlow(value) + text.slice(range[1]);
  const original = CST.stringify(token);
  const offset = token.offset;
  const multiline = value.includes("\n");
  const styles: Scalar.Type[] = [];
  const own = node.type as Scalar.Type | undefined;
  if (multiline && own !== "BLOCK_LITERAL" && own !== "BLOCK_FOLDED") styles.push("BLOCK_LITERAL");
  if (own) styles.push(own);
  styles.push("QUOTE_DOUBLE");
  const inFlow = (token as { indent?: number }).indent === undefined ? false : insideFlow(text, offset);
  for (const type of styles) {
    const copy = structuredClone(token);
    try {
      CST.setScalarValue(copy, value, { afterKey: true, inFlow, type });
    } catch {
      continue;
    }
    const next = text.slice(0, offset) + CST.stringify(copy) + text.slice(offset + original.length);
    // The first style that reads back as exactly this text wins (`true` or `12` written plain would not).
    if (accept(next)) return next;
  }
  return refuse("This text could not be written into the YAML safely: edit it in the Editor tab.");
}

function insideFlow(text: string, offset: number): boolean {
  // Inside `[...]` or `{...}` on the same line: enough for the values the graph edits.
  const start = lineStart(text, offset);
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < offset; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "[" || ch === "{") depth++;
    else if (ch === "]" || ch === "}") depth--;
    else if (ch === "#" && (i === start || /\s/.test(text[i - 1]!))) break;
  }
  return depth > 0;
}

/** Adds `key: value` as the map's last entry, at its indentation. */
function insertPair(text: string, map: YAMLMap, key: string, value: Json): string {
  const range = map.range;
  if (!range || !map.items.length) return refuse("This part of the YAML cannot be changed from the graph: edit it in the Editor tab.");
  if (map.flow) {
    const current = map.toJSON() as Rec;
    return text.slice(0, range[0]) + renderFlow({ ...current, [key]: value }) + text.slice(range[1]);
  }
  const firstKey = map.items[0]!.key as Node;
  const indent = firstKey.range![0] - lineStart(text, firstKey.range![0]);
  const last = map.items[map.items.length - 1]!;
  const lastEnd = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1];
  const at = afterLine(text, lastEnd);
  const nl = newline(text);
  const lines = renderBlock({ [key]: value }).map((l) => (l ? " ".repeat(indent) + l : l));
  const before = at === text.length && text.length && !text.endsWith("\n") ? nl : "";
  return text.slice(0, at) + before + lines.join(nl) + nl + text.slice(at);
}

/** `key:` with nothing after it: the key's line is replaced by `key: value`. */
function removePairThenInsert(text: string, map: YAMLMap, key: string, value: Json): string {
  if (map.items.length === 1 || map.flow) return refuse(`\`${key}\` is empty in the YAML: fill it in the Editor tab.`);
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key)!;
  const keyStart = (pair.key as Node).range![0];
  if (text.slice(lineStart(text, keyStart), keyStart).trim() !== "")
    return refuse(`\`${key}\` is empty in the YAML: fill it in the Editor tab.`);
  const start = lineStart(text, keyStart);
  const end = afterLine(text, (pair.key as Node).range![1]);
  const nl = newline(text);
  const lines = renderBlock({ [key]: value }).map((l) => (l ? " ".repeat(keyStart - start) + l : l));
  return text.slice(0, start) + lines.join(nl) + nl + text.slice(end);
}

function removePair(text: string, map: YAMLMap, key: string): string {
  const index = map.items.findIndex((p) => isScalar(p.key) && p.key.value === key);
  if (index < 0) return text;
  if (map.flow) {
    const current = map.toJSON() as Rec;
    delete current[key];
    return text.slice(0, map.range![0]) + renderFlow(current) + text.slice(map.range![1]);
  }
  if (map.items.length === 1) return refuse(`\`${key}\` is the only entry left here: remove it in the Editor tab.`);
  const pair = map.items[index]!;
  const keyStart = (pair.key as Node).range![0];
  const valueEnd = (pair.value as Node | null)?.range?.[1] ?? (pair.key as Node).range![1];
  const start = lineStart(text, keyStart);
  if (text.slice(start, keyStart).trim() === "") {
    // Its own lines (the key and any block value under it).
    return joinBlank(text, start, afterLine(text, valueEnd));
  }
  // The first key of a list item (`- id: x`): the next key moves up onto the `- ` line.
  const next = map.items[index + 1];
  if (!next) return refuse(`\`${key}\` cannot be removed from the graph: edit it in the Editor tab.`);
  return text.slice(0, keyStart) + text.slice((next.key as Node).range![0]);
}

/** The offsets of a block sequence's `-` indicators, one per item. */
function dashes(seq: YAMLSeq): number[] {
  const token = (seq as unknown as { srcToken?: CST.BlockSequence }).srcToken;
  if (!token || token.type !== "block-seq") return [];
  return token.items.flatMap((item) => item.start.filter((t) => t.type === "seq-item-ind").map((t) => t.offset));
}

function appendItem(text: string, seq: YAMLSeq, item: Json): string {
  if (seq.flow) {
    if (isCollection(item as object) || (typeof item === "object" && item !== null))
      refuse("This list is written on one line (in `[ ]`): add to it in the Editor tab.");
    const current = seq.toJSON() as Json[];
    return text.slice(0, seq.range![0]) + renderFlow([...current, item]) + text.slice(seq.range![1]);
  }
  const marks = dashes(seq);
  if (!marks.length || marks.length !== seq.items.length)
    return refuse("This list cannot be changed from the graph: edit it in the Editor tab.");
  const indent = marks[0]! - lineStart(text, marks[0]!);
  const last = seq.items[seq.items.length - 1] as Node | null;
  const lastEnd = last?.range?.[1] ?? marks[marks.length - 1]! + 1;
  const at = afterLine(text, lastEnd);
  const nl = newline(text);
  // Items separated by a blank line (as nodes are in the template) get one too.
  const spaced =
    marks.length >= 2 &&
    /\n[ \t]*\r?\n/.test(text.slice(afterLine(text, (seq.items[marks.length - 2] as Node).range![1]) - 1, marks[marks.length - 1]));
  const body = renderBlock(item).map((l, i) => (i === 0 ? `- ${l}` : l ? `  ${l}` : l));
  const lines = body.map((l) => (l ? " ".repeat(indent) + l : l));
  const before = (at === text.length && text.length && !text.endsWith("\n") ? nl : "") + (spaced ? nl : "");
  return text.slice(0, at) + before + lines.join(nl) + nl + text.slice(at);
}

function removeItem(text: string, seq: YAMLSeq, index: number): string {
  if (seq.flow) {
    const current = seq.toJSON() as Json[];
    current.splice(index, 1);
    return text.slice(0, seq.range![0]) + renderFlow(current) + text.slice(seq.range![1]);
  }
  const marks = dashes(seq);
  if (marks.length !== seq.items.length || index >= marks.length)
    return refuse("This list cannot be changed from the graph: edit it in the Editor tab.");
  if (seq.items.length === 1) return refuse("This is the only item left in the list: remove it in the Editor tab.");
  const item = seq.items[index] as Node | null;
  const start = lineStart(text, marks[index]!);
  if (text.slice(start, marks[index]).trim() !== "")
    return refuse("This list cannot be changed from the graph: edit it in the Editor tab.");
  const end = afterLine(text, item?.range?.[1] ?? marks[index]! + 1);
  return joinBlank(text, start, end);
}

/** Removes text[start, end) (whole lines), and one of two blank lines that would then meet. */
function joinBlank(text: string, start: number, end: number): string {
  let from = start;
  const before = text.slice(lineStart(text, Math.max(0, start - 1)), start);
  const after = text.slice(end, afterLine(text, end));
  const blank = (line: string) => line.trim() === "";
  if (start > 0 && blank(before) && (end >= text.length || blank(after) || isDedent(text, start, end))) {
    from = lineStart(text, start - 1);
  }
  return text.slice(0, from) + text.slice(end);
}

/** The line after the removed text is less indented than the removed text (the list ended there). */
function isDedent(text: string, start: number, end: number): boolean {
  const removedIndent = /^[ \t]*/.exec(text.slice(start))![0].length;
  const nextIndent = /^[ \t]*/.exec(text.slice(end))![0].length;
  return nextIndent < removedIndent;
}

// ---------------------------------------------------------------------------------------------
// Rendering new YAML in the template's style

/** Block YAML lines for a value; the small collections under FLOW_KEYS written on one line. */
function renderBlock(value: Json): string[] {
  const flows: string[] = [];
  const doc = new Document(value);
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && FLOW_KEYS.has(String(pair.key.value)) && isCollection(pair.value)) {
        // A placeholder that YAML writes plain, swapped for our own one-line form below.
        flows.push(renderFlow(pair.value.toJSON()));
        pair.value = doc.createNode(`FLOW${flows.length - 1}PLACEHOLDER`);
      }
    },
  });
  return doc
    .toString({ lineWidth: 0, indentSeq: true })
    .replace(/\n$/, "")
    .replace(/FLOW(\d+)PLACEHOLDER/g, (_, i: string) => flows[Number(i)]!)
    .split("\n");
}

/** One line, as the template writes them: `[a, b]` and `{ anger: -5, trust: 5 }`. */
function renderFlow(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(renderFlow).join(", ")}]`;
  if (isRecord(value)) {
    const entries = Object.entries(value).map(([k, v]) => `${flowScalar(k)}: ${renderFlow(v)}`);
    return entries.length ? `{ ${entries.join(", ")} }` : "{}";
  }
  return flowScalar(value);
}

/** A scalar as YAML writes it inside `[...]` (quoted when a comma, colon or bracket would end it). */
function flowScalar(value: Json): string {
  const doc = new Document([value]);
  (doc.contents as YAMLSeq).flow = true;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false }).trim().slice(1, -1);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** The start of the line after the one `offset` ends in (`offset` itself when it follows a line break). */
function afterLine(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === "\n") return offset;
  const nl = text.indexOf("\n", offset);
  return nl < 0 ? text.length : nl + 1;
}

function newline(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

/** The single replacement between two texts: common start and end kept. */
export function changeBetween(before: string, after: string): TextChange {
  let from = 0;
  const max = Math.min(before.length, after.length);
  while (from < max && before.charCodeAt(from) === after.charCodeAt(from)) from++;
  let tail = 0;
  while (tail < max - from && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { from, to: before.length - tail, insert: after.slice(from, after.length - tail) };
}

function isRecord(value: unknown): value is Rec {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function getIn(data: Json, path: Path): Json {
  let at: Json = data;
  for (const key of path) {
    if (!isRecord(at) && !Array.isArray(at)) return undefined;
    at = (at as Record<string | number, Json>)[key];
  }
  return at;
}

function setIn(data: Json, path: Path, value: Json): void {
  let at = data as Record<string | number, Json>;
  path.forEach((key, i) => {
    if (i === path.length - 1) at[key] = value;
    else {
      if (!isRecord(at[key]) && !Array.isArray(at[key])) at[key] = typeof path[i + 1] === "number" ? [] : {};
      at = at[key] as Record<string | number, Json>;
    }
  });
}

function deleteIn(data: Json, path: Path): void {
  const parent = getIn(data, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof key === "number") parent.splice(key, 1);
  else if (isRecord(parent)) delete parent[key];
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as Json[]).length && a.every((v, i) => deepEqual(v, (b as Json[])[i]));
  const ka = Object.keys(a as Rec);
  const kb = Object.keys(b as Rec);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Rec)[k], (b as Rec)[k]));
}
