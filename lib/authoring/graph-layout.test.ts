import { describe, expect, it } from "vitest";
import { generateScenarioYaml } from "../bench/generate";
import { loadScenario } from "../scenario/load";
import { graphFromScenario } from "./graph-model";
import { layoutGraph } from "./graph-layout";

const W = 100;
const H = 50;
const opts = { nodeWidth: W, nodeHeight: H, rankGap: 30, nodeGap: 20 };

function overlaps(positions: Record<string, { x: number; y: number }>) {
  const list = Object.entries(positions);
  const bad: string[] = [];
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++) {
      const [a, p] = list[i]!;
      const [b, q] = list[j]!;
      if (Math.abs(p.x - q.x) < W && Math.abs(p.y - q.y) < H) bad.push(`${a}/${b}`);
    }
  return bad;
}

describe("layoutGraph", () => {
  it("puts each node below every node that leads to it, loops aside", () => {
    const nodes = ["s", "a", "b", "c", "end"].map((id) => ({ id }));
    const edges = [
      { source: "s", target: "a" },
      { source: "s", target: "b" },
      { source: "a", target: "c" },
      { source: "b", target: "c" },
      { source: "c", target: "a" }, // loop back
      { source: "c", target: "end" },
      { source: "s", target: "end" }, // a shortcut does not pull the ending up
    ];
    const layout = layoutGraph(nodes, edges, "s", opts);
    const y = (id: string) => layout.positions[id]!.y;
    expect(y("s")).toBe(0);
    expect(y("a")).toBe(y("b"));
    expect(y("c")).toBeGreaterThan(y("a"));
    expect(y("end")).toBeGreaterThan(y("c"));
    expect(layout.ranks).toEqual([["s"], expect.arrayContaining(["a", "b"]), ["c"], ["end"]]);
    expect(overlaps(layout.positions)).toEqual([]);
    // A single child sits under its parent.
    expect(layout.positions.c!.x).toBeCloseTo((layout.positions.a!.x + layout.positions.b!.x) / 2, 0);
  });

  it("lays out nodes the start cannot reach after the reachable ones", () => {
    const layout = layoutGraph(
      [{ id: "s" }, { id: "t" }, { id: "orphan" }, { id: "orphan-child" }],
      [
        { source: "s", target: "t" },
        { source: "orphan", target: "orphan-child" },
      ],
      "s",
      opts,
    );
    expect(layout.positions.orphan!.y).toBeGreaterThan(layout.positions.t!.y);
    expect(layout.positions["orphan-child"]!.y).toBeGreaterThan(layout.positions.orphan!.y);
  });

  it("ignores edges to unknown nodes and self-loops, and handles an empty graph", () => {
    const layout = layoutGraph(
      [{ id: "s" }],
      [
        { source: "s", target: "s" },
        { source: "s", target: "ghost" },
      ],
      "s",
      opts,
    );
    expect(layout.positions).toEqual({ s: { x: 0, y: 0 } });
    expect(layoutGraph([], [], null)).toEqual({ positions: {}, ranks: [], width: 0, height: 0 });
  });

  it("orders ranks to avoid crossings on a simple two-branch tree", () => {
    const nodes = ["s", "l", "r", "l1", "r1"].map((id) => ({ id }));
    const edges = [
      { source: "s", target: "l" },
      { source: "s", target: "r" },
      { source: "r", target: "r1" },
      { source: "l", target: "l1" },
    ];
    const p = layoutGraph(nodes, edges, "s", opts).positions;
    expect(Math.sign(p.l!.x - p.r!.x)).toBe(Math.sign(p.l1!.x - p.r1!.x));
  });

  it("lays out a 300-node scenario quickly, without overlaps, and the same way every time", () => {
    const result = loadScenario(generateScenarioYaml(300));
    if (!result.ok) throw new Error("generated scenario does not load");
    const g = graphFromScenario(result.scenario);
    const started = performance.now();
    const layout = layoutGraph(g.nodes, g.edges, g.start, opts);
    const ms = performance.now() - started;
    expect(Object.keys(layout.positions)).toHaveLength(303);
    expect(overlaps(layout.positions)).toEqual([]);
    expect(ms).toBeLessThan(1000);
    expect(layoutGraph(g.nodes, g.edges, g.start, opts)).toEqual(layout);
  });
});
