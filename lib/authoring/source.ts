import { parseYaml, type Position } from "../scenario/yaml-source";

/** The loader's limits (lib/scenario/load.ts), so a peek never does more work than a load. */
const LIMITS = { maxDepth: 32, maxExpandedNodes: 250_000 };

function topLevel(text: string): Record<string, unknown> | null {
  const parsed = parseYaml(text, LIMITS);
  if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) return null;
  return parsed.value as Record<string, unknown>;
}

/**
 * A top-level text field of a scenario that may not load (a draft with problems): from the
 * parsed YAML when it parses, else from a `key: value` line at the start of a line.
 */
export function peekField(text: string, key: "id" | "title" | "difficulty" | "brief"): string | null {
  const doc = topLevel(text);
  if (doc) {
    const value = doc[key];
    return typeof value === "string" && value.trim() ? value.trim() : null;
  }
  const match = new RegExp(`^${key}:[ \\t]*(?:"([^"\\n]*)"|'([^'\\n]*)'|([^#\\n|>]*?))[ \\t]*(?:#.*)?$`, "m").exec(text);
  const value = (match?.[1] ?? match?.[2] ?? match?.[3] ?? "").trim();
  return value || null;
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
