import type { Condition, Mood } from "./condition";
import type { EndingKind, Weights } from "./schema";
import type { Tag } from "./tags";

/**
 * A checked, compiled scenario. Plain data only (no Maps, no functions) so it can be
 * sent from a server component to the browser and cached as JSON.
 */
export interface Scenario {
  id: string;
  title: string;
  version: number;
  difficulty: "easy" | "medium" | "hard";
  brief: string;
  persona: { name: string; description: string };
  mood: Mood;
  facts: { id: string; text: string }[];
  weights: Weights;
  passMark: number;
  start: string;
  /** Node ids in file order. */
  nodeIds: string[];
  nodes: Record<string, ScenarioNode>;
  /**
   * Format 2: the declared flags, in order; flag `flags[i]` is bit `1 << i` of a call's flags.
   * Absent when the scenario declares none (every format 1 scenario).
   */
  flags?: string[];
  /**
   * Format 2: the scenario-wide rules as written (for display: the graph, the docs). They are
   * already compiled into every choice's `branches` (marked with `rule`), so the customer's rules
   * read only the branches.
   */
  rules?: ScenarioRule[];
}

export interface ScenarioRule {
  id: string;
  /** Tags a choice must carry one of for the rule to apply after it; absent: after any choice. */
  after?: Tag[];
  when: Condition;
  to: string;
}

export interface ScenarioNode {
  id: string;
  lines: { when?: Condition; text: string }[];
  /** The customer is abusive at this node (insults, threats). */
  abusive?: true;
  choices: Choice[];
  ending?: { kind: EndingKind; summary?: string };
}

export interface Choice {
  id: string;
  /** Format 2: the choice is offered only when this holds (on the mood and flags before it). */
  when?: Condition;
  text: string;
  tags: Tag[];
  facts: string[];
  wrongFacts: string[];
  effect: { anger: number; trust: number };
  feedback?: string;
  /** Format 2: the flags this choice sets and clears (bitmasks over `Scenario.flags`). */
  flagEffect?: { set: number; clear: number };
  /**
   * Checked in order on the mood and flags after the choice; the first that holds is taken.
   * Scenario-wide rules come first, marked with the rule's id in `rule`.
   */
  branches: Branch[];
}

export interface Branch {
  when?: Condition;
  to: string;
  /** The scenario-wide rule this branch comes from. */
  rule?: string;
}

export const DEFAULT_WEIGHTS: Weights = { laer: 30, reflectiveListening: 25, promises: 25, professionalism: 20 };
export const DEFAULT_PASS_MARK = 70;
