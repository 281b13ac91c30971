import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../scenario/load";
import { edgeLabel, graphFromScenario, graphFromSource, markNamedNodes, pathEdgeIds, pathNodeIds } from "./graph-model";

const tinyText = readFileSync(new URL("../scenario/fixtures/tiny.yaml", import.meta.url), "utf8");

function tiny() {
  const result = loadScenario(tinyText, "tiny.yaml");
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.scenario;
}

describe("graphFromScenario", () => {
  it("has one node per scenario node and one edge per (from, to) pair, labelled with the choices' tags", () => {
    const g = graphFromScenario(tiny());
    expect(g.start).toBe("open");
    expect(g.nodes.map((n) => n.id)).toEqual(["open", "vented", "acked", "explored", "summarised", "close-ok", "close-meh", "hangup"]);
    expect(g.nodes.find((n) => n.id === "close-meh")!.ending).toBe("escalated");
    expect(g.nodes.find((n) => n.id === "open")!.start).toBe(true);
    expect(g.nodes.find((n) => n.id === "open")!.line).toBe("My kettle broke after a week and this is the second time I'm calling!");
    // vented -> acked has two choices; open -> vented comes from two choices (one via a branch).
    const ventedAcked = g.edges.find((e) => e.id === "vented->acked")!;
    expect(edgeLabel(ventedAcked)).toBe("acknowledge / deflect");
    const toHangup = g.edges.find((e) => e.id === "open->hangup")!;
    expect(edgeLabel(toHangup)).toBe("blame (if anger >= 90)");
    expect(g.edges.find((e) => e.id === "acked->acked")).toBeDefined();
    expect(g.nodes.every((n) => !n.unreachable && !n.deadEnd && !n.missing)).toBe(true);
  });

  it("turns a path of choices into nodes, and nodes into edge ids", () => {
    expect(pathEdgeIds(["open", "vented", "acked"])).toEqual(["open->vented", "vented->acked"]);
    expect(pathEdgeIds(["open"])).toEqual([]);
    expect(pathNodeIds(tiny(), ["tell-me", "sorry", "sorry-again", "what-happened"])).toEqual([
      "open",
      "vented",
      "acked",
      "acked",
      "explored",
    ]);
    expect(pathNodeIds(tiny(), [])).toEqual(["open"]);
  });
});

describe("graphFromSource", () => {
  it("shows what the loader rejects: unreachable nodes, dead ends and unknown targets", () => {
    const text =
      tinyText
        // `summarised` now only loops to itself or goes nowhere known.
        .replace("next: close-meh", "next: clsoe-meh")
        .replace("next: close-ok\n      - id: someone", "next: summarised\n      - id: someone") +
      `  - id: orphan
    customer: Nobody gets here.
    ending: { kind: agent-ended }
`;
    const loaded = loadScenario(text, "draft.yaml");
    expect(loaded.ok).toBe(false);
    const problems = loaded.ok ? [] : loaded.problems;
    const g = graphFromSource(text, problems)!;
    const byId = Object.fromEntries(g.nodes.map((n) => [n.id, n]));
    expect(byId.orphan!.unreachable).toBe(true);
    expect(byId.orphan!.ending).toBe("agent-ended");
    expect(byId["close-meh"]!.unreachable).toBe(true);
    expect(byId.summarised!.deadEnd).toBe(true);
    expect(byId.explored!.deadEnd).toBe(true);
    expect(byId.open!.deadEnd).toBe(false); // it can still reach `close-ok` and `hangup`
    expect(byId["clsoe-meh"]!.missing).toBe(true);
    // The unknown node is reported inside `summarised`'s lines.
    expect(byId.summarised!.problems).toBeGreaterThanOrEqual(1);
    expect(byId.summarised!.sourceLine).toBe(tinyText.split("\n").findIndex((l) => l.includes("- id: summarised")) + 1);
  });

  it("reads whatever is there in a half-written file, and gives up only on YAML it cannot parse", () => {
    const g = graphFromSource(
      `start: a\nnodes:\n  - id: a\n    customer: hi\n    choices:\n      - id: x\n        next: b\n  - id: b\n  - 42\n`,
    )!;
    expect(g.nodes.map((n) => [n.id, n.deadEnd])).toEqual([
      ["a", true],
      ["b", true],
    ]);
    expect(g.edges[0]!.choices[0]!.tags).toEqual([]);
    expect(edgeLabel(g.edges[0]!)).toBe("no tag");
    expect(graphFromSource("nodes: [")).toBeNull();
    expect(graphFromSource("title: no nodes yet")).toBeNull();
  });

  it("marks nothing unreachable while the start node is unknown", () => {
    const g = graphFromSource(`start: nope\nnodes:\n  - id: a\n    customer: hi\n    ending: { kind: resolved }\n`)!;
    expect(g.start).toBeNull();
    expect(g.nodes[0]!.unreachable).toBe(false);
  });

  it("gives the same graph as the checked scenario for a valid file", () => {
    const fromSource = graphFromSource(tinyText)!;
    const fromScenario = graphFromScenario(tiny());
    const strip = (g: typeof fromSource) => ({ ...g, nodes: g.nodes.map((n) => ({ ...n, sourceLine: null })) });
    expect(strip(fromSource)).toEqual(fromScenario);
  });

  it("falls back to marking the nodes the loader's graph problems name", () => {
    const text = tinyText.replace("next: close-meh", "next: summarised");
    const loaded = loadScenario(text, "draft.yaml");
    expect(loaded.ok).toBe(false);
    const marked = markNamedNodes(graphFromScenario(tiny()), loaded.ok ? [] : loaded.problems);
    const byId = Object.fromEntries(marked.nodes.map((n) => [n.id, n]));
    expect(byId["close-meh"]!.unreachable).toBe(true);
    expect(byId.open!.unreachable || byId.open!.deadEnd).toBe(false);
    const same = graphFromScenario(tiny());
    expect(markNamedNodes(same, [])).toBe(same);
  });
});

describe("format 2 on the graph", () => {
  const v2Text = readFileSync(new URL("../scenario/fixtures/format-2.yaml", import.meta.url), "utf8");
  const v2 = () => {
    const result = loadScenario(v2Text, "format-2.yaml");
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.scenario;
  };

  it("labels edges with when a choice is offered, the flags it sets and clears, and the rule an edge comes from", () => {
    const g = graphFromScenario(v2());
    expect(edgeLabel(g.edges.find((e) => e.id === "open->vented")!)).toBe("listen / overpromise [sets promised-today] / blame / calm-down");
    expect(edgeLabel(g.edges.find((e) => e.id === "open->hangup")!)).toBe(
      "listen (if anger >= 90, rule hang-up) / overpromise [sets promised-today] (if anger >= 90, rule hang-up) / blame (if anger >= 90, rule hang-up)",
    );
    expect(edgeLabel(g.edges.find((e) => e.id === "vented->summary")!)).toBe(
      "acknowledge [sets apologised] / walk-back, commit (offered if promised-today) [clears promised-today] / paraphrase, confirm",
    );
    const insist = g.edges.find((e) => e.id === "summary->close-meh")!.choices.find((c) => c.id === "insist-today")!;
    expect(insist).toMatchObject({ offeredWhen: "promised-today", sets: [], clears: [], rule: null, when: null });
  });

  it("draws the same edges from the draft text, rules and variables included", () => {
    const fromSource = graphFromSource(v2Text)!;
    const fromScenario = graphFromScenario(v2());
    expect(fromSource.edges.map((e) => [e.id, edgeLabel(e)])).toEqual(fromScenario.edges.map((e) => [e.id, edgeLabel(e)]));
    expect(fromSource.nodes.find((n) => n.id === "open")!.line).toBe("I'm Sam. My kettle broke after a week and I want my £45 back!");
  });
});
