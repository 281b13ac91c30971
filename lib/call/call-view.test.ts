import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replay } from "../customer/replay";
import { loadScenario } from "../scenario/load";
import type { Scenario } from "../scenario/model";
import { callViewOf, choiceAtOption, offeredInOrder, restoreCall } from "./call-view";

const SCENARIOS: Scenario[] = readdirSync("scenarios")
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => {
    const result = loadScenario(readFileSync(`scenarios/${f}`), f);
    if (!result.ok) throw new Error(`${f} does not load`);
    return result.scenario;
  });

/** Plays a call by display positions only, as the browser does; returns the views seen and the choice ids behind them. */
function playByOptions(scenario: Scenario, seed: string, picks: number[]) {
  const { actor } = restoreCall(scenario, []);
  const views = [callViewOf(scenario, seed, actor.getSnapshot())];
  const choiceIds: string[] = [];
  for (const pick of picks) {
    const view = views[views.length - 1]!;
    if (view.ended) break;
    const option = view.options[pick % view.options.length]!.option;
    const choiceId = choiceAtOption(scenario, seed, actor.getSnapshot(), option)!;
    choiceIds.push(choiceId);
    actor.send({ type: "CHOOSE", choiceId });
    views.push(callViewOf(scenario, seed, actor.getSnapshot()));
  }
  actor.stop();
  return { views, choiceIds };
}

describe("the call view (what the trainee's browser receives)", () => {
  it("says what the plain replay says, turn by turn, on random calls through every built-in", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SCENARIOS),
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (scenario, seed, picks) => {
          const { views, choiceIds } = playByOptions(scenario, seed, picks);
          const played = replay(scenario, choiceIds);
          expect(played.error).toBeUndefined();
          const last = views[views.length - 1]!;
          expect(last.turns).toBe(played.turns.length);
          expect(last.mood).toEqual(played.mood);
          expect(last.ended?.kind ?? null).toBe(played.ending);
          expect(last.transcript.map((t) => t.customer)).toEqual(played.turns.map((t) => t.customer));
          expect(last.transcript.map((t) => t.said)).toEqual(played.turns.map((t) => t.choice.text));
          views.slice(1).forEach((view, i) => expect(view.line).toBe(played.turns[i]!.reply));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("carries no answer key: no choice ids, tags, coach feedback, mood effects or branch conditions", () => {
    for (const scenario of SCENARIOS) {
      const { views } = playByOptions(
        scenario,
        "seed",
        Array.from({ length: 30 }, (_, i) => i * 7),
      );
      const sent = JSON.stringify(views);
      for (const node of Object.values(scenario.nodes)) {
        for (const choice of node.choices) {
          expect(sent).not.toContain(`"${choice.id}"`);
          if (choice.feedback) expect(sent).not.toContain(choice.feedback.slice(0, 40));
        }
      }
      expect(sent).not.toMatch(/"(tags|feedback|effect|branches|when|choiceId|facts)"/);
    }
  });

  it("numbers the responses in the run's shuffled order, and the same position means the same response on every request", () => {
    const scenario = SCENARIOS[0]!;
    const { actor } = restoreCall(scenario, []);
    const view = callViewOf(scenario, "run-1", actor.getSnapshot());
    const ids = offeredInOrder(scenario, "run-1", scenario.start);
    expect(view.options.map((o) => o.option)).toEqual(ids.map((_, i) => i + 1));
    view.options.forEach((o) => expect(choiceAtOption(scenario, "run-1", actor.getSnapshot(), o.option)).toBe(ids[o.option - 1]));
    expect(choiceAtOption(scenario, "run-1", actor.getSnapshot(), 0)).toBeNull();
    expect(choiceAtOption(scenario, "run-1", actor.getSnapshot(), ids.length + 1)).toBeNull();
    actor.stop();
  });
});
