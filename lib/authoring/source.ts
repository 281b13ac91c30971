import { parseYaml, type Position } from "../scenario/yaml-source";

/** The loader's limits (lib/scenario/load.ts), so a peek never does more work than a load. */
const LIMITS = { maxDepth: 32, maxExpandedNodes: 250_000 };

function topLevel(text: string): Record<string, unknown> | null {
  const parsed = parseYaml(text, LIMITS);
  if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) return null;
  return parsed.value as Record<string, unknown>;
}

type PeekKey = "id" | "title" | "difficulty" | "brief";

/**
 * A top-level text field of a scenario that may not load (a draft with problems): from the
 * parsed YAML when it parses, else from the first `key: value` line (scanned by hand: a regex
 * here backtracked for minutes on crafted lines).
 */
export function peekField(text: string, key: PeekKey): string | null {
  return fieldOf(topLevel(text), text, key);
}

/** `peekField` for every one of those fields, parsing the text once (a 1 MB draft takes a second to parse). */
export function peekFields(text: string): Record<PeekKey, string | null> {
  const doc = topLevel(text);
  return {
    id: fieldOf(doc, text, "id"),
    title: fieldOf(doc, text, "title"),
    difficulty: fieldOf(doc, text, "difficulty"),
    brief: fieldOf(doc, text, "brief"),
  };
}

function fieldOf(doc: Record<string, unknown> | null, text: string, key: PeekKey): string | null {
  if (doc) {
    const value = doc[key];
    return typeof value === "string" && value.trim() ? filled(doc, value).trim() : null;
  }
  const prefix = `${key}:`;
  let at = text.startsWith(prefix) ? 0 : text.indexOf(`\n${prefix}`);
  if (at < 0) return null;
  if (at > 0 || text[0] === "\n") at += 1;
  const end = text.indexOf("\n", at);
  return lineValue(text.slice(at + prefix.length, end < 0 ? undefined : end));
}

/** A format 2 draft's `${name}` placeholders filled from its `variables` (the unknown ones left as written). */
function filled(doc: Record<string, unknown>, value: string): string {
  const variables =
    doc.format === 2 && typeof doc.variables === "object" && doc.variables !== null ? (doc.variables as Record<string, unknown>) : null;
  if (!variables || !value.includes("${")) return value;
  return value.replace(/(\$?)\$\{([^}\s]*)\}/g, (token, escaped: string, name: string) => {
    if (escaped) return token.slice(1);
    const v = variables[name];
    return typeof v === "string" || typeof v === "number" ? String(v) : token;
  });
}

/** The value of `key: value` after the colon: quotes removed, a trailing comment dropped, block scalars not read. */
export function lineValue(rest: string): string | null {
  const line = rest.replace(/\r$/, "");
  if (line.length > 0 && line[0] !== " " && line[0] !== "\t") return null;
  const value = line.trim();
  const quote = value[0];
  if (quote === '"' || quote === "'") {
    const close = value.indexOf(quote, 1);
    return close > 1 ? value.slice(1, close).trim() || null : null;
  }
  if (value.startsWith("|") || value.startsWith(">")) return null;
  const comment = value.search(/\s#/);
  const plain = (comment >= 0 ? value.slice(0, comment) : value.startsWith("#") ? "" : value).trim();
  return plain || null;
}

/** Where a node's `id:` is in the text (1-based), or null when the text does not parse or has no such node. */
export function nodePosition(text: string, nodeId: string): Position | null {
  const parsed = parseYaml(text, LIMITS);
  if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null) return null;
  const nodes = (parsed.value as { nodes?: unknown }).nodes;
  if (!Array.isArray(nodes)) return null;
  const index = nodes.findIndex((n) => typeof n === "object" && n !== null && (n as { id?: unknown }).id === nodeId);
  if (index < 0) return null;
  return parsed.locate(["nodes", index, "id"], true);
}
