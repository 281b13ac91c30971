import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { CORPUS_DIR, readCorpus } from "./corpus";
import { CORPUS_SCENARIOS, corpusScenario } from "./scenarios";
import { briefText, transcriptText } from "./transcript";

/**
 * Writes one sheet per review batch: the briefs, then the calls as a blind reviewer reads them.
 *   npx tsx lib/calibration/sheets.ts
 */
const calls = readCorpus();
for (const batch of ["A", "B", "C", "D"] as const) {
  const mine = calls.filter((c) => c.batch === batch);
  const out = [`# Review batch ${batch}: ${mine.length} calls`, "", "## The briefs the trainees read", ""];
  for (const id of CORPUS_SCENARIOS) {
    out.push(`### ${briefText(corpusScenario(id))}`, "");
  }
  out.push("## The calls", "");
  for (const call of mine) {
    const scenario = corpusScenario(call.scenario);
    out.push(`### ${call.id} (${scenario.title})`, "", transcriptText(scenario, call.choices), "");
  }
  writeFileSync(join(CORPUS_DIR, "sheets", `batch-${batch}.md`), out.join("\n"));
}
console.log("sheets written");
