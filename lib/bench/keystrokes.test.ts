import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../scenario/load";
import { generateScenarioYaml } from "./generate";
import { timeKeystrokes, typingSession } from "./keystrokes";

describe("typingSession", () => {
  it("types one character per keystroke into text values, and the file keeps loading", () => {
    const text = readFileSync("scenarios/billing-error.yaml", "utf8");
    const session = typingSession(text, 40, 4);
    expect(session).toHaveLength(40);
    session.forEach((t, i) => expect(t.length).toBe(text.length + i + 1));
    expect(session.every((t) => loadScenario(t).ok)).toBe(true);
    expect(session.at(-1)).toContain(" and then");
  });

  it("works on the generated scenario and times each keystroke", () => {
    const session = typingSession(generateScenarioYaml(20), 20, 2);
    const times = timeKeystrokes(session, () => performance.now());
    expect(times).toMatchObject({ keystrokes: 20, invalid: 0 });
    expect(times.median).toBeLessThanOrEqual(times.p95);
    expect(times.p95).toBeLessThanOrEqual(times.max);
  });
});
