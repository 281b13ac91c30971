import { describe, expect, it } from "vitest";
import { loadScenario } from "../scenario/load";
import { analyzeScenario } from "../analysis/analyze";
import { clearLocalDraft, clearLocalDraftsUpTo, draftKey, findLocalDraft, readLocalDraft, writeLocalDraft } from "./local-draft";
import { nodePosition, peekField } from "./source";
import { scenarioTemplate } from "./template";

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
    key: (i: number) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
    map,
  };
}

describe("the new-scenario template", () => {
  it("loads with no problems and no warnings, under the id it is given", () => {
    const result = loadScenario(scenarioTemplate("my-new-one"), "template.yaml");
    expect(result.ok ? result.warnings : result.problems).toEqual([]);
    expect(result.ok && result.scenario.id).toBe("my-new-one");
  });

  it("has several endings and a best path that passes", () => {
    const result = loadScenario(scenarioTemplate("t"), "template.yaml");
    if (!result.ok) throw new Error("template does not load");
    const analysis = analyzeScenario(result.scenario);
    expect(new Set(Object.values(result.scenario.nodes).flatMap((n) => (n.ending ? [n.ending.kind] : []))).size).toBeGreaterThanOrEqual(3);
    expect(analysis.scoreRange.max).toBeGreaterThanOrEqual(90);
  });

  it("is mostly explained in comments", () => {
    expect(
      scenarioTemplate("t")
        .split("\n")
        .filter((l) => l.includes("#")).length,
    ).toBeGreaterThanOrEqual(8);
  });
});

describe("peekField", () => {
  it("reads fields of a scenario that loads, and of one that does not", () => {
    const text = scenarioTemplate("peek-me");
    expect(peekField(text, "id")).toBe("peek-me");
    expect(peekField(text, "title")).toBe("Internet down before a client call");
    const broken = `${text}\n  - id: [unclosed\n`;
    expect(loadScenario(broken).ok).toBe(false);
    expect(peekField(broken, "id")).toBe("peek-me");
    expect(peekField(broken, "title")).toBe("Internet down before a client call");
    expect(peekField(broken, "difficulty")).toBe("easy");
  });

  it("fills a format 2 draft's variables into the fields it reads", () => {
    const draft = "format: 2\nid: x\nvariables: { name: Dana }\ntitle: Calling ${name} about $${fee} and ${nope}\nnodes: []\n";
    expect(loadScenario(draft).ok).toBe(false);
    expect(peekField(draft, "title")).toBe("Calling Dana about ${fee} and ${nope}");
    expect(peekField(draft.replace("format: 2\n", ""), "title")).toBe("Calling ${name} about $${fee} and ${nope}");
  });

  it("handles quoted values and missing fields", () => {
    expect(peekField('id: "quoted-id"\ntitle: [\n', "id")).toBe("quoted-id");
    expect(peekField("title: x\n", "id")).toBeNull();
    expect(peekField("- a list\n", "id")).toBeNull();
    expect(peekField("", "id")).toBeNull();
    expect(peekField("a: [\ntitle: Hello  # a comment\n", "title")).toBe("Hello");
    expect(peekField("a: [\ntitle: |\n  block\n", "title")).toBeNull();
    expect(peekField("a: [\ntitles: no\ntitle: 'single'\n", "title")).toBe("single");
  });

  it("stays linear on the crafted line that made the old regex backtrack for minutes", () => {
    // Correctness, not speed, is asserted; the old pattern never returned on this input.
    const crafted = "a: [\ntitle:" + " ".repeat(200_000) + "x|\n";
    expect(peekField(crafted, "title")).toBe("x|");
  });
});

describe("nodePosition", () => {
  it("finds the line and column of a node's id key", () => {
    const text = scenarioTemplate("t");
    const lines = text.split("\n");
    const pos = nodePosition(text, "summary");
    expect(pos).not.toBeNull();
    expect(lines[pos!.line - 1]).toBe("  - id: summary");
    expect(pos!.col).toBe(5);
    expect(nodePosition(text, "no-such-node")).toBeNull();
    expect(nodePosition("nodes: [unclosed", "x")).toBeNull();
  });
});

describe("local drafts", () => {
  it("keeps text per scenario and base version, and clears it", () => {
    const store = memoryStorage();
    const key = draftKey("billing-copy", 3);
    expect(key).not.toBe(draftKey("billing-copy", 4));
    expect(draftKey(null, 0)).not.toBe(draftKey("new", 0));
    expect(readLocalDraft(key, store)).toBeNull();
    expect(writeLocalDraft(key, "id: x\n", store, new Date("2026-01-01T00:00:00Z"))).toBe(true);
    expect(readLocalDraft(key, store)).toEqual({ text: "id: x\n", savedAt: "2026-01-01T00:00:00.000Z" });
    clearLocalDraft(key, store);
    expect(readLocalDraft(key, store)).toBeNull();
  });

  it("survives a broken or refusing storage", () => {
    const store = memoryStorage();
    store.map.set("k", "{not json");
    expect(readLocalDraft("k", store)).toBeNull();
    const full = {
      ...store,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(writeLocalDraft("k", "text", full)).toBe(false);
    expect(readLocalDraft("k", null)).toBeNull();
  });
});

describe("findLocalDraft", () => {
  it("finds the newest draft of a scenario made on the latest or an older base version", () => {
    const store = memoryStorage();
    writeLocalDraft(draftKey("a", 2), "on two", store);
    writeLocalDraft(draftKey("a", 3), "on three", store);
    writeLocalDraft(draftKey("a-b", 9), "other scenario", store);
    writeLocalDraft(draftKey(null, 0), "new one", store);
    expect(findLocalDraft("a", 5, store)).toMatchObject({ baseVersion: 3, draft: { text: "on three" } });
    expect(findLocalDraft("a", 2, store)).toMatchObject({ baseVersion: 2, draft: { text: "on two" } });
    expect(findLocalDraft("a", 1, store)).toBeNull();
    expect(findLocalDraft(null, 0, store)).toMatchObject({ baseVersion: 0, draft: { text: "new one" } });
    expect(findLocalDraft("zzz", 5, store)).toBeNull();
  });

  it("after a save, forgets every draft of that scenario on that base or older", () => {
    const store = memoryStorage();
    for (const v of [1, 2, 3, 4]) writeLocalDraft(draftKey("a", v), `on ${v}`, store);
    writeLocalDraft(draftKey("a-b", 1), "other scenario", store);
    clearLocalDraftsUpTo("a", 3, store);
    expect(findLocalDraft("a", 9, store)).toMatchObject({ baseVersion: 4 });
    expect([1, 2, 3].map((v) => readLocalDraft(draftKey("a", v), store))).toEqual([null, null, null]);
    expect(readLocalDraft(draftKey("a-b", 1), store)).not.toBeNull();
  });
});
