/**
 * `npm run bench`: speed figures for the domain core. Targets from the issues are
 * printed beside each figure; the process exits 1 when a target is missed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { replayWithMachine } from "../customer/machine";
import { analyzeScenario } from "../analysis/analyze";
import { debriefReport } from "../analysis/debrief";
import { loadScenario } from "../scenario/load";
import type { Scenario } from "../scenario/model";
import { scoreRun } from "../scoring/report";
import { runAuthoringBench } from "./authoring";
import { chainYaml, distinctKeysYaml, generateScenarioYaml, recoveryLoopsYaml } from "./generate";
import { runLoadBench } from "./load";
import { runStallBench } from "./stall";
import { benchScorecard } from "./scorecard";

const results: { name: string; value: string; target: string; ok: boolean }[] = [];
function record(name: string, value: string, target: string, ok: boolean) {
  results.push({ name, value, target, ok });
  console.log(`${ok ? "ok  " : "MISS"} ${name}: ${value} (target ${target})`);
}

function time<T>(fn: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const value = fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function mustLoad(text: string | Uint8Array, name: string): Scenario {
  const result = loadScenario(text, name);
  if (!result.ok) throw new Error(`${name} does not load: ${result.problems[0]?.message}`);
  return result.scenario;
}

// 1. Loading + checking a generated 1,000-node scenario.
{
  const text = generateScenarioYaml(1000);
  for (let i = 0; i < 3; i++) mustLoad(text, "gen.yaml"); // warm-up
  const times: number[] = [];
  for (let i = 0; i < 15; i++) times.push(time(() => mustLoad(text, "gen.yaml"))[1]);
  times.sort((a, b) => a - b);
  const median = percentile(times, 50);
  record(
    `load + check, 1,000 nodes (${(text.length / 1024).toFixed(0)} KiB), median of 15`,
    `${median.toFixed(1)} ms (max ${times.at(-1)!.toFixed(1)} ms)`,
    "< 250 ms",
    median < 250,
  );
}

// 2. The CLI answers any input up to 1 MB within 2 s (whole process, start-up included).
{
  const dir = mkdtempSync(join(tmpdir(), "scenario-bench-"));
  const inputs: [string, string][] = [
    ["a valid 1,000-node scenario (~1 MB)", generateScenarioYaml(1000)],
    ["1 MB of one flow sequence", "a: [" + "x, ".repeat(340_000) + "]"],
    ["1 MB of distinct keys", distinctKeysYaml()],
    ["1 MB of `y: y: y:`", "- ".repeat(100) + "x\n" + "y: ".repeat(300_000)],
    [
      "an alias bomb",
      [
        "a: &a [x, x, x, x, x, x, x, x, x, x]",
        ...Array.from(
          { length: 8 },
          (_, i) =>
            `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${Array(10)
              .fill("*" + "abcdefgh"[i])
              .join(", ")}]`,
        ),
      ].join("\n"),
    ],
    ["1 MB of random bytes", Buffer.from(Array.from({ length: 1_000_000 }, (_, i) => (i * 2654435761) % 251)).toString("latin1")],
    // Shapes that used to be slow in the graph checks (a chain listed in order) and in "did you mean".
    ["a valid chain of 9,500 nodes (~1 MB)", chainYaml(9500, false)],
    ["9,500 choices to unknown nodes (~1 MB)", chainYaml(9500, true)],
  ];
  for (const [name, text] of inputs) {
    const file = join(dir, "input.yaml");
    writeFileSync(file, text, "latin1");
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ["--import", "tsx", "lib/cli/main.ts", "validate", file], { encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const clean = (result.status === 0 || result.status === 1) && !/\n\s+at /.test(result.stderr);
    record(
      `CLI validate, ${name}`,
      `${ms.toFixed(0)} ms, exit ${result.status}`,
      "< 2000 ms, exit 0/1, no stack trace",
      ms < 2000 && clean,
    );
  }
}

// 3. Replay + scoring of 20-turn runs.
{
  const scenario = mustLoad(generateScenarioYaml(1000), "gen.yaml");
  const runs: string[][] = [];
  for (let r = 0; r < 200; r++) {
    const choices: string[] = [];
    let node = 0;
    for (let t = 0; t < 20; t++) {
      const skip = (r + t) % 3 === 0;
      choices.push(`n${node}-${skip ? "skip" : "forward"}`);
      node += skip ? 2 : 1;
    }
    runs.push(choices);
  }
  for (const r of runs) if (scoreRun(scenario, r).turns.length !== 20) throw new Error("bench run is not 20 turns");
  let count = 0;
  const [, ms] = time(() => {
    const deadline = Date.now() + 2000;
    while (Date.now() < deadline) {
      for (let i = 0; i < 100; i++) scoreRun(scenario, runs[(count + i) % runs.length]!);
      count += 100;
    }
  });
  const perSecond = Math.round((count / ms) * 1000);
  record("replay + score, 20-turn runs, one core", `${perSecond.toLocaleString("en")} runs/s`, ">= 10,000 runs/s", perSecond >= 10_000);
  // For comparison: the same runs through the XState interpreter (what the browser uses).
  let actorRuns = 0;
  const [, actorMs] = time(() => {
    const deadline = Date.now() + 1000;
    while (Date.now() < deadline) replayWithMachine(scenario, runs[actorRuns++ % runs.length]!);
  });
  console.log(
    `     (same runs through the XState actor, replay only: ${Math.round((actorRuns / actorMs) * 1000).toLocaleString("en")} runs/s)`,
  );
}

// 4. Analysis of each built-in scenario, and a full debrief (with better options) once analysed.
for (const file of readdirSync("scenarios")
  .filter((f) => f.endsWith(".yaml"))
  .sort()) {
  const scenario = mustLoad(readFileSync(`scenarios/${file}`), file);
  const [analysis, ms] = time(() => analyzeScenario(scenario));
  record(
    `analyze ${file} (${analysis.nodeCount} nodes, ${analysis.statesVisited.toLocaleString("en")} states)`,
    `${ms.toFixed(0)} ms; best ${analysis.scoreRange.max}, worst ${analysis.scoreRange.min}`,
    "< 2000 ms",
    ms < 2000 && !analysis.truncated,
  );
  const [, coldMs] = time(() => debriefReport(scenario, analysis.worstPath));
  const [, warmMs] = time(() => debriefReport(scenario, analysis.worstPath));
  record(
    `debrief with better options, ${file}`,
    `${coldMs.toFixed(0)} ms cold, ${warmMs.toFixed(2)} ms warm`,
    "< 2000 ms cold",
    coldMs < 2000,
  );
}

// 4b. A 40-node scenario with a recovery loop at every stage (defensive → apology → back to
// exploring, which leaves the mood as it was), lib/bench/generate.ts: the analysis must finish, exact.
{
  const scenario = mustLoad(recoveryLoopsYaml(), "recovery-loops.yaml");
  analyzeScenario(scenario); // warm-up (the JIT), as the workspace's worker is after its first run
  const times: number[] = [];
  let analysis = analyzeScenario(scenario);
  for (let i = 0; i < 5; i++) {
    const [a, ms] = time(() => analyzeScenario(scenario));
    analysis = a;
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  const median = percentile(times, 50);
  record(
    `analyze recovery-loops (${analysis.nodeCount} nodes, ${analysis.loops.length} loop(s) named, ${analysis.positions.toLocaleString("en")} positions, ${analysis.statesVisited.toLocaleString("en")} states), median of 5`,
    `${median.toFixed(0)} ms (max ${times.at(-1)!.toFixed(0)} ms); best ${analysis.scoreRange.max}, worst ${analysis.scoreRange.min}${analysis.truncated ? ", TRUNCATED" : ""}`,
    "< 2000 ms, not truncated",
    median < 2000 && !analysis.truncated,
  );
}

// 5. The trainer's workspace: the check on each keystroke and the graph layout (lib/bench/authoring.ts).
{
  console.log("\nAuthoring: the editor's check on each keystroke, the graph layout (lib/bench/authoring.ts)");
  for (const figure of await runAuthoringBench()) record(figure.name, figure.value, figure.target, figure.ok);
}

// 6. The run API under load, on the production build with SQLite (lib/bench/load.ts).
{
  console.log("\nLoad: the run API on the production build (lib/bench/load.ts)");
  try {
    for (const figure of await runLoadBench()) record(figure.name, figure.value, figure.target, figure.ok);
  } catch (err) {
    record("load benchmark", `did not run: ${(err as Error).message}`, "runs to the end", false);
  }
}

// 7. Nothing stalls the server: turns while trainers save hostile texts and a big scenario is debriefed (lib/bench/stall.ts).
{
  console.log("\nStall: trainees' turns while trainers do CPU-heavy things (lib/bench/stall.ts)");
  try {
    for (const figure of await runStallBench()) record(figure.name, figure.value, figure.target, figure.ok);
  } catch (err) {
    record("stall benchmark", `did not run: ${(err as Error).message}`, "runs to the end", false);
  }
}

// 8. The team scorecard with 1,000 trainees and 50,000 runs, SQLite and PostgreSQL (lib/bench/scorecard.ts).
{
  console.log("\nScorecard: 1,000 trainees, 50,000 simulated runs (lib/bench/scorecard.ts)");
  for (const figure of await benchScorecard()) record(figure.name, figure.value, figure.target, figure.ok);
}

const missed = results.filter((r) => !r.ok);
console.log(missed.length ? `\n${missed.length} target(s) missed.` : "\nAll targets met.");
process.exitCode = missed.length ? 1 : 0;
