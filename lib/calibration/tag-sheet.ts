import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { TAGS } from "../scenario/tags";
import { corpusScenario } from "./scenarios";

/**
 * Writes what a blind tag reviewer may see: for each choice, the customer's line at its node and
 * the agent's text, plus the tag definitions. Never the tags, feedback, mood effects or facts.
 *   npx tsx lib/calibration/tag-sheet.ts <scenario-id...>
 */
const ids = process.argv.slice(2);
const dir = join("lib", "calibration", "tag-review");
mkdirSync(dir, { recursive: true });
for (const id of ids) {
  const s = corpusScenario(id);
  const out: string[] = [`# Choices to tag: ${s.title}`, "", "Tag definitions:", ""];
  for (const [tag, def] of Object.entries(TAGS)) out.push(`- \`${tag}\`: ${def}`);
  out.push("", "---", "");
  for (const nodeId of s.nodeIds) {
    const node = s.nodes[nodeId]!;
    if (!node.choices.length) continue;
    out.push(`## Customer (node ${nodeId})`, "");
    for (const line of node.lines) out.push(`> ${line.text.replace(/\s+/g, " ").trim()}`, "");
    out.push("Agent options:", "");
    for (const c of node.choices) out.push(`- \`${c.id}\`: ${c.text.replace(/\s+/g, " ").trim()}`);
    out.push("");
  }
  writeFileSync(join(dir, `sheet-${id}.md`), out.join("\n"));
  console.log(`wrote ${join(dir, `sheet-${id}.md`)}`);
}
