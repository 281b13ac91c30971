import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { replayWithMachine } from "@/lib/customer/machine";
import { replay } from "@/lib/customer/replay";
import { loadScenario } from "@/lib/scenario/load";
import { lineAt, transcriptFromLog } from "./transcript";

function builtIn(id: string) {
  const result = loadScenario(readFileSync(`scenarios/${id}.yaml`), `${id}.yaml`);
  if (!result.ok) throw new Error(`${id} does not load`);
  return result.scenario;
}

describe("transcriptFromLog", () => {
  it("gives the same customer lines and answers as the server's replay", () => {
    const scenario = builtIn("billing-error");
    const choices = ["quick-refund-offer", "backtrack-and-listen", "interrupt-reference"];
    const played = replayWithMachine(scenario, choices);
    const server = replay(scenario, choices);
    const entries = transcriptFromLog(scenario, played.log);
    expect(entries.map((e) => e.customer)).toEqual(server.turns.map((t) => t.customer));
    expect(entries.map((e) => e.said)).toEqual(server.turns.map((t) => t.choice.text));
    expect(entries.map((e) => e.index)).toEqual([0, 1, 2]);
    expect(lineAt(scenario, played.node, played.mood)).toBe(server.turns[2]!.reply);
  });

  it("is empty before the first turn", () => {
    expect(transcriptFromLog(builtIn("billing-error"), [])).toEqual([]);
  });
});
