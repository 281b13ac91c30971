import { isOffered, nextNodeId } from "../customer/mood";
import { isRefusal, step, type CallPosition } from "../customer/step";
import { conditionText } from "../scenario/condition";
import { formatProblem, loadScenario } from "../scenario/load";
import type { Branch, Choice, Scenario } from "../scenario/model";
import { LATEST_FORMAT } from "../scenario/schema";
import { sourceTree, type SourceNode } from "../scenario/yaml-source";

/**
 * Upgrades a scenario file to the latest format by editing its text in place: every change is a
 * splice of the original text, so the author's comments and layout everywhere else stay as they
 * were. Format 1 → 2:
 * - adds `format: 2`;
 * - writes a literal `${` in a text as `$${` (in format 2 `${name}` is a variable);
 * - collapses a branch repeated as the first branch of many choices (e.g. `anger >= 90 → hung-up`)
 *   into one scenario-wide rule. Rules apply after every choice, so a choice that did not have the
 *   branch, and after which the rule could fire, gets `rules: off` to keep its behaviour.
 * The result is checked before it is returned: it must load, and every choice in every state a
 * call can reach must do exactly what it did before (`sameBehaviour`).
 */

export interface MigrationChange {
  /** 1-based line in the original file. */
  line: number;
  message: string;
}

export type Migration =
  { ok: true; from: number; to: number; text: string; changes: MigrationChange[] } | { ok: false; message: string; problems?: string[] };

/** A repeated first branch becomes a rule when at least this many choices have it. */
const MIN_REPEATS = 3;

export function migrateScenario(text: string, file = "<input>"): Migration {
  const loaded = loadScenario(text, file);
  if (!loaded.ok) {
    return { ok: false, message: "the file does not load: fix these problems first", problems: loaded.problems.map(formatProblem) };
  }
  const tree = sourceTree(text);
  if (!tree || tree.kind !== "map" || tree.flow)
    return { ok: false, message: "the file is not a YAML mapping that can be edited in place" };
  const formatEntry = entry(tree, "format");
  const from = formatEntry?.value.value === "2" ? 2 : 1;
  if (from >= LATEST_FORMAT) return { ok: true, from, to: from, text, changes: [] };

  const edits: Edit[] = [];
  const changes: MigrationChange[] = [];
  const lines = new Lines(text);
  const change = (offset: number, message: string) => changes.push({ line: lines.lineOf(offset), message });

  // 1. The format field.
  if (formatEntry) {
    edits.push({ start: formatEntry.value.start, end: formatEntry.value.end, insert: "2" });
    change(formatEntry.keyStart, "`format: 1` is now `format: 2`");
  } else {
    const first = tree.entries![0]!;
    const at = lines.lineStart(first.keyStart);
    edits.push({ start: at, end: at, insert: "format: 2\n" });
    change(first.keyStart, "added `format: 2` (variables, flags, rules, snippets and merge keys need it)");
  }

  // 2. Literal `${` in texts.
  for (const node of textNodes(tree)) {
    if (node.kind !== "scalar" || !node.value?.includes("${")) continue;
    for (let at = text.indexOf("${", node.start); at >= 0 && at < node.end; at = text.indexOf("${", at + 2)) {
      edits.push({ start: at, end: at, insert: "$" });
      change(at, "`${` is now `$${`: in format 2 `${name}` fills in a variable, `$${` writes `${`");
    }
  }

  // 3. A repeated first branch becomes a scenario-wide rule.
  const rule = ruleEdits(loaded.scenario, tree, text, lines);
  if (rule.ok) {
    edits.push(...rule.edits);
    changes.push(...rule.changes);
  } else if (rule.note) changes.push(rule.note);

  const migrated = applyEdits(text, edits);
  const check = loadScenario(migrated, file);
  if (!check.ok) {
    return {
      ok: false,
      message: "the migrated text does not load (a bug in migrate: the file was not changed)",
      problems: check.problems.map(formatProblem),
    };
  }
  const difference = sameBehaviour(loaded.scenario, check.scenario);
  if (difference)
    return {
      ok: false,
      message: `the migrated scenario would behave differently (a bug in migrate: the file was not changed): ${difference}`,
    };
  changes.sort((a, b) => a.line - b.line);
  return { ok: true, from, to: LATEST_FORMAT, text: migrated, changes };
}

// ------------------------------------------------------------------ the rule

interface RuleResult {
  ok: boolean;
  edits: Edit[];
  changes: MigrationChange[];
  note?: MigrationChange;
}

function ruleEdits(scenario: Scenario, tree: SourceNode, text: string, lines: Lines): RuleResult {
  const none: RuleResult = { ok: false, edits: [], changes: [] };
  // The most common first branch that has a condition and leads to an ending.
  const groups = new Map<string, { when: string; to: string; choices: string[] }>();
  for (const id of scenario.nodeIds) {
    for (const choice of scenario.nodes[id]!.choices) {
      const first = choice.branches[0]!;
      if (!first.when || choice.branches.length < 2 || !scenario.nodes[first.to]?.ending) continue;
      const when = conditionText(first.when);
      const key = `${when}\u0000${first.to}`;
      const group = groups.get(key) ?? { when, to: first.to, choices: [] };
      group.choices.push(choice.id);
      groups.set(key, group);
    }
  }
  let best: { when: string; to: string; choices: string[] } | null = null;
  for (const g of groups.values()) if (!best || g.choices.length > best.choices.length) best = g;
  if (!best || best.choices.length < MIN_REPEATS) return none;
  const repeated = new Set(best.choices);
  const ruleId = best.to;

  const nodesEntry = entry(tree, "nodes");
  const startEntry = entry(tree, "start") ?? nodesEntry;
  if (!nodesEntry || nodesEntry.value.kind !== "seq" || nodesEntry.value.flow || !startEntry) return none;
  const firstBranch = scenario.nodes[
    scenario.nodeIds.find((id) => scenario.nodes[id]!.choices.some((c) => repeated.has(c.id)))!
  ]!.choices.find((c) => repeated.has(c.id))!.branches[0]!;

  // Which choices could fire the rule without having had the branch: from every state a call can reach.
  const firesElsewhere = choicesWhereRuleMatters(scenario, firstBranch, repeated);

  const edits: Edit[] = [];
  const changes: MigrationChange[] = [];
  const skip = (message: string): RuleResult => ({ ...none, note: { line: lines.lineOf(startEntry.keyStart), message } });
  for (const nodeSource of nodesEntry.value.items!) {
    const choices = entry(nodeSource, "choices")?.value;
    if (!choices || choices.kind !== "seq") continue;
    for (const choiceSource of choices.items!) {
      const id = entry(choiceSource, "id")?.value.value;
      if (!id) continue;
      if (repeated.has(id)) {
        const edit = removeFirstBranch(choiceSource, text, lines);
        if (!edit)
          return skip(
            `kept the repeated branch \`${best.when} → ${best.to}\`: choice \`${id}\` writes it in a way migrate does not edit (flow style or a comment inside); make it a rule by hand`,
          );
        edits.push(edit);
        changes.push({
          line: lines.lineOf(edit.start),
          message: `choice \`${id}\`: removed the branch \`${best.when} → ${best.to}\` (the rule \`${ruleId}\` does it now)`,
        });
      } else if (firesElsewhere.has(id)) {
        const edit = addRulesOff(choiceSource, text, lines);
        if (!edit)
          return skip(
            `kept the repeated branch \`${best.when} → ${best.to}\`: choice \`${id}\` would need \`rules: off\` and is written in flow style`,
          );
        edits.push(edit);
        changes.push({
          line: lines.lineOf(edit.start),
          message: `choice \`${id}\`: added \`rules: off\` (after it ${best.when} can hold and it did not lead to \`${best.to}\`; remove the line to let the rule apply)`,
        });
      }
    }
  }

  const removed = changes.filter((c) => c.message.includes("removed the branch")).length;
  const turnedOff = changes.length - removed;
  if (turnedOff >= removed) {
    return skip(
      `kept the branch \`${best.when} → ${best.to}\` that ${removed} choices start with: as a scenario-wide rule it would need \`rules: off\` on ${turnedOff} other choices (after them ${best.when} can hold and they lead elsewhere)`,
    );
  }

  const at = lines.lineStart(startEntry.keyStart);
  const block =
    `# Checked after every choice, before its own \`next\` (migrate: this was the first branch of ${best.choices.length} choices).\n` +
    `rules:\n  - id: ${ruleId}\n    when: ${best.when}\n    to: ${best.to}\n`;
  edits.push({ start: at, end: at, insert: block });
  changes.push({
    line: lines.lineOf(startEntry.keyStart),
    message: `added the scenario-wide rule \`${ruleId}\` (after any choice, when ${best.when}, go to \`${best.to}\`): it was the first branch of ${best.choices.length} choices`,
  });
  return { ok: true, edits, changes };
}

/**
 * The choices without the repeated branch after which its condition can hold (in some state a call
 * can reach) and that then lead somewhere else: a rule would change them, so they turn rules off.
 */
function choicesWhereRuleMatters(scenario: Scenario, branch: Branch, repeated: ReadonlySet<string>): Set<string> {
  const matters = new Set<string>();
  forEachReachable(scenario, (at) => {
    for (const choice of scenario.nodes[at.node]!.choices) {
      if (repeated.has(choice.id) || matters.has(choice.id) || !isOffered(choice, at.mood, at.flags)) continue;
      const played = step(scenario, at, choice.id);
      if (isRefusal(played)) continue;
      const ruleTo = nextOf(branch, played);
      if (ruleTo !== null && ruleTo !== played.node) matters.add(choice.id);
    }
  });
  return matters;
}

/** Where `branch` alone would send the call after `played`, or null when its condition does not hold. */
function nextOf(branch: Branch, played: { mood: CallPosition["mood"]; flags: number }): string | null {
  const to = nextNodeId({ branches: [branch, { to: "" }] } as unknown as Choice, played.mood, played.flags);
  return to === "" ? null : to;
}

/** Calls `visit` once for every (node, mood, flags) a call can reach from the start (endings left out). */
function forEachReachable(scenario: Scenario, visit: (at: CallPosition) => void) {
  const seen = new Set<string>();
  const queue: CallPosition[] = [{ node: scenario.start, mood: { ...scenario.mood }, flags: 0 }];
  const key = (at: CallPosition) => `${at.node}|${at.mood.anger}|${at.mood.trust}|${at.flags}`;
  seen.add(key(queue[0]!));
  while (queue.length) {
    const at = queue.pop()!;
    const node = scenario.nodes[at.node]!;
    if (node.ending) continue;
    visit(at);
    for (const choice of node.choices) {
      const played = step(scenario, at, choice.id);
      if (isRefusal(played)) continue;
      const next = { node: played.node, mood: played.mood, flags: played.flags };
      const k = key(next);
      if (!seen.has(k)) {
        seen.add(k);
        queue.push(next);
      }
    }
  }
}

/**
 * Null when `after` plays exactly like `before` in every state a call of `before` can reach (the
 * same choices offered, the same mood, flags and next node, the same lines), else what differs.
 */
export function sameBehaviour(before: Scenario, after: Scenario): string | null {
  if (JSON.stringify(before.nodeIds) !== JSON.stringify(after.nodeIds)) return "the nodes differ";
  if (before.start !== after.start || before.mood.anger !== after.mood.anger || before.mood.trust !== after.mood.trust)
    return "the start differs";
  for (const field of ["title", "brief", "passMark", "difficulty", "version"] as const) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) return `\`${field}\` differs`;
  }
  if (JSON.stringify([before.persona, before.facts, before.weights]) !== JSON.stringify([after.persona, after.facts, after.weights])) {
    return "the persona, facts or weights differ";
  }
  let difference: string | null = null;
  forEachReachable(before, (at) => {
    if (difference) return;
    const a = before.nodes[at.node]!;
    const b = after.nodes[at.node]!;
    const strip = (c: Choice) => ({ ...c, branches: [] });
    for (let i = 0; i < a.choices.length; i++) {
      const ca = a.choices[i]!;
      const cb = b.choices[i];
      if (!cb || JSON.stringify(strip(ca)) !== JSON.stringify(strip(cb))) {
        difference = `choice \`${ca.id}\` differs`;
        return;
      }
      const pa = step(before, at, ca.id);
      const pb = step(after, at, cb.id);
      const same =
        isRefusal(pa) || isRefusal(pb)
          ? isRefusal(pa) === isRefusal(pb)
          : pa.node === pb.node && pa.flags === pb.flags && pa.mood.anger === pb.mood.anger && pa.mood.trust === pb.mood.trust;
      if (!same) {
        difference = `choice \`${ca.id}\` at node \`${at.node}\` (anger ${at.mood.anger}, trust ${at.mood.trust}) plays differently`;
        return;
      }
    }
    if (JSON.stringify(a.lines.map((l) => l.text)) !== JSON.stringify(b.lines.map((l) => l.text)) || a.abusive !== b.abusive) {
      difference = `the lines of node \`${at.node}\` differ`;
    }
  });
  return difference;
}

// ------------------------------------------------------------------ text edits

interface Edit {
  start: number;
  end: number;
  insert: string;
}

function applyEdits(text: string, edits: Edit[]): string {
  const sorted = edits.slice().sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.insert + out.slice(e.end);
  return out;
}

function entry(node: SourceNode | undefined, key: string) {
  return node?.kind === "map" ? node.entries!.find((e) => e.key === key) : undefined;
}

/** The text values (where `${` means a variable in format 2). */
function textNodes(tree: SourceNode): SourceNode[] {
  const out: SourceNode[] = [];
  const push = (node: SourceNode | undefined) => node && out.push(node);
  push(entry(tree, "title")?.value);
  push(entry(tree, "brief")?.value);
  const persona = entry(tree, "persona")?.value;
  push(entry(persona, "name")?.value);
  push(entry(persona, "description")?.value);
  for (const fact of entry(tree, "facts")?.value.items ?? []) push(entry(fact, "text")?.value);
  for (const node of entry(tree, "nodes")?.value.items ?? []) {
    const customer = entry(node, "customer")?.value;
    if (customer?.kind === "scalar") push(customer);
    for (const line of customer?.items ?? []) push(entry(line, "text")?.value);
    push(entry(entry(node, "ending")?.value, "summary")?.value);
    for (const choice of entry(node, "choices")?.value.items ?? []) {
      push(entry(choice, "text")?.value);
      push(entry(choice, "feedback")?.value);
    }
  }
  return out;
}

/**
 * Removes a choice's first `next` branch (block style only): its `- ` line(s). When one branch with
 * only `to` is left, `next:` becomes `next: <node>`. Null when the choice is written in a way this
 * does not edit (flow style, or a comment in the lines it would remove).
 */
function removeFirstBranch(choice: SourceNode, text: string, lines: Lines): Edit | null {
  const next = entry(choice, "next");
  if (!next || next.value.kind !== "seq" || next.value.flow || choice.flow) return null;
  const branches = next.value.items!;
  const first = branches[0]!;
  if (first.kind !== "map" || first.flow) return null;
  const rest = branches.slice(1);
  const onlyTo =
    rest.length === 1 && rest[0]!.kind === "map" && !rest[0]!.flow && rest[0]!.entries!.length === 1 && rest[0]!.entries![0]!.key === "to";
  if (onlyTo) {
    // `next:\n  - when: …\n    to: x\n  - to: y` → `next: y`
    const to = rest[0]!.entries![0]!.value;
    const end = lines.lineEnd(to.end);
    if (hasComment(text, next.keyEnd, end, [first, to])) return null;
    return { start: next.keyEnd, end, insert: `: ${text.slice(to.start, to.end)}` };
  }
  const start = lines.lineStart(first.start);
  const end = lines.lineEnd(first.end) + 1;
  if (hasComment(text, start, end, [first])) return null;
  return { start, end, insert: "" };
}

/** Adds `rules: off` on its own line just before the choice's `next:` key. */
function addRulesOff(choice: SourceNode, text: string, lines: Lines): Edit | null {
  if (choice.flow) return null;
  const next = entry(choice, "next");
  if (!next) return null;
  const at = lines.lineStart(next.keyStart);
  const indent = text.slice(at, next.keyStart);
  if (indent.trim() !== "" && indent.trim() !== "-") return null;
  // `- next:` (next is the choice's first key) is left alone.
  if (indent.trim() === "-") return null;
  return { start: at, end: at, insert: `${indent}rules: off\n` };
}

/** Whether text[start, end) has a comment outside the given values (whose text may hold a `#`). */
function hasComment(text: string, start: number, end: number, values: SourceNode[]): boolean {
  let rest = text.slice(start, end);
  for (const v of values) rest = rest.replace(text.slice(v.start, v.end), "");
  return /(^|\s)#/.test(rest);
}

class Lines {
  private starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  lineStart(offset: number): number {
    return this.starts[this.lineOf(offset) - 1]!;
  }
  /** Offset of the newline ending the line of `offset` (or the text's end). */
  lineEnd(offset: number): number {
    const nl = this.text.indexOf("\n", offset);
    return nl < 0 ? this.text.length : nl;
  }
}
