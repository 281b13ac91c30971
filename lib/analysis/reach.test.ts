import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replay } from "../customer/replay";
import { branchTaken, lineAt, offeredChoices, positionAfter, startOf, step, type Step } from "../customer/step";
import { mulberry32 } from "../random/seeded";
import { loadScenario } from "../scenario/load";
import type { Scenario } from "../scenario/model";
import { explorePositions } from "./positions";
import { reachWarnings, replyPairs, unreachableParts } from "./reach";

const SMALL = `id: small
title: Small
version: 1
difficulty: easy
brief: b
persona: { name: P, description: d }
mood: { anger: 60, trust: 50 }
facts: [{ id: f, text: t }]
start: open
nodes:
  - id: open
    customer:
      - when: anger >= 40
        text: Cross.
      - when: anger >= 60
        text: Very cross.
      - text: Calm.
    choices:
      - id: soothe
        text: Sorry.
        tags: [acknowledge]
        mood: { anger: -10 }
        next:
          - when: anger >= 90
            to: gone
          - to: middle
      - id: poke
        text: Hm.
        tags: [neutral]
        mood: { anger: 10 }
        next: middle
  - id: middle
    customer: Go on.
    choices:
      - { id: finish, text: Done., tags: [neutral], next: done }
  - id: done
    customer: Bye.
    ending: { kind: resolved }
  - id: gone
    customer: (click)
    ending: { kind: hung-up }
`;

function load(text: string, file = "small.yaml"): Scenario {
  const result = loadScenario(text, file);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.scenario;
}

describe("lines and branches no call reaches", () => {
  it("names each, at its place in the file, with why", () => {
    // The call opens at anger 60: "Cross." (>= 40) is said first, so "Very cross." never is, nor
    // "Calm."; `soothe` takes anger to 50, never 90, so its hang-up branch is never taken, and the
    // `gone` ending is never reached.
    const scenario = load(SMALL);
    const { parts, complete } = unreachableParts(scenario, explorePositions(scenario));
    expect(complete).toBe(true);
    expect(parts.map((p) => [p.kind, p.node, p.path.join("/")])).toEqual([
      ["line", "open", "nodes/0/customer/1"],
      ["line", "open", "nodes/0/customer/2"],
      ["branch", "open", "nodes/0/choices/0/next/0"],
      ["node", "gone", "nodes/3/id"],
    ]);
    expect(parts[0]!.message).toMatch(/a line above it is said instead/);
    expect(parts[2]!.message).toBe(
      "this branch is never taken: after `soothe` the customer's mood is anger 50, trust 50, so its condition never holds; change the condition or remove the branch",
    );
    expect(parts[3]!.message).toBe(
      "node `gone` is never reached: every branch that leads here needs a mood the customer never has at that point",
    );
    const warnings = reachWarnings(scenario, SMALL, "small.yaml");
    const lines = SMALL.split("\n");
    expect(warnings.map((w) => lines[w.line - 1]!.slice(w.col - 1))).toEqual([
      "when: anger >= 60",
      "text: Calm.",
      "when: anger >= 90",
      "gone",
    ]);
    expect(warnings.every((w) => w.severity === "warning" && w.file === "small.yaml")).toBe(true);
  });

  it("says it did not look when the positions are too many to enumerate", () => {
    const scenario = load(SMALL);
    expect(reachWarnings(scenario, SMALL, "small.yaml", 3)).toEqual([
      {
        file: "small.yaml",
        line: 1,
        col: 1,
        severity: "warning",
        message:
          "the customer can be at more than 3 different moods across the nodes: lines and branches that can never happen were not looked for",
      },
    ]);
  });

  it.each(["billing-error", "delayed-update", "abusive-caller", "broadband-outage"])("finds none left in the built-in %s", (name) => {
    const text = readFileSync(new URL(`../../scenarios/${name}.yaml`, import.meta.url), "utf8");
    expect(reachWarnings(load(text, name), text, name)).toEqual([]);
  });

  it("never calls a line or a branch unreachable that a played call uses (random calls on the built-ins and tiny.yaml)", () => {
    const sources = ["scenario/fixtures/tiny.yaml", "../scenarios/delayed-update.yaml", "../scenarios/abusive-caller.yaml"];
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.integer(), (source, seed) => {
        const scenario = load(readFileSync(new URL(`../${source}`, import.meta.url), "utf8"), source);
        const { parts } = unreachableParts(scenario, explorePositions(scenario));
        const dead = new Set(parts.map((p) => `${p.kind}:${p.path.join("/")}`));
        const random = mulberry32(seed);
        let at = startOf(scenario);
        for (let turn = 0; turn < 30; turn++) {
          const n = scenario.nodeIds.indexOf(at.node);
          expect(dead.has(`node:nodes/${n}/id`)).toBe(false);
          if (scenario.nodes[at.node]!.lines.length > 1) expect(dead.has(`line:nodes/${n}/customer/${lineAt(scenario, at)}`)).toBe(false);
          const node = scenario.nodes[at.node]!;
          const choices = offeredChoices(node, at);
          if (choices.length === 0) break;
          const chosen = choices[Math.floor(random() * choices.length)]!;
          const c = node.choices.indexOf(chosen);
          const played = step(scenario, at, chosen.id) as Step;
          expect(dead.has(`branch:nodes/${n}/choices/${c}/next/${branchTaken(played)}`)).toBe(false);
          at = positionAfter(played);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("the reply review", () => {
  it("lists each pair once, with the moods it happens at, and every pair a played call has", () => {
    const scenario = load(SMALL);
    const { pairs, complete } = replyPairs(scenario);
    expect(complete).toBe(true);
    expect(pairs[0]).toMatchObject({ choice: null, node: "open", line: 0, reply: "Cross." });
    const keys = pairs.map((p) => `${p.choice?.id ?? ""}>${p.node}/${p.line}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Every call of up to 8 turns: each of its (choice, reply) pairs is listed, with its mood inside the range.
    const walk = (choices: string[]) => {
      const played = replay(scenario, choices);
      const last = played.turns.at(-1);
      if (last) {
        const pair = pairs.find((p) => p.choice?.id === last.choice.id && p.reply === last.reply);
        expect(pair, `${last.choice.id} → ${last.reply}`).toBeDefined();
        expect(last.after.anger).toBeGreaterThanOrEqual(pair!.span.anger[0]);
        expect(last.after.anger).toBeLessThanOrEqual(pair!.span.anger[1]);
      }
      if (played.ending || choices.length >= 8) return;
      for (const c of scenario.nodes[played.node]!.choices) walk([...choices, c.id]);
    };
    walk([]);
    expect(pairs.map((p) => [p.choice?.id ?? null, p.reply, p.span.anger])).toEqual([
      [null, "Cross.", [60, 60]],
      ["soothe", "Go on.", [50, 50]],
      ["poke", "Go on.", [70, 70]],
      ["finish", "Bye.", [50, 70]],
    ]);
  });
});
