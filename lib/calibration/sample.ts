import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { searcherFor } from "../analysis/search";
import { replay } from "../customer/replay";
import { offeredChoices } from "../customer/step";
import { mulberry32 } from "../random/seeded";
import { scoreRun } from "../scoring/report";
import { CORPUS_SCENARIOS, corpusScenario } from "./scenarios";
import type { CorpusCall } from "./corpus";

/**
 * Draws the calibration corpus once: random walks through each scenario, some steered towards the
 * best choice with a given probability, so the sample covers the whole score range; then 30 calls
 * a scenario spread over score bands and outcomes, with extra weight near the pass mark; then dealt
 * into four review batches (A, B tune; C, D report). Run once; the corpus is data from then on.
 *   npx tsx lib/calibration/sample.ts
 */
const PER_SCENARIO = 30;
const random = mulberry32(20261130);

const calls: Omit<CorpusCall, "id" | "batch" | "half">[] = [];
for (const id of CORPUS_SCENARIOS) {
  const scenario = corpusScenario(id);
  const searcher = searcherFor(scenario);
  const seen = new Map<string, { choices: string[]; score: number; outcome: string }>();
  for (let walk = 0; walk < 4000; walk++) {
    const steer = [0, 0.3, 0.5, 0.7, 0.85, 0.95][walk % 6]!;
    let state = searcher.initial();
    const choices: string[] = [];
    for (let turn = 0; turn < 30; turn++) {
      const node = scenario.nodes[state.node]!;
      const offered = offeredChoices(node, state);
      if (node.ending || !offered.length) break;
      let pick = offered[Math.floor(random() * offered.length)]!.id;
      if (random() < steer) {
        let best = -1;
        for (const c of offered) {
          const v = searcher.bestAfter(state, c.id) ?? -1;
          if (v > best) {
            best = v;
            pick = c.id;
          }
        }
      }
      choices.push(pick);
      state = searcher.step(state, pick)!;
    }
    const played = replay(scenario, choices);
    if (!played.ending || played.error) continue;
    const key = choices.join(",");
    if (!seen.has(key)) {
      const report = scoreRun(scenario, choices);
      seen.set(key, { choices, score: report.score.overall, outcome: played.ending });
    }
  }
  // Bands: 0-39, 40-54, 55-64, 65-74, 75-84, 85-100; the middle bands (near the pass mark) get more.
  const bands = [
    [0, 39, 3],
    [40, 54, 5],
    [55, 64, 6],
    [65, 74, 6],
    [75, 84, 5],
    [85, 100, 3],
  ] as const;
  const pool = [...seen.values()];
  const picked: typeof pool = [];
  // Two short calls (four turns or fewer) a scenario, where there are any: early hang-ups and calls the agent cut short.
  const short = pool.filter((p) => p.choices.length <= 4).sort(() => random() - 0.5);
  picked.push(...short.slice(0, 2));
  for (const [lo, hi, n] of bands) {
    const inBand = pool.filter((p) => p.score >= lo && p.score <= hi && !picked.includes(p));
    // Round-robin over outcomes so every ending kind is represented.
    const byOutcome = new Map<string, typeof pool>();
    for (const p of inBand) byOutcome.set(p.outcome, [...(byOutcome.get(p.outcome) ?? []), p]);
    for (const list of byOutcome.values()) list.sort(() => random() - 0.5);
    const lists = [...byOutcome.values()];
    let taken = 0;
    for (let i = 0; taken < n && lists.some((l) => l.length); i++) {
      const p = lists[i % lists.length]!.shift();
      if (p) {
        picked.push(p);
        taken++;
      }
    }
  }
  while (picked.length < PER_SCENARIO) {
    const rest = pool.filter((p) => !picked.includes(p));
    if (!rest.length) break;
    picked.push(rest[Math.floor(random() * rest.length)]!);
  }
  console.log(
    `${id}: ${seen.size} distinct complete calls, picked ${picked.length}: scores ${picked
      .map((p) => p.score)
      .sort((a, b) => a - b)
      .join(" ")}`,
  );
  for (const p of picked) calls.push({ scenario: id, choices: p.choices });
}

// Shuffle, then deal into four batches, scenario by scenario so each batch has every scenario.
const shuffled = calls
  .map((c) => ({ c, k: random() }))
  .sort((a, b) => a.k - b.k)
  .map((x) => x.c);
shuffled.sort((a, b) => CORPUS_SCENARIOS.indexOf(a.scenario as never) - CORPUS_SCENARIOS.indexOf(b.scenario as never));
const batches = ["A", "B", "C", "D"] as const;
const out: CorpusCall[] = shuffled.map((c, i) => {
  const batch = batches[i % 4]!;
  return { id: "", batch, half: batch === "A" || batch === "B" ? "tune" : "report", ...c };
});
// Ids in a random order so a call's number says nothing about its scenario or score.
const order = out.map((c) => ({ c, k: random() })).sort((a, b) => a.k - b.k);
order.forEach(({ c }, i) => (c.id = `call-${String(i + 1).padStart(3, "0")}`));
out.sort((a, b) => a.id.localeCompare(b.id));
mkdirSync(join("lib", "calibration", "corpus"), { recursive: true });
writeFileSync(join("lib", "calibration", "corpus", "calls.json"), JSON.stringify(out, null, 1) + "\n");
console.log(`wrote ${out.length} calls`);
