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
  text: string;
  tags: Tag[];
  facts: string[];
  wrongFacts: string[];
  effect: { anger: number; trust: number };
  feedback?: string;
  branches: { when?: Condition; to: string }[];
}

export const DEFAULT_WEIGHTS: Weights = { laer: 30, reflectiveListening: 25, promises: 25, professionalism: 20 };
export const DEFAULT_PASS_MARK = 70;
