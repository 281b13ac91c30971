import { dump } from "js-yaml";
import { loadScenario, formatProblem } from "../scenario/load";
import type { Scenario } from "../scenario/model";

export interface TurnSpec {
  tags: string[];
  facts?: string[];
  wrongFacts?: string[];
  mood?: { anger?: number; trust?: number };
  /** The customer is abusive at this turn's node. */
  abusive?: boolean;
}

/**
 * A straight-line scenario: turn i offers one choice with the given tags, then the call
 * ends. Lets a test state a tag sequence and read the scorer's verdict on exactly that.
 */
export function chainScenario(
  turns: TurnSpec[],
  options: { facts?: string[]; mood?: { anger: number; trust: number }; ending?: string; scoring?: object } = {},
): Scenario {
  const facts = options.facts ?? ["f1", "f2"];
  const nodes = turns.map((t, i) => ({
    id: `n${i}`,
    customer: `line ${i}`,
    ...(t.abusive ? { abusive: true } : {}),
    choices: [
      {
        id: `c${i}`,
        text: `choice ${i}`,
        tags: t.tags,
        ...(t.facts ? { facts: t.facts } : {}),
        ...(t.wrongFacts ? { wrongFacts: t.wrongFacts } : {}),
        ...(t.mood ? { mood: t.mood } : {}),
        next: i === turns.length - 1 ? "end" : `n${i + 1}`,
      },
    ],
  }));
  const doc = {
    id: "chain",
    title: "Chain",
    version: 1,
    difficulty: "easy",
    brief: "A test chain.",
    persona: { name: "Pat", description: "Test customer." },
    mood: options.mood ?? { anger: 50, trust: 50 },
    facts: facts.map((id) => ({ id, text: `fact ${id}` })),
    ...(options.scoring ? { scoring: options.scoring } : {}),
    start: nodes.length ? "n0" : "end",
    nodes: [...nodes, { id: "end", customer: "bye", ending: { kind: options.ending ?? "resolved" } }],
  };
  const result = loadScenario(dump(doc, { noRefs: true }), "chain.yaml");
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return result.scenario;
}

export function chainChoices(scenario: Scenario): string[] {
  return scenario.nodeIds.filter((id) => !scenario.nodes[id]!.ending).map((id) => scenario.nodes[id]!.choices[0]!.id);
}
