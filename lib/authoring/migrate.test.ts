import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../scenario/load";
import type { Scenario } from "../scenario/model";
import { migrateScenario, sameBehaviour } from "./migrate";

const FORMAT_1 = readdirSync(new URL("../scenario/fixtures/format-1/", import.meta.url))
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => ({ name: f, text: readFileSync(new URL(`../scenario/fixtures/format-1/${f}`, import.meta.url), "utf8") }));
const TINY = readFileSync(new URL("../scenario/fixtures/tiny.yaml", import.meta.url), "utf8");
const V2 = readFileSync(new URL("../scenario/fixtures/format-2.yaml", import.meta.url), "utf8");

function load(text: string): Scenario {
  const result = loadScenario(text, "s.yaml");
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("; "));
  return result.scenario;
}

function migrated(text: string) {
  const result = migrateScenario(text, "s.yaml");
  if (!result.ok) throw new Error(`${result.message}: ${result.problems?.join("; ")}`);
  return result;
}

/** Every comment in the text (a `#` at a line's start or after a space, to the line's end). */
function comments(text: string): string[] {
  return text
    .split("\n")
    .map((line) => /(?:^|\s)(#.*)$/.exec(line)?.[1])
    .filter((c): c is string => c !== undefined);
}

describe("migrate: format 1 → 2", () => {
  it.each(FORMAT_1)("$name: loads as format 2, plays exactly as before, keeps every comment, and says what changed", ({ text }) => {
    const result = migrated(text);
    expect(result).toMatchObject({ from: 1, to: 2 });
    const after = load(result.text);
    expect(result.text).toMatch(/^format: 2$/m);
    expect(sameBehaviour(load(text), after)).toBeNull();
    // Comments are kept in order (migrate only adds its own).
    const kept = comments(result.text).filter((c) => !c.includes("migrate:"));
    expect(kept).toEqual(comments(text));
    // One line per change, each naming a line of the original file.
    expect(result.changes[0]).toEqual({ line: expect.any(Number), message: expect.stringContaining("added `format: 2`") });
    for (const c of result.changes) expect(c.line).toBeGreaterThanOrEqual(1);
    // Lines not touched by a change are byte for byte the same: only `next:` blocks, `rules` and `format` differ.
    const removed = text.split("\n").filter((line) => !result.text.includes(line));
    for (const line of removed) expect(line).toMatch(/^\s+(next:.*|- when: .*|to: .*|- to: .*)$/);
  });

  it("collapses a branch repeated at many choices into one rule, and keeps choices after which the rule would fire as they were", () => {
    const delayed = FORMAT_1.find((f) => f.name === "delayed-update.yaml")!.text;
    const result = migrated(delayed);
    const s = load(result.text);
    expect(s.rules).toEqual([{ id: "hang-up", when: [{ field: "anger", op: ">=", value: 90 }], to: "hang-up" }]);
    const removedBranches = result.changes.filter((c) => c.message.includes("removed the branch"));
    const turnedOff = result.changes.filter((c) => c.message.includes("added `rules: off`"));
    expect(removedBranches.length).toBe(36);
    expect(turnedOff.map((c) => /choice `([^`]+)`/.exec(c.message)![1])).toEqual([
      "end-call-abruptly",
      "end-call-now",
      "sorry-once-more",
      "blame-engineering",
      "walk-back-honestly",
      "point-to-release-notes",
    ]);
    expect(result.changes.find((c) => c.message.includes("added the scenario-wide rule"))!.message).toBe(
      "added the scenario-wide rule `hang-up` (after any choice, when anger >= 90, go to `hang-up`): it was the first branch of 36 choices",
    );
    // `next:` with one branch left becomes `next: <node>`.
    expect(result.text).toContain("        next: early-workaround\n");
    expect(result.text).not.toMatch(/- when: anger >= 90\n\s+to: hang-up/);
  });

  it("leaves a repeated branch alone when a rule would need more `rules: off` than it saves", () => {
    const billing = FORMAT_1.find((f) => f.name === "billing-error.yaml")!.text;
    const result = migrated(billing);
    expect(load(result.text).rules).toBeUndefined();
    expect(result.changes.map((c) => c.message)).toEqual([
      "added `format: 2` (variables, flags, rules, snippets and merge keys need it)",
      "kept the branch `anger >= 90 → hung-up` that 14 choices start with: as a scenario-wide rule it would need `rules: off` on 15 other choices (after them anger >= 90 can hold and they lead elsewhere)",
    ]);
  });

  it("writes a literal `${` in a text as `$${`, so the text stays the same", () => {
    const text = TINY.replace("title: Refund for a broken kettle", 'title: "Refund for ${order}, ${order} again"');
    const result = migrated(text);
    expect(result.text).toContain('title: "Refund for $${order}, $${order} again"');
    expect(load(result.text).title).toBe("Refund for ${order}, ${order} again");
    expect(result.changes.filter((c) => c.message.startsWith("`${` is now `$${`"))).toEqual([
      expect.objectContaining({ line: 3 }),
      expect.objectContaining({ line: 3 }),
    ]);
  });

  it("is idempotent: a migrated file, or any format 2 file, is left as it is", () => {
    for (const { text } of FORMAT_1) {
      const once = migrated(text);
      const twice = migrated(once.text);
      expect(twice).toEqual({ ok: true, from: 2, to: 2, text: once.text, changes: [] });
    }
    expect(migrated(V2)).toEqual({ ok: true, from: 2, to: 2, text: V2, changes: [] });
  });

  it("replaces `format: 1` written out, and refuses a file that does not load, saying why", () => {
    const explicit = migrated(TINY.replace("id: tiny-refund", "format: 1\nid: tiny-refund"));
    expect(explicit.text).toContain("format: 2\nid: tiny-refund");
    expect(explicit.changes[0]!.message).toBe("`format: 1` is now `format: 2`");
    const broken = migrateScenario(TINY.replace("next: vented", "next: nowhere"), "s.yaml");
    expect(broken).toMatchObject({ ok: false, message: "the file does not load: fix these problems first" });
    expect(!broken.ok && broken.problems![0]).toMatch(/^s\.yaml:\d+:\d+: unknown node `nowhere`/);
  });
});

describe("sameBehaviour", () => {
  it("finds a choice that now leads elsewhere, and a changed line", () => {
    const tiny = load(TINY);
    expect(sameBehaviour(tiny, load(TINY))).toBeNull();
    expect(
      sameBehaviour(
        tiny,
        load(TINY.replace("when: anger >= 90\n            to: hangup", "when: anger >= 90 and trust > 50\n            to: hangup")),
      ),
    ).toBe("choice `why-didnt` at node `open` (anger 60, trust 40) plays differently");
    expect(sameBehaviour(tiny, load(TINY.replace("It just stopped heating.", "It stopped.")))).toBe("the lines of node `vented` differ");
  });
});
