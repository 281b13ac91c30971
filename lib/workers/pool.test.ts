import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { debriefReport } from "../analysis/debrief";
import { analyzeScenario } from "../analysis/analyze";
import { checkScenarioText } from "../authoring/check-scenario-text";
import { chainYaml, distinctKeysYaml, generateScenarioYaml } from "../bench/generate";
import { loadScenario } from "../scenario/load";
import { closeWorkers, runTask, TaskOverBudget } from "./pool.server";

afterAll(() => closeWorkers());

const billing = readFileSync(new URL("../../scenarios/billing-error.yaml", import.meta.url), "utf8");

describe("worker threads (lib/workers)", () => {
  it("check gives what the loader gives on this thread, hostile input included", async () => {
    for (const yaml of [billing, distinctKeysYaml(200_000), chainYaml(500, true)]) {
      expect(await runTask("check", { yaml, file: "x.yaml" }, { budgetMs: 60_000 })).toEqual(checkScenarioText(yaml, "x.yaml"));
    }
  }, 120_000);

  it("compile gives the compiled scenario, or the problem count", async () => {
    const compiled = await runTask("compile", { yaml: billing, file: "billing-error.yaml" }, { budgetMs: 60_000 });
    const loaded = loadScenario(billing, "billing-error.yaml");
    expect(compiled).toEqual({ ok: true, scenario: loaded.ok && loaded.scenario });
    const broken = loadScenario(chainYaml(3, true), "c.yaml");
    const errors = broken.ok ? 0 : broken.problems.filter((p) => p.severity === "error").length;
    expect(errors).toBeGreaterThan(0);
    expect(await runTask("compile", { yaml: chainYaml(3, true), file: "c.yaml" }, { budgetMs: 60_000 })).toMatchObject({
      ok: false,
      errors,
    });
  }, 60_000);

  it("a debrief from the stored search equals debriefReport; the thread asks for the version once", async () => {
    const scenario = loadScenario(billing, "billing-error.yaml");
    if (!scenario.ok) throw new Error("billing-error does not load");
    const analyzed = await runTask("analyze", { yaml: billing, file: "billing-error.yaml" }, { budgetMs: 120_000, lane: "background" });
    expect(analyzed.truncated).toBe(false);
    const worst = analyzeScenario(scenario.scenario).worstPath;
    const input = { versionId: "v-billing", choices: worst };
    expect(await runTask("debrief", input, { budgetMs: 60_000 })).toEqual({ need: "version" });
    const version = { yaml: billing, file: "billing-error.yaml", bestScores: analyzed.bestScores };
    const answer = await runTask("debrief", { ...input, version }, { budgetMs: 60_000 });
    expect(answer).toEqual({ report: debriefReport(scenario.scenario, worst) });
    expect("report" in answer && answer.report.turns.some((t) => t.betterOption)).toBe(true);
  }, 180_000);

  it("a task over its time budget is stopped, and the lane goes on working", async () => {
    // The 38-node scenario's search takes seconds (it stops only at the 400,000-state cap).
    const big = generateScenarioYaml(35);
    const started = Date.now();
    const error = await runTask("analyze", { yaml: big, file: "big.yaml" }, { budgetMs: 300, lane: "background" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskOverBudget);
    expect(error).toMatchObject({ task: "analyze", reason: "time", budgetMs: 300 });
    expect(Date.now() - started).toBeLessThan(20_000);
    const after = await runTask("compile", { yaml: billing, file: "billing-error.yaml" }, { budgetMs: 60_000, lane: "background" });
    expect(after.ok).toBe(true);
  }, 60_000);
});
