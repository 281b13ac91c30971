import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatProblem, loadScenario, type LoadResult } from "./load";

const V2 = readFileSync(new URL("./fixtures/format-2.yaml", import.meta.url), "utf8");
const TINY = readFileSync(new URL("./fixtures/tiny.yaml", import.meta.url), "utf8");

/** "line:col" of the `nth` (0-based) occurrence of `needle`. */
function pos(text: string, needle: string, nth = 0): string {
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`text does not contain ${needle} ${nth + 1} times`);
  }
  return `${text.slice(0, at).split("\n").length}:${at - text.lastIndexOf("\n", at - 1)}`;
}

function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture does not contain ${from}`);
  return text.replace(from, () => to);
}

function problems(result: LoadResult): string[] {
  if (result.ok) throw new Error("expected problems, scenario loaded");
  return result.problems.map(formatProblem);
}
const errorsOf = (text: string) => problems(loadScenario(text, "s.yaml"));
function warningsOf(text: string): string[] {
  const result = loadScenario(text, "s.yaml");
  if (!result.ok) throw new Error(`expected it to load: ${result.problems.map(formatProblem).join("; ")}`);
  return result.warnings.map(formatProblem);
}
function load(text: string) {
  const result = loadScenario(text, "s.yaml");
  if (!result.ok) throw new Error(`expected it to load: ${result.problems.map(formatProblem).join("; ")}`);
  return result.scenario;
}

describe("format 2: the fixture", () => {
  it("loads with no warnings, variables filled in everywhere, merge keys and snippets resolved, x- fields ignored", () => {
    expect(warningsOf(V2)).toEqual([]);
    const s = load(V2);
    expect(s.title).toBe("A refund for Sam");
    expect(s.brief).toBe("Sam's kettle broke after a week. Agree how the £45 comes back, and keep your promises.");
    expect(s.persona.name).toBe("Sam Okoro");
    expect(s.nodes.open!.lines).toEqual([{ text: "I'm Sam. My kettle broke after a week and I want my £45 back!" }]);
    expect(s.nodes["close-ok"]!.ending).toEqual({ kind: "resolved", summary: "Sam has a plan and a time." });
    // `tell-me` merges the `listening` snippet: tags, mood (itself an alias) and feedback with a variable.
    const tellMe = s.nodes.open!.choices[0]!;
    expect(tellMe).toMatchObject({
      id: "tell-me",
      tags: ["listen"],
      effect: { anger: -10, trust: 5 },
      feedback: "Letting Sam vent first lowers the temperature.",
    });
    expect(s).not.toHaveProperty("snippets");
    expect(JSON.stringify(s)).not.toContain("x-reviewed-by");
    expect(JSON.stringify(s)).not.toContain("${");
  });

  it("compiles flags to bits, choice conditions and flag effects, and rules into every choice's branches", () => {
    const s = load(V2);
    expect(s.flags).toEqual(["promised-today", "apologised"]);
    const vented = s.nodes.vented!;
    expect(vented.lines[0]!.when).toEqual([
      { flag: "promised-today", mask: 1 },
      { field: "anger", op: ">=", value: 50 },
    ]);
    expect(s.nodes.summary!.lines[0]!.when).toEqual([
      { flag: "apologised", mask: 2 },
      { flag: "promised-today", mask: 1, not: true },
    ]);
    const walkBack = vented.choices.find((c) => c.id === "walk-back")!;
    expect(walkBack.when).toEqual([{ flag: "promised-today", mask: 1 }]);
    expect(walkBack.flagEffect).toEqual({ set: 0, clear: 1 });
    expect(vented.choices.find((c) => c.id === "sorry")!.flagEffect).toEqual({ set: 2, clear: 0 });
    expect(s.rules).toEqual([{ id: "hang-up", when: [{ field: "anger", op: ">=", value: 90 }], to: "hangup" }]);
    expect(walkBack.branches).toEqual([
      { when: [{ field: "anger", op: ">=", value: 90 }], to: "hangup", rule: "hang-up" },
      { to: "summary" },
    ]);
  });

  it("a literal `${` is written `$${`", () => {
    const s = load(edit(V2, "customer: Fine. We'll see.", "customer: Fine. $${name} is what the form says."));
    expect(s.nodes["close-meh"]!.lines[0]!.text).toBe("Fine. ${name} is what the form says.");
  });

  it("a rule can apply only after choices with some tags, and a choice can skip it by name", () => {
    const tagged = load(edit(V2, "    when: anger >= 90\n    to: hangup", "    after: [blame]\n    when: anger >= 90\n    to: hangup"));
    const rulesOf = (s: typeof tagged) => s.nodes.open!.choices.map((c) => [c.id, c.branches.some((b) => b.rule)]);
    expect(rulesOf(tagged)).toEqual([
      ["tell-me", false],
      ["today", false],
      ["why-didnt", true],
      ["calm-down", false],
    ]);
    const skipped = load(edit(V2, "        rules: off # told", "        rules: { skip: [hang-up] } # told"));
    expect(skipped.nodes.open!.choices[3]!.branches).toEqual([{ to: "vented" }]);
  });
});

describe("format 2: every problem at its exact line:col", () => {
  it("an unknown placeholder, inside a folded block, at the `$`", () => {
    const text = edit(V2, "brief: ${name}'s kettle", "brief: >-\n  First line.\n  Then ${nmae}'s kettle");
    expect(errorsOf(text)).toEqual([
      `s.yaml:${pos(text, "${nmae}")}: unknown variable \`nmae\` in \`\${nmae}\` (did you mean \`name\`?): declare it under \`variables:\``,
    ]);
  });

  it("the second of two identical unknown placeholders in one text, and one in a merged snippet", () => {
    const text = edit(
      edit(V2, "title: A refund for ${name}", "title: ${who} and ${who}"),
      "feedback: Letting ${name} vent",
      "feedback: Letting ${someone} vent",
    );
    const errors = errorsOf(text);
    expect(errors).toContain(`s.yaml:${pos(text, "${who}", 0)}: unknown variable \`who\` in \`\${who}\`: declare it under \`variables:\``);
    expect(errors).toContain(`s.yaml:${pos(text, "${who}", 1)}: unknown variable \`who\` in \`\${who}\`: declare it under \`variables:\``);
    expect(errors).toContain(
      `s.yaml:${pos(text, "${someone}")}: unknown variable \`someone\` in \`\${someone}\`: declare it under \`variables:\``,
    );
  });

  it("a `${` that does not close", () => {
    const text = edit(V2, "customer: Fine. We'll see.", "customer: Fine. ${name We'll see.");
    expect(errorsOf(text)).toEqual([
      `s.yaml:${pos(text, "${name We")}: \`\${\` starts a placeholder: write \`\${name}\` with a variable from \`variables:\`, or \`$\${\` for a literal \`\${\``,
    ]);
  });

  it("an unknown flag in a when, at the flag", () => {
    const text = edit(V2, "when: promised-today and anger >= 50", "when: anger >= 50 and promised-tody");
    expect(errorsOf(text)).toEqual([
      `s.yaml:${pos(text, "promised-tody")}: unknown flag \`promised-tody\` (did you mean \`promised-today\`?): declare it under \`flags:\` and set it with \`sets:\` on a choice`,
    ]);
  });

  it("an unknown flag in a quoted when, in `not`, and in sets and clears", () => {
    const text = edit(
      edit(
        edit(V2, "      - when: promised-today\n", '      - when: "not promissed-today"\n'),
        "sets: [promised-today]",
        "sets: [promised-today, unheard-of]",
      ),
      "clears: [promised-today]",
      "clears: [apologized]",
    );
    expect(errorsOf(text)).toEqual([
      `s.yaml:${pos(text, "unheard-of")}: unknown flag \`unheard-of\`: declare it under \`flags:\``,
      `s.yaml:${pos(text, "promissed-today")}: unknown flag \`promissed-today\` (did you mean \`promised-today\`?): declare it under \`flags:\` and set it with \`sets:\` on a choice`,
      `s.yaml:${pos(text, "apologized")}: unknown flag \`apologized\` (did you mean \`apologised\`?): declare it under \`flags:\``,
    ]);
  });

  it("a term that is neither a comparison nor a flag, and a mood field used as a flag", () => {
    const text = edit(
      edit(V2, "when: promised-today and anger >= 50", "when: promised-today and anger is high"),
      "when: apologised and",
      "when: anger and",
    );
    expect(errorsOf(text)).toEqual([
      // (its only test gone, `apologised` is now set but never tested)
      `s.yaml:${pos(text, "apologised]")}: warning: flag \`apologised\` is set but nothing tests it: use it in a \`when\` (a line, a branch, a choice or a rule), or remove it`,
      `s.yaml:${pos(text, "anger is high")}: cannot read condition \`anger is high\`: write \`<anger|trust> <op> <number>\` with op one of >= <= == != > <, a flag, or \`not\` and a flag, joined by \`and\``,
      `s.yaml:${pos(text, "anger and")}: \`anger\` is a mood field: compare it with a number, e.g. \`anger >= 50\``,
    ]);
  });

  it("bad rules: an unknown node, an unknown tag in `after`, a missing `when`, a duplicate id, an unknown rule to skip", () => {
    const rules = [
      "rules:",
      "  - id: hang-up",
      "    when: anger >= 90",
      "    to: hangpu",
      "  - id: hang-up",
      "    when: anger >= 95",
      "    to: hangup",
      "  - id: blamed",
      "    after: [blame, shouting]",
      "    when: anger >= 80",
      "    to: hangup",
    ].join("\n");
    const text = edit(
      edit(V2, "rules:\n  - id: hang-up\n    when: anger >= 90\n    to: hangup", rules),
      "rules: off # told",
      "rules: { skip: [hang-pu] } # told",
    );
    expect(errorsOf(text)).toEqual([
      `s.yaml:${pos(text, "hangpu")}: unknown node \`hangpu\` (did you mean \`hangup\`?)`,
      `s.yaml:${pos(text, "hang-up", 1)}: duplicate rule id \`hang-up\``,
      `s.yaml:${pos(text, "shouting")}: unknown tag \`shouting\`: \`after\` takes \`any-choice\` or a list of tags`,
      `s.yaml:${pos(text, "hang-pu")}: unknown rule \`hang-pu\` (did you mean \`hang-up\`?)`,
      // With both rules to it refused, nothing leads to `hangup`.
      `s.yaml:${pos(text, "id: hangup").replace(/:\d+$/, ":9")}: node \`hangup\` is unreachable: no choice leads to it from the start node \`open\``,
    ]);
    const noWhen = edit(V2, "  - id: hang-up\n    when: anger >= 90\n", "  - id: hang-up\n");
    expect(errorsOf(noWhen)).toEqual([`s.yaml:${pos(noWhen, "id: hang-up")}: rule \`hang-up\` has no \`when:\` line`]);
  });

  it("a node where every choice has a `when` and some state offers none", () => {
    const text = edit(V2, "      - id: plan\n", "      - id: plan\n        when: trust >= 30\n");
    expect(errorsOf(text)).toEqual([
      `s.yaml:${pos(text, "id: plan").replace(/:\d+$/, ":7")}: no choice is offered at node \`summary\` when trust is 29 and \`promised-today\` is not set: give one choice no \`when\`, or make their conditions cover every case`,
    ]);
    // `not promised-today` and `promised-today` cover every case.
    expect(loadScenario(edit(V2, "      - id: plan\n", "      - id: plan\n        when: not promised-today\n"), "s.yaml").ok).toBe(true);
  });

  it("a flag set and cleared by one choice, reserved and duplicate flag names, a bad variable", () => {
    const text = edit(
      edit(
        edit(V2, "flags: [promised-today, apologised]", "flags: [promised-today, apologised, trust, apologised]"),
        "sets: [apologised]",
        "sets: [apologised]\n        clears: [apologised]",
      ),
      'fee: "£45"',
      'fee: "£45"\n  total: "${fee} and VAT"',
    );
    expect(errorsOf(text)).toEqual([
      `s.yaml:${pos(text, '"${fee} and VAT"')}: a variable's value is plain text: it cannot use other variables (\`\${...}\`)`,
      `s.yaml:${pos(text, "trust, apologised]")}: \`trust\` cannot be a flag's name: it is a word conditions already use`,
      `s.yaml:${pos(text, "apologised]")}: flag \`apologised\` is declared twice`,
      `s.yaml:${pos(text, "clears: [apologised]").replace(/:(\d+)$/, (_, c) => `:${Number(c) + 9}`)}: flag \`apologised\` is both set and cleared by this choice: keep one`,
    ]);
  });

  it("a text over 4,000 characters once its variables are filled in", () => {
    const text = edit(V2, 'fee: "£45"', `fee: "${"£".repeat(3990)}"`);
    const errors = errorsOf(text);
    expect(errors[0]).toBe(
      `s.yaml:${pos(text, "brief: ").replace(/:1$/, ":8")}: with its variables filled in this text is 4073 characters: at most 4000`,
    );
    expect(errors.length).toBe(4); // the brief, and the three choices that name the fee
  });

  it("the format field: newer than this loader, or not a format", () => {
    expect(errorsOf(edit(V2, "format: 2", "format: 3"))).toEqual([
      "s.yaml:3:9: this file is format 3, newer than this version of Steady reads (format 2): update Steady",
    ]);
    expect(errorsOf(edit(V2, "format: 2", "format: two"))).toEqual(["s.yaml:3:9: `format` should be 1 or 2, got text `two`"]);
  });
});

describe("format 2: warnings (the file still loads)", () => {
  it("a flag tested but never set, set but never tested, or declared and unused; a variable never used; a rule that never applies", () => {
    const text = edit(
      edit(
        edit(V2, "flags: [promised-today, apologised]", "flags: [promised-today, apologised, unused]"),
        "sets: [apologised]",
        "sets: [apologised, unused]",
      ),
      'fee: "£45"',
      'fee: "£45"\n  deadline: Friday',
    );
    const untested = edit(text, "      - when: apologised and not promised-today\n", "      - when: not promised-today\n");
    expect(warningsOf(untested)).toEqual([
      `s.yaml:${pos(untested, "deadline")}: warning: variable \`deadline\` is never used`,
      `s.yaml:${pos(untested, "apologised, unused]")}: warning: flag \`apologised\` is set but nothing tests it: use it in a \`when\` (a line, a branch, a choice or a rule), or remove it`,
      `s.yaml:${pos(untested, "unused]")}: warning: flag \`unused\` is set but nothing tests it: use it in a \`when\` (a line, a branch, a choice or a rule), or remove it`,
    ]);
    // walk-back still clears it, which is not setting it.
    const unset = edit(V2, "        sets: [promised-today]\n", "");
    expect(warningsOf(unset)).toEqual([
      `s.yaml:${pos(unset, "promised-today, apologised]")}: warning: flag \`promised-today\` is tested but no choice sets it: every condition on it is always the same (add \`sets: [promised-today]\` to a choice)`,
    ]);
    const declaredOnly = edit(V2, "flags: [promised-today, apologised]", "flags: [promised-today, apologised, spare]");
    expect(warningsOf(declaredOnly)).toEqual([
      `s.yaml:${pos(declaredOnly, "spare")}: warning: flag \`spare\` is declared but never set or tested`,
    ]);
    const neverApplies = edit(
      edit(V2, "    when: anger >= 90\n    to: hangup", "    after: [hostile]\n    when: anger >= 90\n    to: hangup"),
      "        rules: off # told to calm down, ${name} argues instead of hanging up\n        next: vented",
      "        next: hangup",
    );
    expect(warningsOf(neverApplies)).toEqual([`s.yaml:${pos(neverApplies, "hang-up")}: warning: rule \`hang-up\` applies after no choice`]);
  });
});

describe("format 1 files", () => {
  it("compile exactly as the format 1 loader compiled them (the built-ins as they were, and tiny.yaml)", () => {
    // sha256 of JSON.stringify(scenario) from the loader before format 2 existed (commit 405bf67).
    const before: Record<string, string> = {
      "format-1/abusive-caller.yaml": "4f61f6f4a3183aebed6f1d1c6d87bf4aa4a0a5d3a92d479d214688e049130f97",
      "format-1/billing-error.yaml": "7f38dcd5e5f20a6b623763750f5cf27869330b3d7dced993dbdf214171532b99",
      "format-1/broadband-outage.yaml": "3508ce01db3885c72b6f096bb591f3f23aacbf79e330cc5f7b7579c2c8a8676d",
      "format-1/delayed-update.yaml": "cc759ce71a24255822cbaf6681a0853a58194b1ee4c3c8f4edc1ec37797c5953",
      "tiny.yaml": "bf651b3a761619fc4ccd3f077a557610021a36942c2e5ad7f3886e10ba7c2c33", // tiny.yaml as it is now (with feedback), through the loader of 405bf67
    };
    for (const [file, hash] of Object.entries(before)) {
      const s = load(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), "utf8"));
      expect(createHash("sha256").update(JSON.stringify(s)).digest("hex"), file).toBe(hash);
    }
  });

  it("refuse format 2 constructs, saying that they need `format: 2`", () => {
    const withFlags = edit(TINY, "start: open", "flags: [asked]\nstart: open");
    expect(errorsOf(withFlags)).toEqual([
      `s.yaml:${pos(withFlags, "flags:")}: \`flags\` is a format 2 field: add \`format: 2\` at the top of the file (see README)`,
    ]);
    const withSets = edit(TINY, "        tags: [listen]\n", "        tags: [listen]\n        sets: [asked]\n");
    expect(errorsOf(withSets)).toEqual([
      `s.yaml:${pos(withSets, "sets:")}: \`sets\` is a format 2 field: add \`format: 2\` at the top of the file (see README)`,
    ]);
    const withX = edit(TINY, "start: open", "x-note: hi\nstart: open");
    expect(errorsOf(withX)).toEqual([
      `s.yaml:${pos(withX, "x-note")}: \`x-note\` is a format 2 field: add \`format: 2\` at the top of the file (see README)`,
    ]);
    const withMerge = edit(TINY, "mood: { anger: 60, trust: 40 }", "base: &base { anger: 60, trust: 40 }\nmood:\n  <<: *base");
    expect(errorsOf(withMerge)).toEqual([
      `s.yaml:${pos(withMerge, "<<")}: merge keys (\`<<:\`) are format 2: add \`format: 2\` at the top of the file (see README)`,
    ]);
    // A flag in a format 1 condition reads as before: there are no flags.
    expect(errorsOf(edit(TINY, "when: anger >= 90", "when: asked"))[0]).toMatch(
      /: cannot read condition `asked`: write `<anger\|trust> <op> <number>` with op one of >= <= == != > <, joined by `and`$/,
    );
    // `format: 1` written out is the same as none.
    expect(load(edit(TINY, "id: tiny-refund", "format: 1\nid: tiny-refund"))).toEqual(load(TINY));
  });
});

describe("merge keys and aliases keep exact positions", () => {
  it("a problem inside merged or aliased content points into the anchor's text", () => {
    const text = edit(V2, "    tags: [listen]\n    mood: *calmer", "    tags: [listne]\n    mood: *calmer");
    expect(errorsOf(text)).toEqual([`s.yaml:${pos(text, "listne")}: unknown tag \`listne\` (did you mean \`listen\`?)`]);
    const field = edit(V2, "    feedback: Letting ${name}", "    feedbak: Letting ${name}");
    expect(errorsOf(field)[0]).toBe(
      `s.yaml:${pos(field, "feedbak")}: unknown field \`feedbak\` in choice \`tell-me\` (did you mean \`feedback\`?)`,
    );
  });

  it("the choice's own keys win over the merged ones, and a merge of something that is not a mapping is refused", () => {
    const own = load(edit(V2, "        <<: *listening\n", "        <<: *listening\n        tags: [listen, acknowledge]\n"));
    expect(own.nodes.open!.choices[0]!.tags).toEqual(["listen", "acknowledge"]);
    const text = edit(V2, "        <<: *listening\n", "        <<: [1, 2]\n        tags: [listen]\n");
    expect(errorsOf(text)[0]).toMatch(/^s\.yaml:\d+:\d+: a merge key \(`<<:`\) takes a mapping, `\*name` of a mapping, or a list of them$/);
  });
});
