import { parseCondition, type Condition } from "./condition";
import { DEFAULT_PASS_MARK, DEFAULT_WEIGHTS, type Choice, type Scenario, type ScenarioNode } from "./model";
import { ScenarioSchema, type ScenarioSource } from "./schema";
import { nodesThatCanEnd } from "./graph";
import { flattenIssues, isFormatField, suggest, unknownTagMessage } from "./schema-messages";
import { checkSlips, textCutByComment } from "./slips";
import { isTag, TAG_NAMES, type Tag } from "./tags";
import { parseYaml, type Path } from "./yaml-source";

export { suggest };

export const MAX_SCENARIO_BYTES = 1024 * 1024;
const MAX_DEPTH = 32;
/** How many unknown names get a "did you mean" (each compares against every candidate). */
const SUGGESTIONS = 100;
/** A 1,000-node scenario has about 40,000 values; aliases may not blow a file up past this. */
const MAX_EXPANDED_NODES = 250_000;

export interface Problem {
  file: string;
  line: number;
  col: number;
  severity: "error" | "warning";
  message: string;
}

export type LoadResult = { ok: true; scenario: Scenario; warnings: Problem[] } | { ok: false; problems: Problem[] };

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.severity === "warning" ? "warning: " : ""}${p.message}`;
}

/**
 * Parses and checks one scenario. Never throws: every problem, including hostile
 * input, comes back as a `file:line:col` message.
 */
export function loadScenario(input: string | Uint8Array, file = "<input>"): LoadResult {
  const at = (line: number, col: number, message: string): LoadResult => ({
    ok: false,
    problems: [{ file, line, col, severity: "error", message }],
  });

  let text: string;
  if (typeof input === "string") {
    if (input.length > MAX_SCENARIO_BYTES || utf8Length(input) > MAX_SCENARIO_BYTES) {
      return at(1, 1, `file is larger than 1 MB; a scenario should be far smaller (split it or remove unused text)`);
    }
    text = input;
  } else {
    if (input.byteLength > MAX_SCENARIO_BYTES) {
      return at(1, 1, `file is ${input.byteLength} bytes, larger than 1 MB; a scenario should be far smaller`);
    }
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(input);
    } catch {
      const offset = firstInvalidUtf8(input);
      const { line, col } = byteOffsetToPos(input, offset);
      return at(line, col, "file is not UTF-8 text: save it as UTF-8 YAML");
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const nul = text.search(/[\u0000-\u0008\u000e-\u001f]/);
  if (nul >= 0) {
    const { line, col } = offsetToPos(text, nul);
    return at(line, col, "file contains control characters: it is not a YAML text file");
  }

  const yaml = parseYaml(text, { maxDepth: MAX_DEPTH, maxExpandedNodes: MAX_EXPANDED_NODES, knownField: isFormatField });
  if (!yaml.ok) return at(yaml.position.line, yaml.position.col, yaml.message);
  const data = yaml.value;
  if (data === null || data === undefined)
    return at(1, 1, "file is empty: a scenario needs `id`, `title`, `nodes` and the other fields described in README");

  const problems: Problem[] = [];
  const report = (path: Path, message: string, severity: Problem["severity"] = "error", key = false) => {
    const { line, col } = yaml.locate(path, key);
    problems.push({ file, line, col, severity, message });
  };

  const parsed = ScenarioSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of flattenIssues(parsed.error.issues, data)) {
      report(issue.path, issue.message, "error", issue.atKey);
    }
    return { ok: false, problems: sortProblems(problems) };
  }

  const lineOf = (path: Path) => yaml.locate(path).line;
  const scenario = checkAndCompile(parsed.data, report, lineOf);
  if (scenario) checkSlips(parsed.data, scenario, report);
  for (const cut of textCutByComment(text)) problems.push({ file, ...cut, severity: "warning" });
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length || !scenario) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, scenario, warnings: sortProblems(problems) };
}

function checkAndCompile(
  src: ScenarioSource,
  report: (path: Path, message: string, severity?: Problem["severity"], key?: boolean) => void,
  lineOf: (path: Path) => number,
): Scenario | null {
  const factIds = new Map<string, number>();
  src.facts.forEach((fact, i) => {
    if (factIds.has(fact.id))
      report(
        ["facts", i, "id"],
        `duplicate fact id \`${fact.id}\`: fact ${factIds.get(fact.id)! + 1} (line ${lineOf(["facts", factIds.get(fact.id)!, "id"])}) already has it; give each fact its own id`,
      );
    else factIds.set(fact.id, i);
  });

  const nodeIndex = new Map<string, number>();
  src.nodes.forEach((node, i) => {
    if (nodeIndex.has(node.id))
      report(
        ["nodes", i, "id"],
        `duplicate node id \`${node.id}\`: the node on line ${lineOf(["nodes", nodeIndex.get(node.id)!, "id"])} already has it; rename one of them (and the \`next\` that should lead here)`,
      );
    else nodeIndex.set(node.id, i);
  });
  // "Did you mean" compares a name with every candidate: cheap for a few typos, quadratic for a
  // hostile file full of them, so only the first SUGGESTIONS get one.
  let nodeIds: string[] | null = null;
  let factList: string[] | null = null;
  let suggestions = 0;
  const maybeSuggest = (word: string, candidates: () => readonly string[]) =>
    suggestions++ < SUGGESTIONS ? suggest(word, candidates()) : "";
  const suggestNode = (word: string) => maybeSuggest(word, () => (nodeIds ??= [...nodeIndex.keys()]));
  const suggestFact = (word: string) => maybeSuggest(word, () => (factList ??= [...factIds.keys()]));
  if (!nodeIndex.has(src.start)) {
    report(["start"], `unknown node \`${src.start}\`${suggestNode(src.start)}`);
  }

  if (src.scoring?.weights) {
    const w = src.scoring.weights;
    const sum = w.laer + w.reflectiveListening + w.promises + w.professionalism;
    if (sum !== 100) report(["scoring", "weights"], `weights must add up to 100, they add up to ${sum}`);
  }

  const condition = (path: Path, source: string | undefined): Condition | undefined => {
    if (source === undefined) return undefined;
    const result = parseCondition(source);
    if (!result.ok) {
      report(path, result.message);
      return undefined;
    }
    return result.condition;
  };

  const choiceIds = new Map<string, { node: string; path: Path }>();
  const nodes: Record<string, ScenarioNode> = {};
  const paraphrasedFacts = new Set<string>();

  src.nodes.forEach((node, n) => {
    const nodePath: Path = ["nodes", n];
    if (node.choices && node.ending)
      report([...nodePath, "ending"], `node \`${node.id}\` has both \`choices\` and an \`ending\`: keep one`);
    if (!node.choices && !node.ending)
      report([...nodePath, "id"], `node \`${node.id}\` has neither \`choices\` nor an \`ending\`: the call would stop here`);

    const variants = typeof node.customer === "string" ? [{ text: node.customer }] : node.customer;
    const lines = variants.map((v, i) => {
      const path: Path = typeof node.customer === "string" ? [...nodePath, "customer"] : [...nodePath, "customer", i];
      const when = condition([...path, "when"], "when" in v ? v.when : undefined);
      return when ? { when, text: v.text } : { text: v.text };
    });
    if (typeof node.customer !== "string") {
      const last = node.customer.length - 1;
      if (node.customer[last]!.when !== undefined) {
        report([...nodePath, "customer", last, "when"], "the last customer line must have no `when`, so there is always a line to say");
      }
    }

    const choices: Choice[] = (node.choices ?? []).map((choice, c) => {
      const path: Path = [...nodePath, "choices", c];
      const seen = choiceIds.get(choice.id);
      if (seen !== undefined)
        report(
          [...path, "id"],
          `duplicate choice id \`${choice.id}\` (also in node \`${seen.node}\`, line ${lineOf([...seen.path, "id"])}): choice ids must be unique in a scenario, so rename one of them`,
        );
      else choiceIds.set(choice.id, { node: node.id, path });

      const tags: Tag[] = [];
      choice.tags.forEach((tag, t) => {
        if (isTag(tag)) {
          if (tags.includes(tag)) report([...path, "tags", t], `tag \`${tag}\` is listed twice`, "warning");
          else tags.push(tag);
        } else {
          report(
            [...path, "tags", t],
            unknownTagMessage(
              tag,
              maybeSuggest(tag, () => TAG_NAMES),
            ),
          );
        }
      });
      for (const key of ["facts", "wrongFacts"] as const) {
        (choice[key] ?? []).forEach((fact, f) => {
          if (!factIds.has(fact)) report([...path, key, f], `unknown fact \`${fact}\`${suggestFact(fact)}`);
        });
      }
      const both = (choice.facts ?? []).filter((f) => (choice.wrongFacts ?? []).includes(f));
      for (const fact of both) report([...path, "wrongFacts"], `fact \`${fact}\` is listed as both reflected and wrong`);
      if (tags.includes("paraphrase")) for (const f of choice.facts ?? []) paraphrasedFacts.add(f);
      if ((choice.wrongFacts?.length ?? 0) > 0 && !tags.includes("paraphrase")) {
        report([...path, "wrongFacts"], "`wrongFacts` only counts on a choice tagged `paraphrase`", "warning");
      }

      const rawBranches = typeof choice.next === "string" ? [{ to: choice.next }] : choice.next;
      const branches = rawBranches.map((b, i) => {
        const bPath: Path = typeof choice.next === "string" ? [...path, "next"] : [...path, "next", i, "to"];
        if (!nodeIndex.has(b.to)) report(bPath, `unknown node \`${b.to}\`${suggestNode(b.to)}`);
        const when = condition([...path, "next", i, "when"], "when" in b ? b.when : undefined);
        return when ? { when, to: b.to } : { to: b.to };
      });
      if (typeof choice.next !== "string") {
        const last = choice.next.length - 1;
        if (choice.next[last]!.when !== undefined) {
          report([...path, "next", last, "when"], "the last branch of `next` must have no `when`, so the call always goes somewhere");
        }
      }

      return {
        id: choice.id,
        text: choice.text,
        tags,
        facts: choice.facts ?? [],
        wrongFacts: choice.wrongFacts ?? [],
        effect: { anger: choice.mood?.anger ?? 0, trust: choice.mood?.trust ?? 0 },
        ...(choice.feedback ? { feedback: choice.feedback } : {}),
        branches,
      };
    });

    if (!nodes[node.id]) {
      nodes[node.id] = {
        id: node.id,
        lines,
        ...(node.abusive ? { abusive: true as const } : {}),
        choices,
        ...(node.ending ? { ending: node.ending } : {}),
      };
    }
  });

  // Graph checks only make sense once every reference resolves.
  if (nodeIndex.has(src.start)) {
    const reachable = new Set<string>([src.start]);
    const queue = [src.start];
    while (queue.length) {
      const id = queue.pop()!;
      for (const choice of nodes[id]?.choices ?? []) {
        for (const b of choice.branches) {
          if (nodes[b.to] && !reachable.has(b.to)) {
            reachable.add(b.to);
            queue.push(b.to);
          }
        }
      }
    }
    const canEnd = nodesThatCanEnd(
      Object.values(nodes)
        .filter((n) => n.ending)
        .map((n) => n.id),
      Object.values(nodes).flatMap((node) => node.choices.flatMap((c) => c.branches.map((b) => [node.id, b.to] as const))),
    );
    src.nodes.forEach((node, n) => {
      if (nodes[node.id] === undefined || nodeIndex.get(node.id) !== n) return;
      if (!reachable.has(node.id)) {
        report(["nodes", n, "id"], `node \`${node.id}\` is unreachable: no choice leads to it from the start node \`${src.start}\``);
      } else if (!canEnd.has(node.id) && (node.choices || node.ending)) {
        report(["nodes", n, "id"], `no ending can be reached from node \`${node.id}\`: every path from here loops without ending the call`);
      }
    });
  }

  src.facts.forEach((fact, i) => {
    if (!paraphrasedFacts.has(fact.id)) {
      report(["facts", i, "id"], `fact \`${fact.id}\` is not covered by any choice tagged \`paraphrase\``, "warning");
    }
  });

  return {
    id: src.id,
    title: src.title,
    version: src.version,
    difficulty: src.difficulty,
    brief: src.brief,
    persona: src.persona,
    mood: src.mood,
    facts: src.facts,
    weights: src.scoring?.weights ?? DEFAULT_WEIGHTS,
    passMark: src.scoring?.passMark ?? DEFAULT_PASS_MARK,
    start: src.start,
    nodeIds: [...nodeIndex.keys()],
    nodes,
  };
}

// ------------------------------------------------------------------ positions

function offsetToPos(text: string, offset: number) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

function byteOffsetToPos(bytes: Uint8Array, offset: number) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return Math.max(0, bytes.length - 1);
}

function utf8Length(text: string): number {
  if (text.length * 3 <= MAX_SCENARIO_BYTES) return text.length;
  return new TextEncoder().encode(text).byteLength;
}

const MAX_PROBLEMS = 200;

function sortProblems(problems: Problem[]): Problem[] {
  const byPlace = (a: Problem, b: Problem) => a.line - b.line || a.col - b.col;
  if (problems.length <= MAX_PROBLEMS) return problems.sort(byPlace);
  // Errors first: a long list of warnings must never hide the error that stops the file loading.
  const errors = problems.filter((p) => p.severity === "error");
  const kept = [...errors.slice(0, MAX_PROBLEMS), ...problems.filter((p) => p.severity === "warning")].slice(0, MAX_PROBLEMS);
  const shown = kept.sort(byPlace);
  const last = shown[shown.length - 1]!;
  shown.push({
    ...last,
    severity: errors.length ? "error" : "warning",
    message: `${problems.length - MAX_PROBLEMS} more problems not shown: fix these first`,
  });
  return shown;
}
