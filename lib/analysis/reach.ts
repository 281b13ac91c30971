import { branchTaken, isRefusal, lineAt, positionAfter, step, type CallPosition } from "../customer/step";
import { holds, type Condition } from "../scenario/condition";
import type { Problem } from "../scenario/load";
import type { Scenario } from "../scenario/model";
import type { EndingKind } from "../scenario/schema";
import { parseYaml, type Path } from "../scenario/yaml-source";
import { explorePositions, type PositionGraph } from "./positions";

/**
 * What a set of call positions has in common, for a trainer to read: the range of each mood field
 * and the flags set at every one of them or at some. The one place that turns positions into words.
 */
export interface Span {
  positions: number;
  anger: [number, number];
  trust: [number, number];
  /** The flags set at every position (a bitmask over `Scenario.flags`). */
  flagsAlways: number;
  /** The flags set at one position or more. */
  flagsSometimes: number;
}

export function emptySpan(): Span {
  return { positions: 0, anger: [101, -1], trust: [101, -1], flagsAlways: -1, flagsSometimes: 0 };
}

export function widen(span: Span, at: CallPosition): void {
  span.positions++;
  span.anger = [Math.min(span.anger[0], at.mood.anger), Math.max(span.anger[1], at.mood.anger)];
  span.trust = [Math.min(span.trust[0], at.mood.trust), Math.max(span.trust[1], at.mood.trust)];
  span.flagsAlways &= at.flags;
  span.flagsSometimes |= at.flags;
}

/** The span in words: "anger 40–70, trust 20; promised-today set, apologised set or not". */
export function describeSpan(span: Span, flags: readonly string[] = []): string {
  const range = ([low, high]: [number, number]) => (low === high ? `${low}` : `${low}–${high}`);
  const always = span.positions ? span.flagsAlways : 0;
  const named = (mask: number) => flags.filter((_, i) => mask & (1 << i));
  const parts = [`anger ${range(span.anger)}, trust ${range(span.trust)}`];
  if (named(always).length) parts.push(`${named(always).join(", ")} set`);
  if (named(span.flagsSometimes & ~always).length) parts.push(`${named(span.flagsSometimes & ~always).join(", ")} set or not`);
  return parts.join("; ");
}

/** Whether a line's or a branch's condition holds at a position (on its mood and flags). */
function holdsAt(condition: Condition | undefined, at: CallPosition): boolean {
  return holds(condition, at.mood, at.flags);
}

/** A node, customer line or branch that no call ever reaches, with where it is written. */
export interface Unreachable {
  kind: "node" | "line" | "branch";
  node: string;
  /** Its place in the YAML (see `locate`), e.g. ["nodes", 3, "customer", 1]. */
  path: Path;
  message: string;
}

/**
 * Every node, customer line and branch that no call can reach, worked out from every call position
 * (`explorePositions`): a node no position is at; a line never the first whose condition holds at
 * a position at its node; a branch never the first that holds after its choice. Nothing when the
 * positions were too many to enumerate (`complete: false`): then no claim can be made.
 */
export function unreachableParts(scenario: Scenario, graph: PositionGraph): { parts: Unreachable[]; complete: boolean } {
  if (graph.truncated) return { parts: [], complete: false };
  const at = new Map<string, { span: Span; positions: CallPosition[]; lines: Set<number> }>();
  const after = new Map<string, { span: Span; positions: CallPosition[]; branches: Set<number> }>();
  for (const position of graph.positions) {
    const node = scenario.nodes[position.node]!;
    let here = at.get(node.id);
    if (!here) at.set(node.id, (here = { span: emptySpan(), positions: [], lines: new Set() }));
    widen(here.span, position);
    here.positions.push(position);
    here.lines.add(lineAt(scenario, position));
    for (const choice of node.ending ? [] : node.choices) {
      const played = step(scenario, position, choice.id);
      if (isRefusal(played)) continue;
      let there = after.get(choice.id);
      if (!there) after.set(choice.id, (there = { span: emptySpan(), positions: [], branches: new Set() }));
      const next = positionAfter(played);
      widen(there.span, next);
      there.positions.push(next);
      there.branches.add(branchTaken(played));
    }
  }

  const parts: Unreachable[] = [];
  scenario.nodeIds.forEach((id, n) => {
    const node = scenario.nodes[id]!;
    const here = at.get(id);
    if (!here) {
      parts.push({
        kind: "node",
        node: id,
        path: ["nodes", n, "id"],
        message: `node \`${id}\` is never reached: every branch that leads here needs a mood the customer never has at that point`,
      });
      return;
    }
    const moods = describeSpan(here.span, scenario.flags);
    node.lines.forEach((line, i) => {
      if (here.lines.has(i) || node.lines.length === 1) return;
      const own = here.positions.some((p) => holdsAt(line.when, p));
      parts.push({
        kind: "line",
        node: id,
        path: ["nodes", n, "customer", i],
        message: own
          ? `this line is never said: whenever the call is at \`${id}\` (${moods}) a line above it is said instead; reorder the lines or remove this one`
          : `this line is never said: whenever the call is at \`${id}\` the customer's mood is ${moods}, so its condition never holds; change the condition or remove the line`,
      });
    });
    node.choices.forEach((choice, c) => {
      const there = after.get(choice.id);
      // Branches from scenario-wide rules come first; a rule that applies after no choice at all
      // is the loader's warning, and one that cannot apply after this choice is no slip.
      const ruled = choice.branches.filter((branch) => branch.rule !== undefined).length;
      if (!there || choice.branches.length - ruled <= 1) return;
      const moods = describeSpan(there.span, scenario.flags);
      choice.branches.forEach((branch, b) => {
        if (branch.rule !== undefined || there.branches.has(b)) return;
        const own = there.positions.some((p) => holdsAt(branch.when, p));
        parts.push({
          kind: "branch",
          node: id,
          path: ["nodes", n, "choices", c, "next", b - ruled],
          message: own
            ? `this branch is never taken: after \`${choice.id}\` (${moods}) a branch above it always matches first; reorder the branches or remove this one`
            : `this branch is never taken: after \`${choice.id}\` the customer's mood is ${moods}, so its condition never holds; change the condition or remove the branch`,
        });
      });
    });
  });
  return { parts, complete: true };
}

/** Call positions the checks (`validate`, the editor) enumerate before they stop looking for lines that are never said. */
export const CHECK_POSITIONS = 50_000;

/**
 * The warnings the loader cannot give on its own, each at its `file:line:col`: nodes, customer
 * lines and branches that no call ever reaches. Run after a successful load, on the same text.
 */
export function reachWarnings(scenario: Scenario, text: string, file: string, maxPositions = CHECK_POSITIONS): Problem[] {
  const graph = explorePositions(scenario, maxPositions);
  const { parts, complete } = unreachableParts(scenario, graph);
  if (!complete) {
    return [
      {
        file,
        line: 1,
        col: 1,
        severity: "warning",
        message: `the customer can be at more than ${maxPositions.toLocaleString("en")} different moods across the nodes: lines and branches that can never happen were not looked for`,
      },
    ];
  }
  if (parts.length === 0) return [];
  const parsed = parseYaml(text, { maxDepth: 32, maxExpandedNodes: 250_000 });
  return parts.map((part) => {
    const { line, col } = parsed.ok ? parsed.locate(part.path) : { line: 1, col: 1 };
    return { file, line, col, severity: "warning" as const, message: part.message };
  });
}

/** One thing the agent can say, and one thing the customer can say next. */
export interface ReplyPair {
  /** The agent's choice: null for the customer's opening line. */
  choice: { id: string; node: string; text: string } | null;
  /** The node the customer answers from and which of its lines they say (index into `lines`). */
  node: string;
  line: number;
  reply: string;
  /** Set when the reply is the call's last line. */
  ending?: EndingKind;
  /** The customer's mood (and flags) whenever this reply follows this choice: the mood the line was picked on. */
  span: Span;
}

/**
 * Every reachable pair "agent's line → customer's reply", each once, in the order the file has
 * the choices (the opening line first), with what the customer's mood can be when it happens.
 * `complete: false` when the positions were too many to enumerate: the pairs then cover part of the calls.
 */
export function replyPairs(
  scenario: Scenario,
  graph: PositionGraph = explorePositions(scenario),
): { pairs: ReplyPair[]; complete: boolean } {
  const pairs = new Map<string, ReplyPair>();
  const pair = (choice: ReplyPair["choice"], at: CallPosition) => {
    const node = scenario.nodes[at.node]!;
    const line = lineAt(scenario, at);
    const key = `${choice?.id ?? ""}|${at.node}|${line}`;
    let found = pairs.get(key);
    if (!found) {
      found = {
        choice,
        node: at.node,
        line,
        reply: node.lines[line]!.text,
        ...(node.ending ? { ending: node.ending.kind } : {}),
        span: emptySpan(),
      };
      pairs.set(key, found);
    }
    widen(found.span, at);
  };
  pair(null, graph.positions[0]!);
  for (const position of graph.positions) {
    const node = scenario.nodes[position.node]!;
    if (node.ending) continue;
    for (const choice of node.choices) {
      const played = step(scenario, position, choice.id);
      if (!isRefusal(played)) pair({ id: choice.id, node: node.id, text: choice.text }, positionAfter(played));
    }
  }
  // File order: the opening, then node by node, choice by choice, then the replies in the order the node lists them.
  const order = new Map<string, number>();
  scenario.nodeIds.forEach((id) => scenario.nodes[id]!.choices.forEach((c) => order.set(c.id, order.size)));
  const nodeOrder = new Map(scenario.nodeIds.map((id, i) => [id, i]));
  const sorted = [...pairs.values()].sort(
    (a, b) =>
      (a.choice ? order.get(a.choice.id)! + 1 : 0) - (b.choice ? order.get(b.choice.id)! + 1 : 0) ||
      nodeOrder.get(a.node)! - nodeOrder.get(b.node)! ||
      a.line - b.line,
  );
  return { pairs: sorted, complete: !graph.truncated };
}
