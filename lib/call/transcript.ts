import { customerLine } from "../customer/mood";
import type { Mood } from "../scenario/condition";
import type { Scenario } from "../scenario/model";

/** The parts of a customer-machine turn record the transcript needs. */
export interface LoggedTurn {
  node: string;
  choice: string;
  before: Mood;
  after: Mood;
  flagsBefore: number;
}

export interface TranscriptEntry {
  /** 0-based turn index. */
  index: number;
  node: string;
  /** What the customer said before the trainee answered. */
  customer: string;
  choiceId: string;
  /** What the trainee said. */
  said: string;
  before: Mood;
  after: Mood;
}

/**
 * The call so far, from the machine's turn log: at each turn the customer's line (said in
 * the mood and with the flags before the choice, exactly as the server's replay does) and the
 * trainee's answer.
 */
export function transcriptFromLog(scenario: Scenario, log: readonly LoggedTurn[]): TranscriptEntry[] {
  return log.map((turn, index) => {
    const node = scenario.nodes[turn.node];
    const choice = node?.choices.find((c) => c.id === turn.choice);
    return {
      index,
      node: turn.node,
      customer: node ? customerLine(node, turn.before, turn.flagsBefore) : "",
      choiceId: turn.choice,
      said: choice?.text ?? turn.choice,
      before: turn.before,
      after: turn.after,
    };
  });
}

/** What the customer says now, at `nodeId` in `mood` with `flags` set (an ending's last line included). */
export function lineAt(scenario: Scenario, nodeId: string, mood: Mood, flags = 0): string {
  const node = scenario.nodes[nodeId];
  return node ? customerLine(node, mood, flags) : "";
}
