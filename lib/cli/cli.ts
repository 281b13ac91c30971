import { readFileSync, statSync, writeFileSync } from "node:fs";
import { migrateScenario } from "../authoring/migrate";
import { analyzeScenario, loopWords, type LoopReport } from "../analysis/analyze";
import { describeSpan, reachWarnings, replyPairs } from "../analysis/reach";
import { formatProblem, loadScenario, MAX_SCENARIO_BYTES, type Problem } from "../scenario/load";
import type { Scenario } from "../scenario/model";
import { DIMENSION_LABELS, DIMENSIONS } from "../scoring/rules";
import type { ScoreReport } from "../scoring/report";
import { debriefReport } from "../analysis/debrief";

const USAGE = `usage: npm run -s scenario -- <command>

  validate <file...>                       check scenario files; exit 1 on any error (warnings
                                           include lines and branches no call ever reaches)
  play <file> --choices <id,id,...> [--json]
                                           replay choices and print the transcript and scorecard
  analyze <file> [--json]                  endings, score range, best and worst path, loops, warnings
  replies <file> [--json]                  every reachable "agent line → customer reply" pair, once,
                                           with the moods and flags it can happen at
  migrate <file...> [--write]              upgrade files to the latest format and print each change;
                                           without --write nothing is saved`;

class CliError extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
  }
}

function readScenarioFile(
  file: string,
): { ok: true; scenario: Scenario; warnings: Problem[]; text: string } | { ok: false; problems: Problem[] } {
  const problem = (message: string) => ({ ok: false as const, problems: [{ file, line: 1, col: 1, severity: "error" as const, message }] });
  let bytes: Uint8Array;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return problem("is a directory, not a scenario file");
    if (stat.size > MAX_SCENARIO_BYTES) return problem(`file is ${stat.size} bytes, larger than 1 MB; a scenario should be far smaller`);
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return problem(
      code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : `cannot read file (${code ?? "unknown error"})`,
    );
  }
  const loaded = loadScenario(bytes, file);
  return loaded.ok ? { ...loaded, text: new TextDecoder().decode(bytes) } : loaded;
}

function loadOrExit(file: string): Scenario {
  const result = readScenarioFile(file);
  if (!result.ok) {
    for (const p of result.problems) process.stderr.write(formatProblem(p) + "\n");
    throw new CliError("", 1);
  }
  return result.scenario;
}

function parseArgs(args: string[]) {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (name === "json" || name === "write") flags.set(name, true);
      else if (name === "choices") {
        const value = inline ?? args[++i];
        if (value === undefined) throw new CliError("--choices needs a value, e.g. --choices greet,listen");
        flags.set(name, value);
      } else throw new CliError(`unknown option --${name}\n\n${USAGE}`);
    } else positional.push(arg);
  }
  return { positional, flags };
}

function migrate(files: string[], write: boolean): number {
  if (files.length === 0) throw new CliError(`migrate needs at least one file\n\n${USAGE}`);
  let failed = false;
  for (const file of files) {
    const read = readScenarioText(file);
    if (typeof read !== "string") {
      process.stderr.write(formatProblem(read) + "\n");
      failed = true;
      continue;
    }
    const result = migrateScenario(read, file);
    if (!result.ok) {
      process.stderr.write(`${file}: not migrated: ${result.message}\n`);
      for (const p of result.problems ?? []) process.stderr.write(`  ${p}\n`);
      failed = true;
      continue;
    }
    if (result.changes.length === 0) {
      process.stdout.write(`${file}: already format ${result.to}, nothing to change\n`);
      continue;
    }
    if (write) writeFileSync(file, result.text);
    process.stdout.write(`${file}: format ${result.from} → ${result.to}${write ? "" : " (not saved: add --write to save)"}\n`);
    for (const c of result.changes) process.stdout.write(`  line ${c.line}: ${c.message}\n`);
  }
  return failed ? 1 : 0;
}

/** A file's text, or the problem reading it. */
function readScenarioText(file: string): string | Problem {
  const problem = (message: string): Problem => ({ file, line: 1, col: 1, severity: "error", message });
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return problem("is a directory, not a scenario file");
    if (stat.size > MAX_SCENARIO_BYTES) return problem(`file is ${stat.size} bytes, larger than 1 MB; a scenario should be far smaller`);
    return readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return problem(
      code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : `cannot read file (${code ?? "unknown error"})`,
    );
  }
}

function validate(files: string[]): number {
  if (files.length === 0) throw new CliError(`validate needs at least one file\n\n${USAGE}`);
  let failed = false;
  for (const file of files) {
    const result = readScenarioFile(file);
    // Lines and branches no call reaches need the loaded scenario: they come after the loader's warnings.
    const problems = result.ok ? [...result.warnings, ...reachWarnings(result.scenario, result.text, file)] : result.problems;
    for (const p of problems) process.stderr.write(formatProblem(p) + "\n");
    if (result.ok) process.stdout.write(`${file}: ok (${result.scenario.nodeIds.length} nodes)\n`);
    else failed = true;
  }
  return failed ? 1 : 0;
}

function play(file: string | undefined, choicesArg: string | true | undefined, json: boolean): number {
  if (!file) throw new CliError(`play needs a file\n\n${USAGE}`);
  if (typeof choicesArg !== "string") throw new CliError("play needs --choices <id,id,...> (use --choices '' to play no turns)");
  const scenario = loadOrExit(file);
  const choices = choicesArg
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean);
  const report = debriefReport(scenario, choices);
  if (report.error) {
    const e = report.error;
    const why =
      e.reason === "call-ended"
        ? `the call already ended at \`${e.node}\``
        : `choice \`${e.choiceId}\` is not offered at node \`${e.node}\`; offered: ${e.offered.join(", ")}`;
    process.stderr.write(`${file}: turn ${e.turn}: ${why}\n`);
    return 1;
  }
  process.stdout.write(json ? JSON.stringify(toJson(report), null, 2) + "\n" : transcript(scenario, report));
  return 0;
}

function toJson(report: ScoreReport) {
  return {
    scenarioId: report.scenarioId,
    version: report.version,
    outcome: report.outcome,
    passed: report.passed,
    passMark: report.passMark,
    score: report.score,
    criticalErrors: report.criticalErrors,
    mood: {
      anger: report.mood.anger,
      trust: report.mood.trust,
      angerChange: report.mood.angerChange,
      trustChange: report.mood.trustChange,
    },
    turns: report.turns.map((t) => ({
      node: t.node,
      choice: t.choice,
      tags: t.tags,
      mood: t.mood,
      moodBefore: t.moodBefore,
      annotations: t.annotations,
      ...(t.betterOption ? { betterOption: t.betterOption } : {}),
    })),
    findings: report.findings,
  };
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : `${n}`;
}

function transcript(scenario: Scenario, r: ScoreReport): string {
  const out: string[] = [`${scenario.title} (${scenario.id} v${scenario.version})`, ""];
  for (const t of r.turns) {
    out.push(`Turn ${t.index + 1}  anger ${t.moodBefore.anger} → ${t.mood.anger}, trust ${t.moodBefore.trust} → ${t.mood.trust}`);
    out.push(`  ${scenario.persona.name}: ${t.customer}`);
    out.push(`  You [${t.choice}]: ${t.text}`);
    out.push(`      tags: ${t.tags.join(", ")}`);
    for (const a of t.annotations) {
      out.push(
        `      ${signed(a.points).padStart(5)} ${DIMENSION_LABELS[a.dimension]}: ${a.label}${a.critical ? " (CRITICAL)" : ""}${a.detail ? ` — ${a.detail}` : ""}`,
      );
    }
    if (t.feedback) out.push(`      coach: ${t.feedback}`);
    if (t.betterOption) out.push(`      better: [${t.betterOption.choice}] ${t.betterOption.text}`);
  }
  const last = r.turns[r.turns.length - 1];
  if (last) out.push(`  ${scenario.persona.name}: ${last.reply}`);
  out.push("");
  out.push(
    `Outcome: ${r.outcome ?? "call not finished"}   anger ${r.mood.start.anger} → ${r.mood.anger} (${signed(r.mood.angerChange)}), trust ${r.mood.start.trust} → ${r.mood.trust} (${signed(r.mood.trustChange)})`,
  );
  out.push(
    `Overall: ${r.score.overall}/100  ${r.passed ? "PASSED" : "FAILED"} (pass mark ${r.passMark}${r.criticalErrors.length ? ", critical errors fail the run" : ""})`,
  );
  for (const d of DIMENSIONS) out.push(`  ${DIMENSION_LABELS[d].padEnd(22)} ${String(r.score.dimensions[d]).padStart(3)}`);
  for (const c of r.criticalErrors) out.push(`Critical error: ${c.label} (turn ${c.turn})`);
  for (const f of r.findings)
    out.push(`Missed: ${f.label} (${DIMENSION_LABELS[f.dimension]}, up to ${f.missed} points)${f.detail ? ` — ${f.detail}` : ""}`);
  return out.join("\n") + "\n";
}

function analyze(file: string | undefined, json: boolean): number {
  if (!file) throw new CliError(`analyze needs a file\n\n${USAGE}`);
  const scenario = loadOrExit(file);
  const a = analyzeScenario(scenario);
  if (json) {
    process.stdout.write(JSON.stringify(a, null, 2) + "\n");
    return 0;
  }
  const out = [
    `${scenario.title} (${a.scenarioId} v${a.version}): ${a.nodeCount} nodes, ${a.positions} call positions, ${a.statesVisited} states searched${a.truncated ? " (truncated)" : ""}`,
    `Endings: ${a.endings.map((e) => `${e.node} (${e.kind}${e.reached ? "" : ", never reached"})`).join(", ")}`,
    `Score range: ${a.scoreRange.min}–${a.scoreRange.max}`,
    ...DIMENSIONS.map((d) => `  ${DIMENSION_LABELS[d].padEnd(22)} ${a.dimensionRanges[d].min}–${a.dimensionRanges[d].max}`),
    `Best path (${a.best?.overall ?? "-"}, ${a.best?.outcome ?? "-"}, ${a.bestPath.length} turns): ${a.bestPath.join(",")}`,
    ...pathLoopLines(a.loops, "best-path"),
    `Worst path (${a.worst?.overall ?? "-"}, ${a.worst?.outcome ?? "-"}, ${a.worstPath.length} turns): ${a.worstPath.join(",")}`,
    ...pathLoopLines(a.loops, "worst-path"),
    ...(a.warnings.length ? a.warnings.map((w) => `warning: ${w.message}`) : ["No warnings."]),
  ];
  process.stdout.write(out.join("\n") + "\n");
  return 0;
}

function pathLoopLines(loops: LoopReport[], kind: LoopReport["kind"]): string[] {
  return loops
    .filter((l) => l.kind === kind)
    .map((l) => `  goes round ${loopWords(l)} ${l.times === 1 ? "once" : `${l.times} times in a row`}`);
}

function replies(file: string | undefined, json: boolean): number {
  if (!file) throw new CliError(`replies needs a file\n\n${USAGE}`);
  const scenario = loadOrExit(file);
  const { pairs, complete } = replyPairs(scenario);
  if (json) {
    process.stdout.write(JSON.stringify({ scenarioId: scenario.id, version: scenario.version, complete, pairs }, null, 2) + "\n");
    return 0;
  }
  const who = scenario.persona.name;
  const out = [
    `${scenario.title} (${scenario.id} v${scenario.version}): ${pairs.length} reply pairs (agent line → customer reply) over ${new Set(pairs.map((p) => p.choice?.id ?? "")).size} agent lines${complete ? "" : " (too many moods to enumerate: part of the calls only)"}`,
    "Each agent line once, then every reply the customer can give to it, with the customer's mood when they reply.",
  ];
  let current: string | null | undefined;
  for (const p of pairs) {
    const id = p.choice?.id ?? null;
    if (id !== current) {
      current = id;
      out.push("");
      out.push(p.choice ? `[${p.choice.node} › ${p.choice.id}] You: ${p.choice.text}` : "[call opens]");
    }
    const where = `${p.node}${scenario.nodes[p.node]!.lines.length > 1 ? ` line ${p.line + 1}` : ""}${p.ending ? `, ends: ${p.ending}` : ""}`;
    out.push(`    → ${who} (${where}; ${describeSpan(p.span, scenario.flags)}): ${p.reply}`);
  }
  process.stdout.write(out.join("\n") + "\n");
  return 0;
}

export function main(argv: string[]): number {
  try {
    const [command, ...rest] = argv;
    if (!command || command === "help" || command === "--help" || command === "-h") {
      process.stdout.write(USAGE + "\n");
      return command ? 0 : 1;
    }
    const { positional, flags } = parseArgs(rest);
    const json = flags.get("json") === true;
    switch (command) {
      case "validate":
        return validate(positional);
      case "play":
        return play(positional[0], flags.get("choices"), json);
      case "analyze":
        return analyze(positional[0], json);
      case "migrate":
        return migrate(positional, flags.get("write") === true);
      case "replies":
        return replies(positional[0], json);
      default:
        throw new CliError(`unknown command \`${command}\`\n\n${USAGE}`);
    }
  } catch (err) {
    if (err instanceof CliError) {
      if (err.message) process.stderr.write(err.message + "\n");
      return err.code;
    }
    process.stderr.write(`internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}
