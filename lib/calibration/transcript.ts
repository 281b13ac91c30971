import { replay } from "../customer/replay";
import type { Scenario } from "../scenario/model";
import type { EndingKind } from "../scenario/schema";

const ENDING_WORDS: Record<EndingKind, string> = {
  resolved: "the call ends with the problem being handled",
  escalated: "the call is passed on to someone else",
  "hung-up": "the customer hangs up",
  "agent-ended": "the agent ends the call",
};

const flat = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * A call as a blind reviewer reads it: the customer's and the agent's words and how the call
 * ended. Nothing else: no tags, feedback, mood, facts or scores.
 */
export function transcriptText(scenario: Scenario, choices: readonly string[]): string {
  const played = replay(scenario, choices);
  if (played.error || !played.ending) throw new Error(`${scenario.id}: ${choices.join(",")} is not a complete call`);
  const lines: string[] = [];
  for (const turn of played.turns) {
    lines.push(`Customer: ${flat(turn.customer)}`);
    lines.push(`Agent: ${flat(turn.choice.text)}`);
  }
  lines.push(`Customer: ${flat(played.turns.at(-1)!.reply)}`);
  lines.push(`(End of call: ${ENDING_WORDS[played.ending]}.)`);
  return lines.join("\n");
}

export function briefText(scenario: Scenario): string {
  return `${scenario.title}\n\nThe customer: ${scenario.persona.name}.\n\n${flat(scenario.brief)}`;
}
