import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replay } from "../customer/replay";
import { loadScenario } from "../scenario/load";
import type { Scenario } from "../scenario/model";
import { callViewOf, choiceAtOption, offeredInOrder, restoreCall } from "./call-view";

const SCENARIOS: Scenario[] = [
  ...readdirSync("scenarios")
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => `scenarios/${f}`),
  "lib/scenario/fixtures/format-2.yaml",
].map((f) => {
  const result = loadScenario(readFileSync(f), f);
  if (!result.ok) throw new Error(`${f} does not load`);
  return result.scenario;
});
const FORMAT_2 = SCENARIOS.at(-1)!;

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
    const ids = offeredInOrder(scenario, "run-1", scenario.start, { mood: scenario.mood, flags: 0 });
    expect(view.options.map((o) => o.option)).toEqual(ids.map((_, i) => i + 1));
    view.options.forEach((o) => expect(choiceAtOption(scenario, "run-1", actor.getSnapshot(), o.option)).toBe(ids[o.option - 1]));
    expect(choiceAtOption(scenario, "run-1", actor.getSnapshot(), 0)).toBeNull();
    expect(choiceAtOption(scenario, "run-1", actor.getSnapshot(), ids.length + 1)).toBeNull();
    actor.stop();
  });

  it("offers a choice with a `when` only while it holds, and the others keep their shuffled places", () => {
    // At `vented`, `walk-back` is offered only after the promise of `today` set `promised-today`.
    const ids = (choices: string[]) => {
      const { actor } = restoreCall(FORMAT_2, choices);
      const view = callViewOf(FORMAT_2, "run-7", actor.getSnapshot());
      const shown = view.options.map((o) => choiceAtOption(FORMAT_2, "run-7", actor.getSnapshot(), o.option));
      actor.stop();
      return { view, shown };
    };
    const promised = ids(["today"]);
    const listened = ids(["tell-me"]);
    expect(promised.shown.sort()).toEqual(["sorry", "summary-now", "walk-back"]);
    expect(listened.shown.sort()).toEqual(["sorry", "summary-now"]);
    expect(listened.view.options.map((o) => o.option)).toEqual([1, 2]);
    // The same relative order in both calls: hiding a response does not reshuffle the rest.
    const order = ids(["today"]).shown.filter((id) => id !== "walk-back");
    expect(ids(["tell-me"]).shown).toEqual(order);
    // The line follows the flag too.
    expect(promised.view.line).toBe("Today? Fine. But it just stopped heating, and I'm still cross."); // anger 50
    expect(listened.view.line).toBe("It just stopped heating. I need a kettle that works.");
    // A response that is not offered cannot be chosen by id either.
    const { actor } = restoreCall(FORMAT_2, ["tell-me"]);
    expect(actor.getSnapshot().can({ type: "CHOOSE", choiceId: "walk-back" })).toBe(false);
    actor.stop();
    expect(restoreCall(FORMAT_2, ["tell-me", "walk-back"]).played).toBe(1);
  });
});
