import { dump } from "js-yaml";

/**
 * A large, valid scenario for benchmarks: `customerNodes` nodes in a long corridor,
 * each with 4 choices (forward, skip ahead, a conditional branch, and a way out),
 * plus three endings. `padding` adds words to every line to grow the file.
 */
export function generateScenarioYaml(customerNodes: number, padding = 0): string {
  const pad = padding > 0 ? " " + "lorem ipsum ".repeat(padding).trim() : "";
  const tagSets = [
    ["listen"],
    ["acknowledge"],
    ["explore"],
    ["paraphrase", "confirm"],
    ["respond", "commit", "own"],
    ["blame"],
    ["overpromise"],
    ["interrupt"],
  ];
  const nodes: object[] = [];
  for (let i = 0; i < customerNodes; i++) {
    const next = (k: number) => (i + k < customerNodes ? `n${i + k}` : "resolved");
    nodes.push({
      id: `n${i}`,
      customer: [
        { when: "anger >= 80", text: `I am still furious about this (step ${i}).${pad}` },
        { text: `Here is more of my story, part ${i}.${pad}` },
      ],
      choices: [
        {
          id: `n${i}-forward`,
          text: `Go on, I'm listening (${i}).${pad}`,
          tags: tagSets[i % tagSets.length],
          facts: i % 8 === 3 ? ["f1", "f2"] : [],
          mood: { anger: -3, trust: 2 },
          feedback: `Forward at ${i}.`,
          next: next(1),
        },
        {
          id: `n${i}-skip`,
          text: `Let me jump ahead (${i}).${pad}`,
          tags: tagSets[(i + 3) % tagSets.length],
          mood: { anger: 4 },
          feedback: `Skip at ${i}.`,
          next: next(2),
        },
        {
          id: `n${i}-risky`,
          text: `That is not how it works (${i}).${pad}`,
          tags: ["defensive"],
          mood: { anger: 15, trust: -5 },
          feedback: `Risky at ${i}.`,
          next: [{ when: "anger >= 95", to: "hung-up" }, { to: next(1) }],
        },
        {
          id: `n${i}-out`,
          text: `I'll pass you to my supervisor (${i}).${pad}`,
          tags: ["vague-promise"],
          feedback: `Out at ${i}.`,
          next: "escalated",
        },
      ],
    });
  }
  nodes.push(
    { id: "resolved", customer: "Thanks.", ending: { kind: "resolved" } },
    { id: "escalated", customer: "Put them on.", ending: { kind: "escalated" } },
    { id: "hung-up", customer: "Goodbye.", ending: { kind: "hung-up" } },
  );
  return dump(
    {
      id: "generated",
      title: `Generated ${customerNodes}-node scenario`,
      version: 1,
      difficulty: "hard",
      brief: "A generated scenario for benchmarks.",
      persona: { name: "Bench", description: "Generated." },
      mood: { anger: 70, trust: 30 },
      facts: [
        { id: "f1", text: "fact one" },
        { id: "f2", text: "fact two" },
      ],
      start: "n0",
      nodes,
    },
    { noRefs: true, lineWidth: -1 },
  );
}

/** n nodes, each with one choice to the next (or, with `unknown`, to a node that does not exist). */
export function chainYaml(n: number, unknown: boolean, id = "chain"): string {
  const lines = [
    `id: ${id}`,
    "title: Chain",
    "version: 1",
    "difficulty: easy",
    "brief: b",
    "persona: { name: P, description: d }",
    "mood: { anger: 50, trust: 50 }",
    "facts: [{ id: f, text: t }]",
    "start: n0",
    "nodes:",
  ];
  for (let i = 0; i < n; i++) {
    const next = unknown ? `zz${i}` : i === n - 1 ? "end" : `n${i + 1}`;
    lines.push(`  - id: n${i}`, "    customer: hi", "    choices:", `      - { id: c${i}, text: ok, tags: [listen], next: ${next} }`);
  }
  lines.push("  - id: end", "    customer: bye", "    ending: { kind: resolved, summary: s }");
  return lines.join("\n");
}

/** 1 MB of distinct top-level keys (`k0: v`, `k1: v`, …): a hostile input for the loader. */
export function distinctKeysYaml(bytes = 1_000_000): string {
  return Array.from({ length: 100_000 }, (_, i) => `k${i}: v`)
    .join("\n")
    .slice(0, bytes);
}
