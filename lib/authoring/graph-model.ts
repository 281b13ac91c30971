import { replay } from "../customer/replay";
import { parseYaml } from "../scenario/yaml-source";
import { nodesThatCanEnd } from "../scenario/graph";
import { conditionText, flagNames } from "../scenario/condition";
import type { Scenario } from "../scenario/model";
import type { Problem } from "../scenario/load";
import { ENDING_KINDS, type EndingKind } from "../scenario/schema";

/**
 * The conversation as a graph, for the trainer's graph view. Built either from a checked
 * `Scenario`, or leniently from draft YAML that the loader rejects (an unreachable node, a
 * dead end, an unknown target, a missing tag...), so the author sees the very thing the
 * problems are about. Pure: no React, no DOM.
 */

export interface GraphNode {
  id: string;
  /** The customer's first line (the one said when no mood condition matches is the last one). */
  line: string;
  ending: EndingKind | null;
  /** A node some choice points at but no node defines. */
  missing: boolean;
  start: boolean;
  unreachable: boolean;
  /** Reachable, but no ending can be reached from it. */
  deadEnd: boolean;
  /** 1-based line of the node's `id` in the source, when built from source. */
  sourceLine: number | null;
  /** Errors the loader reported inside this node's part of the file. */
  problems: number;
}

export interface GraphChoice {
  id: string;
  tags: string[];
  /** The branch's condition (mood and flags), as written. */
  when: string | null;
  /** Format 2: when the choice is offered at all (its own `when`), as written. */
  offeredWhen: string | null;
  /** Format 2: the flags the choice sets and clears. */
  sets: string[];
  clears: string[];
  /** The scenario-wide rule this edge comes from (then `when` is the rule's condition). */
  rule: string | null;
}

/** One edge per (source, target) pair: every choice and branch that leads there. */
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  choices: GraphChoice[];
}

export interface ConversationGraph {
  start: string | null;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

interface RawChoice {
  id: string;
  tags: string[];
  offeredWhen: string | null;
  sets: string[];
  clears: string[];
  branches: { to: string; when: string | null; rule: string | null }[];
}

interface RawNode {
  id: string;
  line: string;
  ending: EndingKind | null;
  choices: RawChoice[];
  sourceLine: number | null;
}

export function graphFromScenario(scenario: Scenario): ConversationGraph {
  const raw: RawNode[] = scenario.nodeIds.map((id) => {
    const node = scenario.nodes[id]!;
    return {
      id,
      line: node.lines[node.lines.length - 1]?.text ?? "",
      ending: node.ending?.kind ?? null,
      sourceLine: null,
      choices: node.choices.map((c) => ({
        id: c.id,
        tags: [...c.tags],
        offeredWhen: c.when ? conditionText(c.when) : null,
        sets: flagNames(scenario.flags, c.flagEffect?.set ?? 0),
        clears: flagNames(scenario.flags, c.flagEffect?.clear ?? 0),
        branches: c.branches.map((b) => ({ to: b.to, when: b.when ? conditionText(b.when) : null, rule: b.rule ?? null })),
      })),
    };
  });
  return build(scenario.start, raw);
}

/**
 * The graph of draft YAML, however incomplete: anything that looks like a node (a mapping with a
 * text `id` in `nodes`) is a node, anything that looks like a choice is a choice. Returns null
 * when the text is not YAML or has no `nodes` list. `problems` (from the loader, on the same
 * text) are counted against the node whose lines they fall in.
 */
export function graphFromSource(text: string, problems: readonly Problem[] = []): ConversationGraph | null {
  const yaml = parseYaml(text, { maxDepth: 32, maxExpandedNodes: 250_000 });
  if (!yaml.ok || !isRecord(yaml.value)) return null;
  const doc = yaml.value;
  if (!Array.isArray(doc.nodes)) return null;

  const rules = doc.format === 2 && Array.isArray(doc.rules) ? doc.rules.flatMap(ruleOf) : [];
  const variables = doc.format === 2 && isRecord(doc.variables) ? doc.variables : null;
  const fill = (line: string) =>
    variables
      ? line.replace(/\$\{([^}\s]*)\}/g, (token, name: string) =>
          typeof variables[name] === "string" || typeof variables[name] === "number" ? String(variables[name]) : token,
        )
      : line;

  const raw: RawNode[] = [];
  const seen = new Set<string>();
  const starts: number[] = [];
  doc.nodes.forEach((item, i) => {
    if (!isRecord(item) || typeof item.id !== "string" || item.id === "" || seen.has(item.id)) return;
    seen.add(item.id);
    const sourceLine = yaml.locate(["nodes", i, "id"]).line;
    starts.push(yaml.locate(["nodes", i]).line);
    raw.push({
      id: item.id,
      line: fill(lineOf(item.customer)),
      ending: endingOf(item.ending),
      sourceLine,
      choices: Array.isArray(item.choices) ? item.choices.flatMap((c, k) => choiceOf(c, k, rules)) : [],
    });
  });

  const graph = build(typeof doc.start === "string" ? doc.start : null, raw);
  // A problem belongs to the node whose lines it falls in (node i spans starts[i] .. starts[i+1]-1).
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length && raw.length) {
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    for (const p of errors) {
      let k = -1;
      for (let i = 0; i < starts.length && starts[i]! <= p.line; i++) k = i;
      if (k >= 0) byId.get(raw[k]!.id)!.problems++;
    }
  }
  return graph;
}

function build(start: string | null, raw: RawNode[]): ConversationGraph {
  const defined = new Map(raw.map((n) => [n.id, n]));
  const edges = new Map<string, GraphEdge>();
  const missing: string[] = [];
  for (const node of raw) {
    for (const choice of node.choices) {
      for (const b of choice.branches) {
        if (!defined.has(b.to) && !missing.includes(b.to)) missing.push(b.to);
        const key = `${node.id}->${b.to}`;
        let edge = edges.get(key);
        if (!edge) {
          edge = { id: key, source: node.id, target: b.to, choices: [] };
          edges.set(key, edge);
        }
        edge.choices.push({
          id: choice.id,
          tags: choice.tags,
          when: b.when,
          offeredWhen: choice.offeredWhen,
          sets: choice.sets,
          clears: choice.clears,
          rule: b.rule,
        });
      }
    }
  }

  const out = new Map<string, string[]>();
  for (const e of edges.values()) {
    if (!out.has(e.source)) out.set(e.source, []);
    out.get(e.source)!.push(e.target);
  }
  const reachable = new Set<string>();
  if (start !== null && defined.has(start)) {
    reachable.add(start);
    const queue = [start];
    while (queue.length) {
      for (const to of out.get(queue.pop()!) ?? []) {
        if (defined.has(to) && !reachable.has(to)) {
          reachable.add(to);
          queue.push(to);
        }
      }
    }
  }
  // Backwards from the endings: which nodes can still end the call (the loader's rule).
  const canEnd = nodesThatCanEnd(
    raw.filter((n) => n.ending).map((n) => n.id),
    [...edges.values()].map((e) => [e.source, e.target] as const),
  );

  const graphStart = start !== null && defined.has(start) ? start : null;
  const nodes: GraphNode[] = raw.map((n) => ({
    id: n.id,
    line: n.line,
    ending: n.ending,
    missing: false,
    start: n.id === graphStart,
    // Without a valid start node, reachability means nothing: mark nothing.
    unreachable: graphStart !== null && !reachable.has(n.id),
    deadEnd: graphStart !== null && reachable.has(n.id) && !canEnd.has(n.id),
    sourceLine: n.sourceLine,
    problems: 0,
  }));
  for (const id of missing) {
    nodes.push({
      id,
      line: "",
      ending: null,
      missing: true,
      start: false,
      unreachable: false,
      deadEnd: false,
      sourceLine: null,
      problems: 0,
    });
  }
  return { start: graphStart, nodes, edges: [...edges.values()] };
}

/**
 * With only a checked scenario (the last one that loaded) and the loader's problems for newer
 * text, mark the nodes those problems name as unreachable or dead ends. `graphFromSource` is
 * better (it also shows new nodes); this is the fallback when the text is not YAML.
 */
export function markNamedNodes(graph: ConversationGraph, problems: readonly Problem[]): ConversationGraph {
  const unreachable = new Set<string>();
  const deadEnd = new Set<string>();
  for (const p of problems) {
    const u = /^node `([^`]+)` is unreachable/.exec(p.message);
    if (u) unreachable.add(u[1]!);
    const d = /^no ending can be reached from node `([^`]+)`/.exec(p.message);
    if (d) deadEnd.add(d[1]!);
  }
  if (!unreachable.size && !deadEnd.size) return graph;
  return {
    ...graph,
    nodes: graph.nodes.map((n) => ({ ...n, unreachable: n.unreachable || unreachable.has(n.id), deadEnd: n.deadEnd || deadEnd.has(n.id) })),
  };
}

/** The nodes a path of choice ids visits, start and ending included (for highlighting). */
export function pathNodeIds(scenario: Scenario, choiceIds: readonly string[]): string[] {
  const played = replay(scenario, choiceIds);
  return [scenario.start, ...played.turns.map((t) => t.to)];
}

/** Node ids visited by a path of node ids, as edge ids (`a->b`), for highlighting. */
export function pathEdgeIds(nodeIds: readonly string[]): string[] {
  const ids: string[] = [];
  for (let i = 1; i < nodeIds.length; i++) ids.push(`${nodeIds[i - 1]}->${nodeIds[i]}`);
  return ids;
}

/**
 * The label of an edge: each choice's tags, "tag, tag / tag" for several choices, with the
 * branch's condition, when the choice is offered, the flags it sets and clears, and the
 * scenario-wide rule an edge comes from: `listen (offered if not promised) [sets promised] (if anger >= 90, rule hang-up)`.
 */
export function edgeLabel(edge: GraphEdge): string {
  return edge.choices
    .map((c) => {
      let label = c.tags.length ? c.tags.join(", ") : "no tag";
      if (c.offeredWhen) label += ` (offered if ${c.offeredWhen})`;
      const flags = [
        ...(c.sets.length ? [`sets ${c.sets.join(", ")}`] : []),
        ...(c.clears.length ? [`clears ${c.clears.join(", ")}`] : []),
      ];
      if (flags.length) label += ` [${flags.join("; ")}]`;
      if (c.when || c.rule) label += ` (${[c.when ? `if ${c.when}` : "", c.rule ? `rule ${c.rule}` : ""].filter(Boolean).join(", ")})`;
      return label;
    })
    .join(" / ");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function lineOf(customer: unknown): string {
  if (typeof customer === "string") return customer;
  if (Array.isArray(customer) && customer.length) {
    const last = customer[customer.length - 1];
    if (isRecord(last) && typeof last.text === "string") return last.text;
  }
  return "";
}

function endingOf(ending: unknown): EndingKind | null {
  if (!isRecord(ending)) return null;
  return (ENDING_KINDS as readonly unknown[]).includes(ending.kind) ? (ending.kind as EndingKind) : null;
}

interface RawRule {
  id: string;
  when: string | null;
  to: string;
  after: string[] | null;
}

function ruleOf(value: unknown): RawRule[] {
  if (!isRecord(value) || typeof value.to !== "string") return [];
  return [
    {
      id: typeof value.id === "string" ? value.id : "rule",
      when: typeof value.when === "string" ? value.when : null,
      to: value.to,
      after: Array.isArray(value.after) ? value.after.filter((t): t is string => typeof t === "string") : null,
    },
  ];
}

function choiceOf(value: unknown, index: number, rules: readonly RawRule[] = []): RawChoice[] {
  if (!isRecord(value)) return [];
  const id = typeof value.id === "string" ? value.id : `choice ${index + 1}`;
  const tags = Array.isArray(value.tags) ? value.tags.filter((t): t is string => typeof t === "string") : [];
  const branches: RawChoice["branches"] = [];
  // Scenario-wide rules first, as the loader compiles them (unless the choice turns them off).
  const override = value.rules;
  const skip = isRecord(override) && Array.isArray(override.skip) ? override.skip : [];
  if (override !== "off" && override !== false) {
    for (const r of rules) {
      if (skip.includes(r.id) || (r.after && !r.after.some((t) => tags.includes(t)))) continue;
      branches.push({ to: r.to, when: r.when, rule: r.id });
    }
  }
  if (typeof value.next === "string") branches.push({ to: value.next, when: null, rule: null });
  else if (Array.isArray(value.next)) {
    for (const b of value.next) {
      if (isRecord(b) && typeof b.to === "string")
        branches.push({ to: b.to, when: typeof b.when === "string" ? b.when : null, rule: null });
    }
  }
  const names = (list: unknown) => (Array.isArray(list) ? list.filter((f): f is string => typeof f === "string") : []);
  return [
    {
      id,
      tags,
      offeredWhen: typeof value.when === "string" ? value.when : null,
      sets: names(value.sets),
      clears: names(value.clears),
      branches,
    },
  ];
}
