import { ENDING_KINDS, type EndingKind } from "../scenario/schema";
import { parseYaml } from "../scenario/yaml-source";

/**
 * What the graph's side panel shows and edits, read leniently from draft YAML (like
 * `graphFromSource`): whatever looks like a node, a choice or a fact is listed, with its text as
 * written, even when the loader rejects the file. Pure and browser-safe.
 */

export interface EditableChoice {
  id: string;
  text: string;
  tags: string[];
  feedback: string;
  mood: { anger: number | null; trust: number | null };
  facts: string[];
  /** Where the choice leads: one target, or each branch with its condition as written. */
  next: { to: string; when: string | null }[];
  branched: boolean;
}

export interface EditableNode {
  id: string;
  /** The customer's lines, in order (a plain `customer:` text is one line with no condition). */
  lines: { text: string; when: string | null }[];
  ending: { kind: EndingKind | null; summary: string } | null;
  choices: EditableChoice[];
  /** 1-based lines the node spans in the text (to its last line before the next node). */
  firstLine: number;
  lastLine: number;
}

export interface EditableScenario {
  title: string;
  brief: string;
  difficulty: string;
  personaName: string;
  personaDescription: string;
  anger: number | null;
  trust: number | null;
  start: string;
  facts: { id: string; text: string }[];
  nodes: EditableNode[];
}

const LIMITS = { maxDepth: 32, maxExpandedNodes: 250_000 };

/** null when the text is not YAML or not a mapping. */
export function readEditable(text: string): EditableScenario | null {
  const parsed = parseYaml(text, LIMITS);
  if (!parsed.ok || !isRecord(parsed.value)) return null;
  const doc = parsed.value;
  const persona = isRecord(doc.persona) ? doc.persona : {};
  const mood = isRecord(doc.mood) ? doc.mood : {};
  const lineCount = text.split("\n").length;

  const nodes: EditableNode[] = [];
  const seen = new Set<string>();
  const list = Array.isArray(doc.nodes) ? doc.nodes : [];
  const starts = list.map((_, i) => parsed.locate(["nodes", i]).line);
  list.forEach((item, i) => {
    if (!isRecord(item) || typeof item.id !== "string" || item.id === "" || seen.has(item.id)) return;
    seen.add(item.id);
    nodes.push({
      id: item.id,
      lines: linesOf(item.customer),
      ending: isRecord(item.ending)
        ? {
            kind: (ENDING_KINDS as readonly unknown[]).includes(item.ending.kind) ? (item.ending.kind as EndingKind) : null,
            summary: str(item.ending.summary),
          }
        : null,
      choices: Array.isArray(item.choices) ? item.choices.flatMap(choiceOf) : [],
      firstLine: starts[i]!,
      lastLine: i + 1 < starts.length ? starts[i + 1]! - 1 : lineCount,
    });
  });

  return {
    title: str(doc.title),
    brief: str(doc.brief),
    difficulty: str(doc.difficulty),
    personaName: str(persona.name),
    personaDescription: str(persona.description),
    anger: num(mood.anger),
    trust: num(mood.trust),
    start: str(doc.start),
    facts: Array.isArray(doc.facts)
      ? doc.facts.flatMap((f) => (isRecord(f) && typeof f.id === "string" ? [{ id: f.id, text: str(f.text) }] : []))
      : [],
    nodes,
  };
}

function choiceOf(value: unknown): EditableChoice[] {
  if (!isRecord(value) || typeof value.id !== "string") return [];
  const mood = isRecord(value.mood) ? value.mood : {};
  const next: EditableChoice["next"] = [];
  if (typeof value.next === "string") next.push({ to: value.next, when: null });
  else if (Array.isArray(value.next))
    for (const b of value.next) if (isRecord(b)) next.push({ to: str(b.to), when: typeof b.when === "string" ? b.when : null });
  return [
    {
      id: value.id,
      text: str(value.text),
      tags: Array.isArray(value.tags) ? value.tags.filter((t): t is string => typeof t === "string") : [],
      feedback: str(value.feedback),
      mood: { anger: num(mood.anger), trust: num(mood.trust) },
      facts: Array.isArray(value.facts) ? value.facts.filter((f): f is string => typeof f === "string") : [],
      next,
      branched: Array.isArray(value.next),
    },
  ];
}

function linesOf(customer: unknown): EditableNode["lines"] {
  if (typeof customer === "string") return [{ text: customer, when: null }];
  if (Array.isArray(customer))
    return customer.flatMap((v) => (isRecord(v) ? [{ text: str(v.text), when: typeof v.when === "string" ? v.when : null }] : []));
  return [];
}

function str(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
