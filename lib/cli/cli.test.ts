import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readFileSync } from "node:fs";
import { replay } from "../customer/replay";
import { loadScenario } from "../scenario/load";
import { scoreRun } from "../scoring/report";
import { RULES } from "../scoring/rules";
import { main } from "./cli";

const TINY = fileURLToPath(new URL("../scenario/fixtures/tiny.yaml", import.meta.url));
const BILLING = fileURLToPath(new URL("../../scenarios/billing-error.yaml", import.meta.url));
const BEST = "tell-me,sorry,what-happened,summary,plan";
/** What the scorer gives the model call: the CLI must print exactly that. */
const bestOverall = () => {
  const r = loadScenario(readFileSync(TINY), TINY);
  if (!r.ok) throw new Error("tiny.yaml does not load");
  return scoreRun(r.scenario, BEST.split(",")).score.overall;
};

let out = "";
let err = "";
beforeEach(() => {
  out = "";
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

function tmpFile(name: string, content: string | Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), "scenario-cli-"));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe("validate", () => {
  it("exits 0 for a valid file", () => {
    expect(main(["validate", BILLING])).toBe(0);
    expect(out).toBe(`${BILLING}: ok (32 nodes)\n`);
    expect(err).toBe("");
  });

  it("warns, at its line:col, about a line no call gets to hear and a branch no call takes", () => {
    // tiny.yaml starts at anger 60: its "anger >= 80" opening line is never said, and blaming the
    // customer (+40) always takes anger to 100, so the branch after the hang-up is never taken.
    expect(main(["validate", TINY])).toBe(0);
    expect(out).toBe(`${TINY}: ok (8 nodes)\n`);
    expect(err.trim().split("\n")).toEqual([
      `${TINY}:20:9: warning: this line is never said: whenever the call is at \`open\` the customer's mood is anger 60, trust 40, so its condition never holds; change the condition or remove the line`,
      `${TINY}:44:13: warning: this branch is never taken: after \`why-didnt\` (anger 100, trust 40) a branch above it always matches first; reorder the branches or remove this one`,
    ]);
    const lines = readFileSync(TINY, "utf8").split("\n");
    expect(lines[19]!.slice(8)).toBe("when: anger >= 80");
    expect(lines[43]!.slice(12)).toBe("to: vented");
  });

  it("exits 1 with one file:line:col line per problem", () => {
    const bad = tmpFile("bad.yaml", "id: x\ntitle: 3\n");
    expect(main(["validate", BILLING, bad])).toBe(1);
    const lines = err.trim().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: `));
    expect(err).toContain(`${bad}:2:8: \`title\` should be text, got number \`3\``);
  });

  it("reports a missing file and a directory without a stack trace", () => {
    expect(main(["validate", "/no/such/file.yaml"])).toBe(1);
    expect(err).toBe("/no/such/file.yaml:1:1: no such file\n");
    err = "";
    expect(main(["validate", tmpdir()])).toBe(1);
    expect(err).toBe(`${tmpdir()}:1:1: is a directory, not a scenario file\n`);
  });

  it("refuses a file over 1 MB", () => {
    const big = tmpFile("big.yaml", "#".repeat(1024 * 1024 + 10));
    expect(main(["validate", big])).toBe(1);
    expect(err).toMatch(/:1:1: file is \d+ bytes, larger than 1 MB/);
  });

  it("exits 0 when there are only warnings, and prints them on stderr", () => {
    const text = readFileSync(TINY, "utf8")
      .replace("        feedback: Blame raises the temperature.\n", "")
      .replace("tags: [listen]", "tags: [listen, hostile]");
    const file = tmpFile("warned.yaml", text);
    expect(main(["validate", file])).toBe(0);
    expect(out).toBe(`${file}: ok (8 nodes)\n`);
    expect(err.trim().split("\n")).toEqual([
      `${file}:26:15: warning: tags \`listen\` and \`hostile\` contradict each other (a line that matches the caller's hostility does not invite their story): keep the one that describes the line`,
      `${file}:36:13: warning: choice \`why-didnt\` has no \`feedback:\`: the debrief will show the trainee no coaching for it; add a sentence on why it helps or hurts`,
      // tiny.yaml's own: the analysis's lines and branches no call reaches
      `${file}:20:9: warning: this line is never said: whenever the call is at \`open\` the customer's mood is anger 60, trust 40, so its condition never holds; change the condition or remove the line`,
      `${file}:43:13: warning: this branch is never taken: after \`why-didnt\` (anger 100, trust 40) a branch above it always matches first; reorder the branches or remove this one`,
    ]);
  });

  it("exits 1 on a YAML slip, with the plain message at the line and column of the slip", () => {
    const text = readFileSync(TINY, "utf8").replace(
      "text: That's our policy, please check the website.",
      "text: Policy: please check the website.",
    );
    const file = tmpFile("slip.yaml", text);
    expect(main(["validate", file])).toBe(1);
    expect(out).toBe("");
    expect(err).toBe(
      `${file}:55:21: this text contains \`: \` (a colon and a space), which YAML reads as the start of a new field: put the whole text in double quotes, like \`text: "Policy: please check the website."\`\n`,
    );
  });

  it("needs at least one file", () => {
    expect(main(["validate"])).toBe(1);
    expect(err).toMatch(/^validate needs at least one file/);
  });
});

describe("play", () => {
  it("prints the transcript and the scorecard", () => {
    expect(main(["play", TINY, "--choices", BEST])).toBe(0);
    expect(out).toContain("You [tell-me]: I'm listening. Tell me everything that happened.");
    expect(out).toContain("+20 LAER flow: Listened first");
    expect(out).toContain(`Overall: ${bestOverall()}/100  PASSED`);
  });

  it("prints one JSON object with --json", () => {
    expect(main(["play", TINY, "--choices", "tell-me,policy", "--json"])).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(["scenarioId", "outcome", "passed", "score", "mood", "turns"]));
    expect(json.scenarioId).toBe("tiny-refund");
    expect(json.outcome).toBeNull();
    expect(Object.keys(json.score.dimensions)).toEqual(["laer", "reflectiveListening", "promises", "professionalism"]);
    expect(json.turns[1]).toMatchObject({ node: "vented", choice: "policy", tags: ["deflect"], mood: { anger: 75, trust: 40 } });
    expect(json.turns[1].annotations).toContainEqual(
      expect.objectContaining({ rule: "policy-deflection", points: RULES["policy-deflection"].points, dimension: "professionalism" }),
    );
    expect(json.turns[1].annotations).toContainEqual(expect.objectContaining({ rule: "shut-the-customer-down", dimension: "laer" }));
    expect(json.turns[1].betterOption.choice).toBe("sorry");
  });

  it("exits 1 naming the turn and the offered ids for a choice not offered", () => {
    expect(main(["play", TINY, "--choices", "tell-me,plan"])).toBe(1);
    expect(err).toBe(`${TINY}: turn 2: choice \`plan\` is not offered at node \`vented\`; offered: sorry, policy\n`);
    expect(out).toBe("");
  });

  it("says so when choices go past the end of the call", () => {
    expect(main(["play", TINY, "--choices", "refund-now,tell-me"])).toBe(1);
    expect(err).toContain("turn 2: the call already ended at `close-ok`");
  });

  it("needs --choices", () => {
    expect(main(["play", TINY])).toBe(1);
    expect(err).toMatch(/play needs --choices/);
  });

  it("prints the load errors of an invalid file", () => {
    const bad = tmpFile("bad.yaml", "id: [");
    expect(main(["play", bad, "--choices", "a"])).toBe(1);
    expect(err).toBe(
      `${bad}:1:5: this \`[\` is never closed, so YAML reads on into the lines below: end the list with \`]\` on this line, like \`[listen, acknowledge]\`\n`,
    );
  });
});

describe("analyze", () => {
  it("prints JSON with the documented keys, and paths play accepts", () => {
    expect(main(["analyze", TINY, "--json"])).toBe(0);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ scenarioId: "tiny-refund", nodeCount: 8, scoreRange: { max: bestOverall() } });
    expect(json.bestPath).toEqual(BEST.split(","));
    expect(Array.isArray(json.worstPath)).toBe(true);
    expect(Array.isArray(json.warnings)).toBe(true);
    expect(json.endings.length).toBe(3);
    out = "";
    expect(main(["play", TINY, "--choices", json.worstPath.join(","), "--json"])).toBe(0);
    expect(JSON.parse(out).score.overall).toBe(json.scoreRange.min);
  });

  it("prints a readable summary", () => {
    expect(main(["analyze", TINY])).toBe(0);
    expect(out).toContain(`Best path (${bestOverall()}, resolved, 5 turns): ` + BEST);
  });

  it("names the loop a path goes round", () => {
    const drain = fileURLToPath(new URL("../analysis/fixtures/drain-loop.yaml", import.meta.url));
    expect(main(["analyze", drain])).toBe(0);
    expect(out).toContain(
      "Worst path (0, resolved, 8 turns): snap,sorry,snap,sorry,snap,sorry,snap,bye\n  goes round the loop `start` → `sorry-node` → `start` (`snap`, `sorry`) 3 times in a row\n",
    );
  });
});

describe("replies", () => {
  /** Every "choice → reply" pair heard on some call of tiny.yaml, by playing every call up to 12 turns (it loops). */
  function heard(): Set<string> {
    const r = loadScenario(readFileSync(TINY), TINY);
    if (!r.ok) throw new Error("tiny.yaml does not load");
    const pairs = new Set<string>();
    const walk = (choices: string[]) => {
      const played = replay(r.scenario, choices);
      if (choices.length === 0) pairs.add(` → ${played.turns[0]?.customer ?? r.scenario.nodes[r.scenario.start]!.lines.at(-1)!.text}`);
      const last = played.turns.at(-1);
      if (last) pairs.add(`${last.choice.id} → ${last.reply}`);
      if (played.ending || choices.length >= 12) return;
      for (const c of r.scenario.nodes[played.node]!.choices) walk([...choices, c.id]);
    };
    walk([]);
    return pairs;
  }

  it("lists every agent line → customer reply pair a call can have, once, and no other", () => {
    expect(main(["replies", TINY, "--json"])).toBe(0);
    const result = JSON.parse(out) as { complete: boolean; pairs: { choice: { id: string } | null; reply: string }[] };
    expect(result.complete).toBe(true);
    const listed = result.pairs.map((p) => `${p.choice?.id ?? ""} → ${p.reply}`);
    expect(new Set(listed).size).toBe(listed.length);
    expect(new Set(listed)).toEqual(heard());
  });

  it("prints each agent line once with every reply to it and the mood it is picked on", () => {
    expect(main(["replies", TINY])).toBe(0);
    const text = out;
    expect(text).toMatch(
      /^Refund for a broken kettle \(tiny-refund v1\): \d+ reply pairs \(agent line → customer reply\) over \d+ agent lines\n/,
    );
    expect(text).toContain(
      "[open › why-didnt] You: Why didn't you read the manual?\n    → Sam (hangup, ends: hung-up; anger 100, trust 40): Forget it. (click)\n",
    );
    expect(text).toContain(
      "[call opens]\n    → Sam (open line 2; anger 60, trust 40): My kettle broke after a week and this is the second time I'm calling!\n",
    );
    // `sorry-again` loops on `acked`: one pair, over every mood it can happen at.
    expect(text.match(/\[acked › sorry-again\]/g)).toHaveLength(1);
  });
});

describe("migrate", () => {
  const DELAYED = fileURLToPath(new URL("../scenario/fixtures/format-1/delayed-update.yaml", import.meta.url));

  it("prints each change with its line, and saves nothing without --write", () => {
    const file = tmpFile("delayed.yaml", readFileSync(DELAYED));
    expect(main(["migrate", file])).toBe(0);
    const lines = out.trim().split("\n");
    expect(lines[0]).toBe(`${file}: format 1 → 2 (not saved: add --write to save)`);
    expect(lines[1]).toBe("  line 5: added `format: 2` (variables, flags, rules, snippets and merge keys need it)");
    expect(lines).toContain(
      "  line 31: added the scenario-wide rule `hang-up` (after any choice, when anger >= 90, go to `hang-up`): it was the first branch of 36 choices",
    );
    expect(lines).toContain(
      "  line 48: choice `offer-template-straight-away`: removed the branch `anger >= 90 → hang-up` (the rule `hang-up` does it now)",
    );
    expect(lines.length).toBe(1 + 1 + 1 + 36 + 6);
    expect(readFileSync(file, "utf8")).toBe(readFileSync(DELAYED, "utf8"));
  });

  it("--write saves the migrated file; running it again changes nothing", () => {
    const file = tmpFile("delayed.yaml", readFileSync(DELAYED));
    expect(main(["migrate", file, "--write"])).toBe(0);
    expect(out.split("\n")[0]).toBe(`${file}: format 1 → 2`);
    const written = readFileSync(file, "utf8");
    expect(written).toMatch(/^format: 2$/m);
    out = "";
    expect(main(["validate", file])).toBe(0);
    out = "";
    expect(main(["migrate", file, "--write"])).toBe(0);
    expect(out).toBe(`${file}: already format 2, nothing to change\n`);
    expect(readFileSync(file, "utf8")).toBe(written);
  });

  it("exits 1 for a file that does not load, listing its problems, and for a missing file", () => {
    const bad = tmpFile("bad.yaml", readFileSync(TINY, "utf8").replace("next: vented", "next: nowhere"));
    expect(main(["migrate", bad, "--write"])).toBe(1);
    expect(err).toMatch(
      new RegExp(
        `^${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not migrated: the file does not load: fix these problems first\n  .*unknown node \`nowhere\``,
      ),
    );
    expect(readFileSync(bad, "utf8")).toContain("next: nowhere");
    err = "";
    expect(main(["migrate", "/no/such/file.yaml"])).toBe(1);
    expect(err).toBe("/no/such/file.yaml:1:1: no such file\n");
  });
});

describe("usage", () => {
  it("rejects unknown commands and options", () => {
    expect(main(["frobnicate"])).toBe(1);
    expect(err).toMatch(/^unknown command `frobnicate`/);
    err = "";
    expect(main(["analyze", TINY, "--jsn"])).toBe(1);
    expect(err).toMatch(/^unknown option --jsn/);
  });
});

describe("the real command", () => {
  it("answers hostile input with file:line:col and no stack trace", () => {
    const bytes = tmpFile("bin.yaml", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]));
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("./main.ts", import.meta.url)), "validate", bytes],
      {
        encoding: "utf8",
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${bytes}:1:1: file is not UTF-8 text: save it as UTF-8 YAML\n`);
    expect(result.stdout).toBe("");
  });
});
