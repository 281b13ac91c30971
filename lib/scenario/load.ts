import { holds, MOOD_FIELDS, parseCondition, type Condition, type MoodField } from "./condition";
import { DEFAULT_PASS_MARK, DEFAULT_WEIGHTS, type Branch, type Choice, type Scenario, type ScenarioNode, type ScenarioRule } from "./model";
import {
  LATEST_FORMAT,
  ScenarioSchema,
  ScenarioSchemaV2,
  type ChoiceSource,
  type ChoiceSourceV2,
  type ScenarioSource,
  type ScenarioSourceV2,
} from "./schema";
import { nodesThatCanEnd } from "./graph";
import { describe, flattenIssues, isFormatField, suggest, unknownTagMessage } from "./schema-messages";
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
  let data = yaml.value;
  if (data === null || data === undefined)
    return at(1, 1, "file is empty: a scenario needs `id`, `title`, `nodes` and the other fields described in README");

  const problems: Problem[] = [];
  const report: Report = (path, message, severity = "error", key = false) => {
    const { line, col } = yaml.locate(path, key);
    problems.push({ file, line, col, severity, message });
  };
  const reportAt = (position: { line: number; col: number }, message: string, severity: Problem["severity"] = "error") =>
    problems.push({ file, line: position.line, col: position.col, severity, message });

  const format = formatOf(data);
  if (typeof format === "string") {
    report(["format"], format);
    return { ok: false, problems };
  }
  if (format === 1) {
    const merge = yaml.mergeKeys()[0];
    if (merge) {
      return at(merge.line, merge.col, "merge keys (`<<:`) are format 2: add `format: 2` at the top of the file (see README)");
    }
    if (isRecord(data) && "format" in data) {
      const { format: _format, ...rest } = data;
      data = rest;
    }
  } else if (isRecord(data)) {
    // Compose-style extension fields: `x-anything` at the top level is the author's own.
    data = Object.fromEntries(Object.entries(data).filter(([k]) => !k.startsWith("x-")));
  }

  const parsed = format === 1 ? ScenarioSchema.safeParse(data) : ScenarioSchemaV2.safeParse(data);
  if (!parsed.success) {
    for (const issue of flattenIssues(parsed.error.issues, data)) {
      const message = format === 1 && issue.atKey ? (formatTwoHint(issue.path) ?? issue.message) : issue.message;
      report(issue.path, message, "error", issue.atKey);
    }
    return { ok: false, problems: sortProblems(problems) };
  }

  const source: ScenarioSourceV2 | ScenarioSource = parsed.data;
  const lineOf = (path: Path) => yaml.locate(path).line;
  const scenario = checkAndCompile(source, { format, report, reportAt, locateIn: yaml.locateIn, lineOf });
  if (scenario) checkSlips(source as ScenarioSource, scenario, report);
  for (const cut of textCutByComment(text)) problems.push({ file, ...cut, severity: "warning" });
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length || !scenario) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, scenario, warnings: sortProblems(problems) };
}

type Report = (path: Path, message: string, severity?: Problem["severity"], key?: boolean) => void;

interface CompileContext {
  format: 1 | 2;
  report: Report;
  reportAt: (position: { line: number; col: number }, message: string, severity?: Problem["severity"]) => void;
  locateIn: (path: Path, needle: string, occurrence?: number) => { line: number; col: number };
  /** The line a path is on, for messages that name another place in the file. */
  lineOf: (path: Path) => number;
}

/** The file's format: 1 without a `format` field; a message when the field is not one we read. */
function formatOf(data: unknown): 1 | 2 | string {
  if (!isRecord(data) || !("format" in data)) return 1;
  const value = data.format;
  if (value === 1 || value === 2) return value;
  if (typeof value === "number" && Number.isInteger(value) && value > LATEST_FORMAT) {
    return `this file is format ${value}, newer than this version of Steady reads (format ${LATEST_FORMAT}): update Steady`;
  }
  return `\`format\` should be 1 or ${LATEST_FORMAT}, got ${describe(value)}`;
}

const FORMAT_TWO_FIELDS: Record<string, readonly string[]> = {
  "": ["variables", "flags", "rules", "snippets"],
  choice: ["when", "sets", "clears", "rules"],
};

/** In a format 1 file, an unknown field that format 2 knows gets told so. */
function formatTwoHint(path: Path): string | null {
  const key = path[path.length - 1];
  if (typeof key !== "string") return null;
  const where = path.length === 1 ? "" : path.length === 5 && path[0] === "nodes" && path[2] === "choices" ? "choice" : null;
  if (where === null) return null;
  if (!FORMAT_TWO_FIELDS[where]!.includes(key) && !(where === "" && key.startsWith("x-"))) return null;
  return `\`${key}\` is a format 2 field: add \`format: 2\` at the top of the file (see README)`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const RESERVED_FLAGS = new Set(["anger", "trust", "and", "not", "or"]);

function checkAndCompile(src: ScenarioSource | ScenarioSourceV2, ctx: CompileContext): Scenario | null {
  const { report, lineOf } = ctx;
  const v2 = ctx.format === 2 ? (src as ScenarioSourceV2) : null;
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

  // ------------------------------------------------ format 2: variables and flags
  const text = textFiller(v2, ctx);
  const flags = v2 ? declaredFlags(v2, ctx) : null;
  const flagList = flags ? [...flags.keys()] : undefined;
  const suggestFlag = (word: string) => maybeSuggest(word, () => flagList ?? []);
  /** Where each flag is first tested, set and cleared (for the warnings). */
  const tested = new Map<string, Path>();
  const setAt = new Map<string, Path>();
  const clearedAt = new Map<string, Path>();

  const condition = (path: Path, source: string | undefined): Condition | undefined => {
    if (source === undefined) return undefined;
    const result = parseCondition(source, flagList, suggestFlag);
    if (!result.ok) {
      if (v2 && result.at !== undefined) {
        const word = /^\S+/.exec(source.slice(result.at))?.[0] ?? source;
        const occurrence = countOccurrences(source.slice(0, result.at), word);
        ctx.reportAt(ctx.locateIn(path, word, occurrence), result.message);
      } else report(path, result.message);
      return undefined;
    }
    for (const term of result.condition) if ("mask" in term && !tested.has(term.flag)) tested.set(term.flag, path);
    return result.condition;
  };
  const flagMask = (path: Path, names: readonly string[] | undefined, what: "sets" | "clears"): number => {
    let mask = 0;
    (names ?? []).forEach((name, i) => {
      const bit = flags?.get(name);
      if (bit === undefined) {
        report([...path, what, i], `unknown flag \`${name}\`${suggestFlag(name)}: declare it under \`flags:\``);
        return;
      }
      const seen = what === "sets" ? setAt : clearedAt;
      if (!seen.has(name)) seen.set(name, [...path, what, i]);
      mask |= 1 << bit;
    });
    return mask;
  };

  // The header's texts first, so their variables count as used.
  const header = {
    title: text(["title"], src.title),
    brief: text(["brief"], src.brief),
    persona: v2
      ? { name: text(["persona", "name"], src.persona.name), description: text(["persona", "description"], src.persona.description) }
      : src.persona,
    facts: v2 ? src.facts.map((f, i) => ({ id: f.id, text: text(["facts", i, "text"], f.text) })) : src.facts,
  };

  const rules = v2 ? compileRules(v2, ctx, condition, nodeIndex, suggestNode, maybeSuggest) : [];
  /** Every rule id declared (a rule with a problem still counts as declared for `skip`). */
  const ruleIds = new Set((v2?.rules ?? []).map((r) => r.id));

  const choiceIds = new Map<string, { node: string; path: Path }>();
  const nodes: Record<string, ScenarioNode> = {};
  const paraphrasedFacts = new Set<string>();
  const rulesSkipped = new Set<string>();

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
      const said = text(typeof node.customer === "string" ? path : [...path, "text"], v.text);
      return when ? { when, text: said } : { text: said };
    });
    if (typeof node.customer !== "string") {
      const last = node.customer.length - 1;
      if (node.customer[last]!.when !== undefined) {
        report([...nodePath, "customer", last, "when"], "the last customer line must have no `when`, so there is always a line to say");
      }
    }

    const choices: Choice[] = (node.choices ?? []).map((choice: ChoiceSource | ChoiceSourceV2, c) => {
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

      // Format 2: when the choice is offered, the flags it sets and clears, and which rules apply.
      const v2choice = v2 ? (choice as ChoiceSourceV2) : null;
      const offeredWhen = v2choice ? condition([...path, "when"], v2choice.when) : undefined;
      let flagEffect: Choice["flagEffect"];
      if (v2choice && (v2choice.sets || v2choice.clears)) {
        const set = flagMask(path, v2choice.sets, "sets");
        const clear = flagMask(path, v2choice.clears, "clears");
        (v2choice.clears ?? []).forEach((name, i) => {
          if ((v2choice.sets ?? []).includes(name))
            report([...path, "clears", i], `flag \`${name}\` is both set and cleared by this choice: keep one`);
        });
        flagEffect = { set, clear };
      }
      let applicable = rules.filter((r) => !r.after || r.after.some((t) => tags.includes(t)));
      const override = v2choice?.rules;
      if (override === "off" || override === false) {
        for (const r of applicable) rulesSkipped.add(r.id);
        applicable = [];
      } else if (override) {
        override.skip.forEach((id, i) => {
          if (!ruleIds.has(id)) report([...path, "rules", "skip", i], `unknown rule \`${id}\`${maybeSuggest(id, () => [...ruleIds])}`);
        });
        for (const r of applicable) if (override.skip.includes(r.id)) rulesSkipped.add(r.id);
        applicable = applicable.filter((r) => !override.skip.includes(r.id));
      }

      const rawBranches = typeof choice.next === "string" ? [{ to: choice.next }] : choice.next;
      const branches: Branch[] = applicable.map((r) => ({ when: r.when, to: r.to, rule: r.id }));
      rawBranches.forEach((b, i) => {
        const bPath: Path = typeof choice.next === "string" ? [...path, "next"] : [...path, "next", i, "to"];
        if (!nodeIndex.has(b.to)) report(bPath, `unknown node \`${b.to}\`${suggestNode(b.to)}`);
        const when = condition([...path, "next", i, "when"], "when" in b ? b.when : undefined);
        branches.push(when ? { when, to: b.to } : { to: b.to });
      });
      if (typeof choice.next !== "string") {
        const last = choice.next.length - 1;
        if (choice.next[last]!.when !== undefined) {
          report([...path, "next", last, "when"], "the last branch of `next` must have no `when`, so the call always goes somewhere");
        }
      }

      return {
        id: choice.id,
        ...(offeredWhen ? { when: offeredWhen } : {}),
        text: text([...path, "text"], choice.text),
        tags,
        facts: choice.facts ?? [],
        wrongFacts: choice.wrongFacts ?? [],
        effect: { anger: choice.mood?.anger ?? 0, trust: choice.mood?.trust ?? 0 },
        ...(choice.feedback ? { feedback: text([...path, "feedback"], choice.feedback) } : {}),
        ...(flagEffect ? { flagEffect } : {}),
        branches,
      };
    });

    if (v2 && choices.length && choices.every((c) => c.when)) {
      const gap = uncoveredState(choices.map((c) => c.when!));
      if (gap) {
        report(
          [...nodePath, "choices"],
          `no choice is offered at node \`${node.id}\` when ${gap}: give one choice no \`when\`, or make their conditions cover every case`,
        );
      }
    }

    if (!nodes[node.id]) {
      const ending = node.ending
        ? {
            kind: node.ending.kind,
            ...(node.ending.summary !== undefined ? { summary: text([...nodePath, "ending", "summary"], node.ending.summary) } : {}),
          }
        : undefined;
      nodes[node.id] = {
        id: node.id,
        lines,
        ...(node.abusive ? { abusive: true as const } : {}),
        choices,
        ...(ending ? { ending } : {}),
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

  if (v2 && flags) {
    [...flags.keys()].forEach((name, i) => {
      const at: Path = ["flags", i];
      const test = tested.get(name);
      const change = setAt.get(name) ?? clearedAt.get(name);
      if (test && !setAt.has(name)) {
        report(
          at,
          `flag \`${name}\` is tested but no choice sets it: every condition on it is always the same (add \`sets: [${name}]\` to a choice)`,
          "warning",
        );
      } else if (change && !test) {
        report(
          at,
          `flag \`${name}\` is set but nothing tests it: use it in a \`when\` (a line, a branch, a choice or a rule), or remove it`,
          "warning",
        );
      } else if (!test && !change) {
        report(at, `flag \`${name}\` is declared but never set or tested`, "warning");
      }
    });
  }
  if (v2) {
    for (const rule of rules) {
      const applies = Object.values(nodes).some((node) => node.choices.some((c) => c.branches.some((b) => b.rule === rule.id)));
      if (!applies) {
        const i = (v2.rules ?? []).findIndex((r) => r.id === rule.id);
        report(
          ["rules", i, "id"],
          `rule \`${rule.id}\` applies after no choice${rulesSkipped.has(rule.id) ? " (every choice it could apply to skips it)" : ""}`,
          "warning",
        );
      }
    }
    text.reportUnused();
  }

  return {
    id: src.id,
    title: header.title,
    version: src.version,
    difficulty: src.difficulty,
    brief: header.brief,
    persona: header.persona,
    mood: src.mood,
    facts: header.facts,
    weights: src.scoring?.weights ?? DEFAULT_WEIGHTS,
    passMark: src.scoring?.passMark ?? DEFAULT_PASS_MARK,
    start: src.start,
    nodeIds: [...nodeIndex.keys()],
    nodes,
    ...(flagList?.length ? { flags: flagList } : {}),
    ...(rules.length ? { rules } : {}),
  };
}

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) count++;
  return count;
}

// ------------------------------------------------------------ format 2 parts

interface TextFiller {
  (path: Path, value: string): string;
  reportUnused(): void;
}

/**
 * Fills `${name}` placeholders from `variables:` (format 2; format 1 texts are returned as they
 * are). `$${` writes a literal `${`. An unknown or malformed placeholder is an error at its exact
 * position in the file; a filled text must still be within the 4,000-character limit.
 */
function textFiller(v2: ScenarioSourceV2 | null, ctx: CompileContext): TextFiller {
  const values = new Map<string, string>();
  const used = new Set<string>();
  const names: string[] = [];
  if (v2?.variables) {
    for (const [name, value] of Object.entries(v2.variables)) {
      if (!VARIABLE_NAME.test(name)) {
        ctx.report(
          ["variables", name],
          `variable names use letters, digits, - and _, starting with a letter (got \`${name}\`)`,
          "error",
          true,
        );
        continue;
      }
      const filled = String(value);
      if (filled.includes("${")) {
        ctx.report(["variables", name], "a variable's value is plain text: it cannot use other variables (`${...}`)");
        continue;
      }
      if (filled.trim() === "") ctx.report(["variables", name], "a variable's value must not be empty");
      values.set(name, filled);
      names.push(name);
    }
  }
  const fill = ((path: Path, value: string): string => {
    if (!v2 || !value.includes("$")) return value;
    let out = "";
    let last = 0;
    const seen = new Map<string, number>();
    const placeholder = /\$\$\{|\$\{([^}\s]*)(\}?)/g;
    let failed = false;
    for (let m = placeholder.exec(value); m; m = placeholder.exec(value)) {
      out += value.slice(last, m.index);
      last = m.index + m[0].length;
      if (m[0] === "$${") {
        out += "${";
        continue;
      }
      const token = m[0];
      const occurrence = seen.get(token) ?? 0;
      seen.set(token, occurrence + 1);
      const name = m[1]!;
      if (!m[2] || name === "") {
        ctx.reportAt(
          ctx.locateIn(path, token, occurrence),
          "`${` starts a placeholder: write `${name}` with a variable from `variables:`, or `$${` for a literal `${`",
        );
        failed = true;
        continue;
      }
      const filled = values.get(name);
      if (filled === undefined) {
        ctx.reportAt(
          ctx.locateIn(path, token, occurrence),
          `unknown variable \`${name}\` in \`${token}\`${suggest(name, names)}: declare it under \`variables:\``,
        );
        failed = true;
        continue;
      }
      used.add(name);
      out += filled;
    }
    out += value.slice(last);
    if (!failed && out.length > 4000) {
      ctx.report(path, `with its variables filled in this text is ${out.length} characters: at most 4000`);
    }
    return out;
  }) as TextFiller;
  fill.reportUnused = () => {
    for (const name of names) if (!used.has(name)) ctx.report(["variables", name], `variable \`${name}\` is never used`, "warning", true);
  };
  return fill;
}

/** The declared flags, name → bit; duplicates and reserved words reported. */
function declaredFlags(v2: ScenarioSourceV2, ctx: CompileContext): Map<string, number> {
  const flags = new Map<string, number>();
  (v2.flags ?? []).forEach((name, i) => {
    if (RESERVED_FLAGS.has(name)) {
      ctx.report(["flags", i], `\`${name}\` cannot be a flag's name: it is a word conditions already use`);
    } else if (flags.has(name)) {
      ctx.report(["flags", i], `flag \`${name}\` is declared twice`);
    } else flags.set(name, flags.size);
  });
  return flags;
}

function compileRules(
  v2: ScenarioSourceV2,
  ctx: CompileContext,
  condition: (path: Path, source: string | undefined) => Condition | undefined,
  nodeIndex: Map<string, number>,
  suggestNode: (word: string) => string,
  maybeSuggest: (word: string, candidates: () => readonly string[]) => string,
): ScenarioRule[] {
  const rules: ScenarioRule[] = [];
  const seen = new Set<string>();
  (v2.rules ?? []).forEach((rule, i) => {
    const path: Path = ["rules", i];
    if (seen.has(rule.id)) {
      ctx.report([...path, "id"], `duplicate rule id \`${rule.id}\``);
      return;
    }
    seen.add(rule.id);
    let ok = true;
    if (!nodeIndex.has(rule.to)) {
      ctx.report([...path, "to"], `unknown node \`${rule.to}\`${suggestNode(rule.to)}`);
      ok = false;
    }
    const when = condition([...path, "when"], rule.when);
    if (!when) ok = false;
    let after: Tag[] | undefined;
    if (Array.isArray(rule.after)) {
      after = [];
      rule.after.forEach((tag, t) => {
        if (isTag(tag)) after!.push(tag);
        else {
          ctx.report(
            [...path, "after", t],
            `unknown tag \`${tag}\`${maybeSuggest(tag, () => TAG_NAMES)}: \`after\` takes \`any-choice\` or a list of tags`,
          );
          ok = false;
        }
      });
    }
    if (ok) rules.push({ id: rule.id, ...(after ? { after } : {}), when: when!, to: rule.to });
  });
  return rules;
}

/**
 * A state (mood and flags) in which none of `conditions` holds, described for a message, or null
 * when they cover every state. Exact: each mood field is tried at 0, 100 and either side of every
 * number the conditions compare it with, and every combination of the flags they test.
 */
function uncoveredState(conditions: readonly Condition[]): string | null {
  // The numbers the conditions compare with come first, so the example given is the telling one.
  const points: Record<MoodField, Set<number>> = { anger: new Set(), trust: new Set() };
  const masks: { flag: string; mask: number }[] = [];
  for (const c of conditions) {
    for (const t of c) {
      if ("mask" in t) {
        if (!masks.some((m) => m.mask === t.mask)) masks.push({ flag: t.flag, mask: t.mask });
      } else for (const v of [t.value - 1, t.value, t.value + 1]) if (v >= 0 && v <= 100) points[t.field].add(v);
    }
  }
  for (const field of MOOD_FIELDS) points[field].add(0).add(100);
  if (masks.length > 12) return null; // too many to try; the analysis still finds a stuck call
  for (let combo = 0; combo < 1 << masks.length; combo++) {
    let flags = 0;
    masks.forEach((m, i) => {
      if (combo & (1 << i)) flags |= m.mask;
    });
    for (const anger of points.anger) {
      for (const trust of points.trust) {
        const mood = { anger, trust };
        if (!conditions.some((c) => holds(c, mood, flags))) {
          const flagText = masks.map((m) => `\`${m.flag}\` is ${flags & m.mask ? "set" : "not set"}`);
          const moodText = MOOD_FIELDS.filter((f) => conditions.some((c) => c.some((t) => "field" in t && t.field === f))).map(
            (f) => `${f} is ${mood[f]}`,
          );
          return [...moodText, ...flagText].join(" and ") || "no flag is set";
        }
      }
    }
  }
  return null;
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
