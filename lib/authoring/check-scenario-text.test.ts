import { describe, expect, it } from "vitest";
import { chainYaml, distinctKeysYaml } from "../bench/generate";
import { loadScenario } from "../scenario/load";
import { checkScenarioText } from "./check-scenario-text";
import { peekField, peekFields } from "./source";
import { scenarioTemplate } from "./template";

const KEYS = ["id", "title", "difficulty", "brief"] as const;

describe("the server's check of a scenario text", () => {
  it("takes a text that loads as it is", () => {
    const yaml = scenarioTemplate("checked");
    const loaded = loadScenario(yaml, "checked.yaml");
    if (!loaded.ok) throw new Error("the template does not load");
    expect(checkScenarioText(yaml, "checked.yaml")).toEqual({
      yamlId: "checked",
      problemCount: 0,
      problems: loaded.warnings,
      title: loaded.scenario.title,
      difficulty: loaded.scenario.difficulty,
      brief: loaded.scenario.brief,
    });
  });

  it("reads a draft's fields leniently, or gives stand-ins", () => {
    const draft = "id: half-done\ntitle: Half done\ndifficulty: hard\nbrief: Not finished\nnodes: [";
    expect(checkScenarioText(draft, "d.yaml")).toMatchObject({
      yamlId: "half-done",
      title: "Half done",
      difficulty: "hard",
      brief: "Not finished",
    });
    expect(checkScenarioText("id: Not Valid!\ndifficulty: extreme\n", "d.yaml")).toMatchObject({
      yamlId: null,
      title: "Not Valid!",
      difficulty: "medium",
      brief: "",
    });
    const keys = checkScenarioText(distinctKeysYaml(20_000), "k.yaml");
    expect(keys).toMatchObject({ yamlId: null, title: "Untitled scenario", difficulty: "medium", brief: "" });
    expect(keys.problemCount).toBeGreaterThan(0);
  });

  it("peekFields gives what peekField gives for each field, parsing once", () => {
    const texts = [
      scenarioTemplate("peek"),
      "id: half-done\ntitle: 'Quoted'   # a comment\nbrief: |\n  block\nnodes: [",
      "title: only a title\n",
      chainYaml(50, true),
      distinctKeysYaml(5_000),
      "",
    ];
    for (const text of texts) {
      expect(peekFields(text)).toEqual(Object.fromEntries(KEYS.map((k) => [k, peekField(text, k)])));
    }
  });
});
