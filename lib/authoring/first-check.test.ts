import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario } from "@/lib/scenario/load";
import { firstCheck, workspaceFile } from "./first-check";

describe("the workspace's first check, made on the server", () => {
  it("lists a scenario's warnings, as the browser's own check does, under the file the workspace names", () => {
    const text = readFileSync("scenarios/billing-error.yaml", "utf8");
    const browser = loadScenario(text, workspaceFile("billing-error"));
    if (!browser.ok) throw new Error("billing-error.yaml does not load");
    const outcome = firstCheck(text, "billing-error");
    expect(outcome).toEqual({ ok: true, problems: browser.warnings, ms: expect.any(Number) as number });
    expect(outcome.ms).toBeGreaterThanOrEqual(0);
  });

  it("lists the problems of a text that does not load, each naming the file and its line", () => {
    const outcome = firstCheck("id: broken\ntitle: [unclosed\n", null);
    expect(outcome.ok).toBe(false);
    expect(outcome.problems.length).toBeGreaterThan(0);
    expect(outcome.problems.every((p) => p.file === "new-scenario.yaml" && p.severity === "error" && p.line >= 1)).toBe(true);
  });
});
