import type { z } from "zod";
import { ScenarioSchema } from "./schema";
import { TAG_NAMES } from "./tags";
import type { Path } from "./yaml-source";

/**
 * Turns the schema's issues into messages a trainer can act on: what is wrong, where (which
 * node or choice), and what to write instead. Field names and the list of fields per mapping
 * are read from the schema itself, so new fields get the same messages.
 */

export interface FlatIssue {
  path: Path;
  message: string;
  atKey: boolean;
}

// ------------------------------------------------------------------ the schema's shape

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  innerType?: AnySchema;
  options?: AnySchema[];
  in?: AnySchema;
}
const defOf = (s: AnySchema) => (s as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(s: AnySchema): AnySchema {
  let d = defOf(s);
  while ((d.type === "optional" || d.type === "nullable" || d.type === "default" || d.type === "pipe") && (d.innerType ?? d.in)) {
    s = (d.innerType ?? d.in)!;
    d = defOf(s);
  }
  return s;
}

/** The schema of the value at `path` (choosing a union's list or mapping form to fit the path). */
function schemaAt(path: Path, wantObject: boolean): AnySchema | null {
  let s: AnySchema = ScenarioSchema;
  for (let i = 0; i <= path.length; i++) {
    s = unwrap(s);
    let d = defOf(s);
    const seg = path[i];
    const want = seg === undefined ? (wantObject ? "object" : null) : typeof seg === "number" ? "array" : "object";
    if (d.type === "union" && want) {
      const option = d.options!.map(unwrap).find((o) => defOf(o).type === want);
      if (!option) return null;
      s = option;
      d = defOf(s);
    }
    if (seg === undefined) return s;
    if (typeof seg === "number") {
      if (d.type !== "array") return null;
      s = d.element!;
    } else {
      if (d.type !== "object" || !d.shape![seg]) return null;
      s = d.shape![seg]!;
    }
  }
  return s;
}

/** The fields a mapping at `path` may have, in the schema's order. */
export function fieldsAt(path: Path): string[] {
  const s = schemaAt(path, true);
  const d = s ? defOf(s) : null;
  return d?.type === "object" ? Object.keys(d.shape!) : [];
}

let allFields: Map<string, Set<string>> | null = null;
/** Every field name in the format → the kinds of mapping that have it ("a choice", "a node"). */
function fieldOwners(): Map<string, Set<string>> {
  if (allFields) return allFields;
  const owners = new Map<string, Set<string>>();
  const seen = new Set<AnySchema>();
  const walk = (s: AnySchema, path: Path) => {
    s = unwrap(s);
    if (seen.has(s)) return;
    seen.add(s);
    const d = defOf(s);
    if (d.type === "object") {
      for (const [key, child] of Object.entries(d.shape!)) {
        const set = owners.get(key) ?? new Set<string>();
        set.add(kindOf(path));
        owners.set(key, set);
        walk(child, [...path, key]);
      }
    } else if (d.type === "array") walk(d.element!, [...path, 0]);
    else if (d.type === "union") for (const o of d.options!) walk(o, path);
  };
  walk(ScenarioSchema, []);
  allFields = owners;
  return owners;
}

/** Whether `name` is a field anywhere in the format (for the YAML slip messages). */
export function isFormatField(name: string): boolean {
  return fieldOwners().has(name);
}

/** "a choice", "a node", "the scenario": the kind of mapping at a path. */
function kindOf(path: Path): string {
  const names = path.filter((p): p is string => typeof p === "string");
  const last = names[names.length - 1];
  const lastIsItem = typeof path[path.length - 1] === "number";
  if (path.length === 0) return "the scenario";
  if (last === "nodes" && lastIsItem) return "a node";
  if (last === "choices" && lastIsItem) return "a choice";
  if (last === "customer" && lastIsItem) return "a customer line";
  if (last === "next" && lastIsItem) return "a branch of `next`";
  if (last === "facts" && lastIsItem && names.length === 1) return "a fact";
  if (last === "mood" && names.length > 1) return "a choice's `mood`";
  if (last === "weights") return "`scoring.weights`";
  return last ? `\`${last}\`` : "the scenario";
}

// ------------------------------------------------------------------ naming things

const code = (s: string) => `\`${s}\``;

function valueAt(data: unknown, path: Path): unknown {
  let current: unknown = data;
  for (const seg of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[seg];
  }
  return current;
}

function idAt(data: unknown, path: Path): string | null {
  const v = valueAt(data, [...path, "id"]);
  return typeof v === "string" && v.trim() !== "" ? v : null;
}

/** Names the mapping at `path` the way a trainer knows it: "node `opening`", "choice 2 of node `x`". */
export function nameOf(data: unknown, path: Path): string {
  if (path.length === 0) return "the scenario";
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  const before = path.slice(0, -2);
  if (typeof last === "number") {
    const id = idAt(data, path);
    if (parent === "nodes") return id ? `node ${code(id)}` : `node ${last + 1}`;
    if (parent === "choices") return id ? `choice ${code(id)}` : `choice ${last + 1} of ${nameOf(data, before)}`;
    if (parent === "facts" && before.length === 0) return id ? `fact ${code(id)}` : `fact ${last + 1}`;
    if (parent === "customer") return `customer line ${last + 1} of ${nameOf(data, before)}`;
    if (parent === "next") return `branch ${last + 1} of ${nameOf(data, before)}`;
    if (parent === "rules" && before.length === 0) return id ? `rule ${code(id)}` : `rule ${last + 1}`;
    return `${code(String(parent))} item ${last + 1}`;
  }
  const owner = path.slice(0, -1);
  if (owner.length === 0) return code(last!);
  return `the ${code(last!)} of ${nameOf(data, owner)}`;
}

/** What to write for a missing or empty field. */
const HINTS: Record<string, string> = {
  id: "give it an id of lower-case letters, digits, - and _ (like `opening-vent`)",
  title: "add the title trainees see in the library",
  version: "add `version: 1`",
  difficulty: "add `easy`, `medium` or `hard`",
  brief: "add what the trainee reads before the call",
  persona: "add `persona:` with a `name:` and a `description:`",
  name: "add the customer's name",
  description: "add a line about who the customer is",
  mood: "add the starting mood, like `mood: { anger: 60, trust: 30 }`",
  anger: "add a number from 0 to 100",
  trust: "add a number from 0 to 100",
  facts: "add the key facts a good summary must cover",
  start: "add the id of the first node",
  nodes: "add the nodes of the conversation",
  customer: "add what the customer says at this point",
  text: "add the words",
  tags: "add at least one tag, like `tags: [listen]`",
  next: "add the id of the node the call goes to next",
  to: "add the id of the node this branch goes to",
  kind: "use `resolved`, `escalated`, `hung-up` or `agent-ended`",
  laer: "give all four weights; they add up to 100",
  reflectiveListening: "give all four weights; they add up to 100",
  promises: "give all four weights; they add up to 100",
  professionalism: "give all four weights; they add up to 100",
};

function hintFor(field: string, owner: Path): string {
  if (field === "text") {
    const last = owner[owner.length - 2];
    if (last === "choices") return ": add what the agent says";
    if (last === "customer") return ": add what the customer says";
    if (last === "facts") return ": add the fact in words";
  }
  return HINTS[field] ? `: ${HINTS[field]}` : "";
}

function missing(data: unknown, owner: Path, field: string): string {
  return `${nameOf(data, owner)} has no ${code(field + ":")} line${hintFor(field, owner)}`;
}

function empty(data: unknown, path: Path, field: string): string {
  const owner = path.slice(0, -1);
  const where = owner.length ? ` in ${nameOf(data, owner)}` : "";
  return `${code(field + ":")}${where} is empty${hintFor(field, owner)}`;
}

// ------------------------------------------------------------------ issues → messages

/** How many unknown fields get a "did you mean" or the list of fields. */
const SUGGESTIONS = 200;

export function flattenIssues(issues: readonly z.core.$ZodIssue[], data: unknown, prefix: Path = []): FlatIssue[] {
  let unknown = 0;
  return dropMissingThatWereMisspelt(flatten(issues, data, prefix));

  function flatten(issues: readonly z.core.$ZodIssue[], data: unknown, prefix: Path): FlatIssue[] {
    const out: FlatIssue[] = [];
    for (const issue of issues) {
      const path = [...prefix, ...(issue.path as Path)];
      const value = valueAt(data, path);
      const field = fieldName(path);
      const last = path[path.length - 1];
      const name = typeof last === "string" ? last : null;
      // A field that is not there at all, whatever type it should have had.
      if (
        value === undefined &&
        name !== null &&
        (issue.code === "invalid_type" || issue.code === "invalid_union" || issue.code === "invalid_value")
      ) {
        out.push({ path: path.slice(0, -1), message: missing(data, path.slice(0, -1), name), atKey: false });
        continue;
      }
      if (
        value === null &&
        name !== null &&
        (issue.code === "invalid_type" || issue.code === "invalid_union" || issue.code === "invalid_value")
      ) {
        out.push({ path, message: empty(data, path, name), atKey: true });
        continue;
      }
      switch (issue.code) {
        case "invalid_type":
          if (value === undefined) {
            out.push({ path: path.slice(0, -1), message: `missing ${field}`, atKey: false });
          } else {
            out.push({
              path,
              message: `${field} should be ${article(issue.expected)}, got ${describe(value)}${typeHint(path, issue.expected, value)}`,
              atKey: false,
            });
          }
          break;
        case "unrecognized_keys":
          for (const key of issue.keys) {
            // Only so many are shown; past that, skip the "did you mean" (a hostile file has 100,000).
            const message = unknown++ < SUGGESTIONS ? unknownField(data, path, key) : `unknown field ${code(key)}`;
            out.push({ path: [...path, key], message, atKey: true });
          }
          break;
        case "invalid_union": {
          // Pick the alternative that matches the shape the author wrote (text vs list).
          const branches = issue.errors;
          const chosen = branches.find((b) => !b.some((i) => i.code === "invalid_type" && i.path.length === 0)) ?? null;
          if (chosen) out.push(...flatten(chosen, data, path));
          else out.push({ path, message: `${field} should be ${unionHint(path)}, got ${describe(value)}`, atKey: false });
          break;
        }
        case "invalid_value":
          out.push({
            path,
            message: `${field} should be one of ${issue.values.map((v) => `\`${String(v)}\``).join(", ")}, got ${describe(value)}`,
            atKey: false,
          });
          break;
        case "too_big":
          if (issue.origin === "string" && typeof value === "string") {
            out.push({
              path,
              message: `${field} is ${value.trim().length.toLocaleString("en-US")} characters long; the limit is ${Number(issue.maximum).toLocaleString("en-US")}: shorten it`,
              atKey: false,
            });
          } else if (issue.origin === "array" && Array.isArray(value) && name) {
            out.push({ path, message: `${nameOf(data, path.slice(0, -1))} has ${value.length} ${name}: ${issue.message}`, atKey: true });
          } else out.push({ path, message: `${field}: ${issue.message}`, atKey: false });
          break;
        case "too_small":
          if (issue.origin === "string" && name) out.push({ path, message: empty(data, path, name), atKey: true });
          else out.push({ path, message: `${field}: ${issue.message}`, atKey: false });
          break;
        case "invalid_format":
          if (typeof value === "string" && isIdField(path)) {
            const slug = toId(value);
            out.push({
              path,
              message: `${code(String(value))} is not a valid id: ${issue.message}${slug && slug !== value ? `; try ${code(slug)}` : ""}`,
              atKey: false,
            });
          } else out.push({ path, message: `${field}: ${issue.message}`, atKey: false });
          break;
        default:
          out.push({ path, message: `${field}: ${issue.message}`, atKey: false });
      }
    }
    return out;
  }
}

/** How to write a value of the right type, for the common mix-ups. */
const MAPPING_EXAMPLES: Record<string, string> = {
  mood: "mood: { anger: -10, trust: 5 }",
  ending: "ending: { kind: resolved, summary: The customer has a plan. }",
  persona: "persona: { name: Sam, description: Polite but fed up }",
};

function typeHint(path: Path, expected: string, value: unknown): string {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (expected === "string" && (typeof value === "number" || typeof value === "boolean")) {
    return `: put it in quotes (${code(`"${String(value)}"`)}) to use it as text`;
  }
  if (expected === "array" && typeof value === "string" && typeof last === "string") {
    return `: write a list in brackets, like ${code(`${last}: [${value.length > 40 ? value.slice(0, 40) + "…" : value}]`)}`;
  }
  if (expected === "array" && value !== null && typeof value === "object") {
    return ": start each item of a list with `- ` on its own line";
  }
  if (expected === "object" && parent === "next" && typeof value === "string") {
    return `: a branch is written ${code("{ when: anger >= 90, to: hang-up }")}; to go to one node, write ${code(`next: ${value}`)} without brackets`;
  }
  if (expected === "object" && typeof last === "string" && MAPPING_EXAMPLES[last]) {
    return `: write it like ${code(MAPPING_EXAMPLES[last])}`;
  }
  return "";
}

/** "unknown field `feedbak` in choice `x` (did you mean `feedback`?)", or where it belongs, or the list. */
function unknownField(data: unknown, owner: Path, key: string): string {
  const fields = fieldsAt(owner);
  const where = owner.length ? ` in ${nameOf(data, owner)}` : "";
  const near = suggest(key, fields);
  if (near) return `unknown field ${code(key)}${where}${near}`;
  const elsewhere = fieldOwners().get(key);
  if (elsewhere && elsewhere.size) {
    const kinds = [...elsewhere];
    return `${code(key + ":")} is not a field of ${kindOf(owner)}; it belongs to ${kinds.join(" or ")}: check its indentation`;
  }
  return `unknown field ${code(key)}${where}: the fields of ${kindOf(owner)} are ${fields.map(code).join(", ")}`;
}

/** A misspelt field also shows up as a missing one: keep only the "did you mean". */
function dropMissingThatWereMisspelt(issues: FlatIssue[]): FlatIssue[] {
  const meant = new Set<string>();
  for (const i of issues) {
    const m = /^unknown field `[^`]+`.* \(did you mean `([^`]+)`\?\)$/.exec(i.message);
    if (m && i.atKey) meant.add(`${JSON.stringify(i.path.slice(0, -1))}|${m[1]}`);
  }
  if (!meant.size) return issues;
  return issues.filter((i) => {
    const m = / has no `([^`]+):` line/.exec(i.message);
    return !(m && !i.atKey && meant.has(`${JSON.stringify(i.path)}|${m[1]}`));
  });
}

export function unknownTagMessage(tag: string, suggestion: string): string {
  if (suggestion) return `unknown tag ${code(tag)}${suggestion}`;
  return `unknown tag ${code(tag)}: use one of ${TAG_NAMES.map(code).join(", ")} (see the tag list in README)`;
}

function isIdField(path: Path): boolean {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  return (
    ["id", "start", "to", "next"].includes(String(last)) || (typeof last === "number" && ["facts", "wrongFacts"].includes(String(parent)))
  );
}

/** A readable id from what an author typed ("Sorry Again" → "sorry-again"). */
function toId(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[-_]+|-+$/g, "")
    .slice(0, 80);
}

function unionHint(path: Path): string {
  const last = path[path.length - 1];
  if (last === "customer") return "a line of text or a list of `{ when, text }` lines";
  if (last === "next") return "a node id or a list of `{ when, to }` branches";
  return "a different type";
}

function fieldName(path: Path): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if (typeof seg === "string") {
      const index = path[i + 1];
      return typeof index === "number" ? `\`${seg}\` item ${index + 1}` : `\`${seg}\``;
    }
  }
  return "the document";
}

function article(expected: string): string {
  const names: Record<string, string> = {
    string: "text",
    number: "a number",
    object: "a mapping of fields",
    array: "a list",
    boolean: "true or false",
  };
  return names[expected] ?? expected;
}

export function describe(value: unknown): string {
  if (value === null) return "nothing (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `text \`${value.length > 40 ? value.slice(0, 40) + "…" : value}\``;
  return `${typeof value} \`${String(value)}\``;
}

// ------------------------------------------------------------------ did you mean

/** " (did you mean `x`?)" when a close match exists. */
export function suggest(word: string, candidates: readonly string[]): string {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = c.startsWith(word) || word.startsWith(c) ? 1 : editDistance(word, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? ` (did you mean \`${best}\`?)` : "";
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Infinity;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
