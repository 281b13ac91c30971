import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeScenario } from "../analysis/analyze";
import { loadScenario } from "../scenario/load";
import { scoreRun } from "./report";
import { retryPrefix } from "./retry";

const billing = (() => {
  const r = loadScenario(readFileSync("scenarios/billing-error.yaml"), "billing-error.yaml");
  if (!r.ok) throw new Error("billing-error does not load");
  return r.scenario;
})();
const BEST = analyzeScenario(billing).bestPath;

describe("retryPrefix", () => {
  it("keeps the choices before the turn, and the replay of them is the score the retry starts with", () => {
    for (let turn = 1; turn <= BEST.length; turn++) {
      const r = retryPrefix(billing, BEST, turn);
      if (!r.ok) throw new Error(r.reason);
      expect(r.choices).toEqual(BEST.slice(0, turn - 1));
      expect(r.report.outcome).toBeNull();
      expect(r.report.turns).toHaveLength(turn - 1);
      expect(r.report.score).toEqual(scoreRun(billing, BEST.slice(0, turn - 1)).score);
    }
  });

  it("refuses a turn outside the call", () => {
    expect(retryPrefix(billing, BEST, 0)).toEqual({ ok: false, reason: `choose a turn from 1 to ${BEST.length}` });
    expect(retryPrefix(billing, BEST, BEST.length + 1)).toMatchObject({ ok: false });
    expect(retryPrefix(billing, BEST, 1.5)).toMatchObject({ ok: false });
    expect(retryPrefix(billing, [], 1)).toEqual({ ok: false, reason: "this call has no turns to try again from" });
  });

  it("refuses when an earlier choice is no longer offered, or the call had ended before the turn", () => {
    const broken = [BEST[0]!, "no-such-choice", ...BEST.slice(2)];
    expect(retryPrefix(billing, broken, 3)).toMatchObject({ ok: false, reason: expect.stringMatching(/turn 2 can no longer be replayed/) });
    // A choice list that runs past the ending: the turn after the ending cannot be retried.
    const past = [...BEST, BEST[0]!];
    expect(retryPrefix(billing, past, BEST.length + 1)).toMatchObject({ ok: false });
  });
});
