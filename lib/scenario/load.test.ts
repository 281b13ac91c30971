import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatProblem, loadScenario, type LoadResult } from "./load";

const TINY = readFileSync(new URL("./fixtures/tiny.yaml", import.meta.url), "utf8");

/** The 1-based line of the first occurrence of `needle` in `text`. */
function lineOf(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`fixture does not contain ${needle}`);
  return text.slice(0, at).split("\n").length;
}

/** "line:col" of the first occurrence of `needle`. */
function pos(text: string, needle: string): string {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`fixture does not contain ${needle}`);
  return `${text.slice(0, at).split("\n").length}:${at - text.lastIndexOf("\n", at - 1)}`;
}

function problems(result: LoadResult) {
  if (result.ok) throw new Error("expected problems, scenario loaded");
  return result.problems.map(formatProblem);
}

function errorsOf(text: string) {
  return problems(loadScenario(text, "s.yaml"));
}

describe("loadScenario: valid input", () => {
  it("compiles the fixture into nodes, choices and parsed conditions", () => {
    const result = loadScenario(TINY, "tiny.yaml");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const s = result.scenario;
    expect(s.id).toBe("tiny-refund");
    expect(s.nodeIds).toEqual(["open", "vented", "acked", "explored", "summarised", "close-ok", "close-meh", "hangup"]);
    expect(s.nodes.open!.lines[0]!.when).toEqual([{ field: "anger", op: ">=", value: 80 }]);
    expect(s.nodes.open!.choices[2]!.branches).toEqual([
      { when: [{ field: "anger", op: ">=", value: 90 }], to: "hangup" },
      { to: "vented" },
    ]);
    expect(s.nodes.hangup!.ending).toEqual({ kind: "hung-up" });
    expect(s.weights).toEqual({ laer: 30, reflectiveListening: 25, promises: 25, professionalism: 20 });
    expect(s.passMark).toBe(70);
    expect(result.warnings).toEqual([]);
  });

  it("accepts bytes with a UTF-8 byte-order mark", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(TINY)]);
    expect(loadScenario(bytes, "bom.yaml").ok).toBe(true);
  });

  it("takes per-scenario weights and pass mark", () => {
    const text = TINY.replace(
      "start: open",
      "scoring:\n  weights: { laer: 40, reflectiveListening: 20, promises: 20, professionalism: 20 }\n  passMark: 80\nstart: open",
    );
    const result = loadScenario(text);
    expect(result.ok && result.scenario.weights.laer).toBe(40);
    expect(result.ok && result.scenario.passMark).toBe(80);
  });
});

describe("loadScenario: every problem is file:line:col", () => {
  it("reports YAML syntax errors at their position", () => {
    const text = TINY.replace("title: Refund for a broken kettle", "title: [unclosed");
    expect(errorsOf(text)).toEqual([
      `s.yaml:${pos(text, "[unclosed")}: this \`[\` is never closed, so YAML reads on into the lines below: end the list with \`]\` on this line, like \`[listen, acknowledge]\``,
    ]);
  });

  it("reports duplicate keys", () => {
    const text = TINY.replace("version: 1", "version: 1\nversion: 2");
    expect(errorsOf(text)).toEqual([
      `s.yaml:${lineOf(text, "version: 2")}:1: \`version\` appears twice in the same mapping (lines ${lineOf(text, "version: 1")} and ${lineOf(text, "version: 2")}): each field may appear once, so keep one of them`,
    ]);
  });

  it("reports a wrong type at the value", () => {
    const text = TINY.replace("version: 1", "version: one");
    expect(errorsOf(text)).toEqual([`s.yaml:${lineOf(text, "version: one")}:10: \`version\` should be a number, got text \`one\``]);
  });

  it("reports a missing field at the mapping that lacks it", () => {
    const text = TINY.replace("title: Refund for a broken kettle\n", "");
    expect(errorsOf(text)).toEqual([
      `s.yaml:${lineOf(text, "id: tiny-refund")}:1: the scenario has no \`title:\` line: add the title trainees see in the library`,
    ]);
  });

  it("reports an unknown field at its key", () => {
    const text = TINY.replace("version: 1", "version: 1\nauthor: me");
    expect(errorsOf(text)).toEqual([
      `s.yaml:${lineOf(text, "author: me")}:1: unknown field \`author\`: the fields of the scenario are \`id\`, \`title\`, \`version\`, \`difficulty\`, \`brief\`, \`persona\`, \`mood\`, \`facts\`, \`scoring\`, \`start\`, \`nodes\``,
    ]);
  });

  it("reports an unknown node in next", () => {
    const text = TINY.replace("next: acked\n      - id: policy", "next: akced\n      - id: policy");
    expect(errorsOf(text)).toContain(`s.yaml:${lineOf(text, "next: akced")}:15: unknown node \`akced\` (did you mean \`acked\`?)`);
  });

  it("reports an unknown start node", () => {
    const text = TINY.replace("start: open", "start: opening");
    expect(errorsOf(text)[0]).toBe(`s.yaml:${lineOf(text, "start: opening")}:8: unknown node \`opening\` (did you mean \`open\`?)`);
  });

  it("reports a duplicate node id", () => {
    const text = TINY.replace("  - id: close-meh", "  - id: close-ok");
    const second = lineOf(text, "  - id: close-ok", text.indexOf("  - id: close-ok") + 1);
    expect(errorsOf(text)).toContain(
      `s.yaml:${second}:9: duplicate node id \`close-ok\`: the node on line ${lineOf(text, "  - id: close-ok")} already has it; rename one of them (and the \`next\` that should lead here)`,
    );
  });

  it("reports a duplicate choice id", () => {
    const text = TINY.replace("id: policy", "id: sorry");
    expect(errorsOf(text)).toContain(
      `s.yaml:${lineOf(text, "id: sorry", text.indexOf("id: sorry") + 1)}:13: duplicate choice id \`sorry\` (also in node \`vented\`, line ${lineOf(text, "id: sorry")}): choice ids must be unique in a scenario, so rename one of them`,
    );
  });

  it("reports a choice with no tag", () => {
    const text = TINY.replace("tags: [deflect]", "tags: []");
    expect(errorsOf(text)).toEqual([
      `s.yaml:${lineOf(text, "tags: []")}:15: \`tags\`: a choice needs at least one tag (see the tag list in README)`,
    ]);
  });

  it("reports an unknown tag with a suggestion", () => {
    const text = TINY.replace("tags: [deflect]", "tags: [deflekt]");
    expect(errorsOf(text)).toEqual([`s.yaml:${lineOf(text, "deflekt")}:16: unknown tag \`deflekt\` (did you mean \`deflect\`?)`]);
  });

  it("reports an unknown fact", () => {
    const text = TINY.replace("facts: [second-call]\n", "facts: [third-call]\n");
    expect(errorsOf(text)).toContain(`s.yaml:${pos(text, "third-call")}: unknown fact \`third-call\``);
  });

  it("reports an unreachable node", () => {
    const text = TINY.replace("next: close-meh", "next: close-ok");
    expect(errorsOf(text)).toEqual([
      `s.yaml:${lineOf(text, "id: close-meh")}:9: node \`close-meh\` is unreachable: no choice leads to it from the start node \`open\``,
    ]);
  });

  it("reports nodes from which no ending can be reached", () => {
    const text = TINY.replace("next: summarised\n      - id: summary-wrong", "next: explored\n      - id: summary-wrong").replace(
      "next: summarised\n  - id: summarised",
      "next: explored\n  - id: summarised",
    );
    const errors = errorsOf(text);
    expect(errors).toContain(
      `s.yaml:${lineOf(text, "id: explored")}:9: no ending can be reached from node \`explored\`: every path from here loops without ending the call`,
    );
  });

  it("reports a condition on an unknown mood field", () => {
    const text = TINY.replace("when: anger >= 90", "when: patience >= 90");
    expect(errorsOf(text)).toEqual([
      `s.yaml:${lineOf(text, "patience")}:19: unknown mood field \`patience\` in condition: use anger or trust`,
    ]);
  });

  it("reports an unreadable condition", () => {
    const text = TINY.replace("when: anger >= 90", "when: anger is high");
    expect(errorsOf(text)[0]).toMatch(new RegExp(`^s\\.yaml:${lineOf(text, "anger is high")}:19: cannot read condition`));
  });

  it("requires the last branch and the last line to be unconditional", () => {
    const text = TINY.replace("          - to: vented", "          - when: anger < 90\n            to: vented");
    expect(errorsOf(text)).toEqual([
      `s.yaml:${pos(text, "anger < 90")}: the last branch of \`next\` must have no \`when\`, so the call always goes somewhere`,
    ]);
  });

  it("reports an unknown ending kind with the allowed values", () => {
    const text = TINY.replace("ending: { kind: hung-up }", "ending: { kind: hangup }");
    expect(errorsOf(text)[0]).toContain("`kind` should be one of `resolved`, `escalated`, `hung-up`, `agent-ended`, got text `hangup`");
  });

  it("reports weights that do not add up to 100", () => {
    const text = TINY.replace(
      "start: open",
      "scoring:\n  weights: { laer: 40, reflectiveListening: 25, promises: 25, professionalism: 20 }\nstart: open",
    );
    expect(errorsOf(text)).toEqual([`s.yaml:${lineOf(text, "weights:")}:12: weights must add up to 100, they add up to 110`]);
  });

  it("reports a node with both choices and an ending", () => {
    const text = TINY.replace(
      "    customer: Forget it. (click)\n",
      "    customer: Forget it. (click)\n    choices:\n      - { id: x, text: hi, tags: [neutral], next: open }\n",
    );
    expect(errorsOf(text).some((e) => e.includes("has both `choices` and an `ending`"))).toBe(true);
  });

  it("reports a mood outside 0-100", () => {
    const text = TINY.replace("mood: { anger: 60, trust: 40 }", "mood: { anger: 160, trust: 40 }");
    expect(errorsOf(text)).toEqual([`s.yaml:${pos(text, "160")}: \`anger\`: at most 100`]);
  });

  it("warns (without failing) about a fact no paraphrase covers", () => {
    const text = TINY.replace("facts: [broke-week, second-call]", "facts: [broke-week]")
      .replace("facts: [second-call]\n", "facts: []\n")
      .replace("wrongFacts: [broke-week]", "wrongFacts: [broke-week]");
    const result = loadScenario(text, "s.yaml");
    expect(result.ok).toBe(true);
    expect(result.ok && result.warnings.map(formatProblem)).toEqual([
      `s.yaml:${pos(text, "second-call\n")}: warning: fact \`second-call\` is not covered by any choice tagged \`paraphrase\``,
    ]);
  });

  it("lists several problems in file order", () => {
    const text = TINY.replace("tags: [deflect]", "tags: [nope]").replace("version: 1", "version: 0");
    const errors = errorsOf(text);
    expect(errors.length).toBe(1); // schema errors stop before the semantic checks
    expect(errors[0]).toContain("`version`: versions start at 1");
    const semantic = errorsOf(
      TINY.replace("tags: [deflect]", "tags: [nope]").replace("next: acked\n      - id: policy", "next: nowhere\n      - id: policy"),
    );
    expect(semantic.length).toBe(2);
    const lines = semantic.map((e) => Number(e.split(":")[1]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});

describe("loadScenario: hostile input is refused cleanly", () => {
  it("refuses files over 1 MB", () => {
    const big = TINY + "#" + "x".repeat(1024 * 1024);
    expect(errorsOf(big)).toEqual([
      "s.yaml:1:1: file is larger than 1 MB; a scenario should be far smaller (split it or remove unused text)",
    ]);
  });

  it("refuses an alias bomb", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
      "f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]",
    ].join("\n");
    expect(errorsOf(bomb)[0]).toMatch(/^s\.yaml:1:1: too many alias expansions/);
  });

  it("refuses deep flow nesting", () => {
    const deep = "a: " + "[".repeat(5000) + "]".repeat(5000);
    expect(errorsOf(deep)[0]).toMatch(/^s\.yaml:1:\d+: nesting is deeper than a scenario ever needs/);
  });

  it("refuses deep block nesting", () => {
    const deep = Array.from({ length: 300 }, (_, i) => " ".repeat(i) + "k:").join("\n");
    expect(errorsOf(deep)[0]).toMatch(/nesting is deeper than a scenario ever needs/);
  });

  it("refuses bytes that are not UTF-8, at the bad byte", () => {
    const bytes = new Uint8Array([...new TextEncoder().encode("id: x\ntitle: "), 0xff, 0xfe, 0x00]);
    expect(problems(loadScenario(bytes, "bin.yaml"))).toEqual(["bin.yaml:2:8: file is not UTF-8 text: save it as UTF-8 YAML"]);
  });

  it("refuses control characters", () => {
    expect(errorsOf("id: x\u0000")[0]).toBe("s.yaml:1:6: file contains control characters: it is not a YAML text file");
  });

  it("explains an empty file", () => {
    expect(errorsOf("")[0]).toMatch(/^s\.yaml:1:1: file is empty/);
    expect(errorsOf("# only a comment\n")[0]).toMatch(/file is empty/);
  });

  it("explains a document that is not a mapping", () => {
    expect(errorsOf("- just\n- a list\n")[0]).toBe("s.yaml:1:1: the document should be a mapping of fields, got a list");
  });
});
