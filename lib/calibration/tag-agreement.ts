import { readFileSync } from "node:fs";
import { corpusScenario } from "./scenarios";

/**
 * Compares a blind tagger's tags with the scenario files' tags, choice by choice.
 *   npx tsx lib/calibration/tag-agreement.ts <tagger-file.json> <scenario-id...>
 */
const CRITICAL = new Set(["overpromise", "hostile", "end-call"]);
const [file, ...ids] = process.argv.slice(2);
const review = JSON.parse(readFileSync(file!, "utf8")) as {
  tagsBySheet?: Record<string, Record<string, string[]>>;
  tags: Record<string, string[]>;
};
let total = 0,
  exact = 0,
  criticalSame = 0;
const diffs = new Map<string, number>();
const lines: string[] = [];
for (const id of ids) {
  const scenario = corpusScenario(id);
  const theirs = review.tagsBySheet?.[`sheet-${id}`] ?? review.tags;
  for (const nodeId of scenario.nodeIds) {
    for (const c of scenario.nodes[nodeId]!.choices) {
      const t = theirs[c.id];
      if (!t) {
        lines.push(`${id} ${c.id}: not tagged`);
        continue;
      }
      total++;
      const a = new Set<string>(c.tags),
        b = new Set(t);
      const same = a.size === b.size && [...a].every((x) => b.has(x));
      if (same) exact++;
      const critA = [...a]
          .filter((x) => CRITICAL.has(x))
          .sort()
          .join(),
        critB = [...b]
          .filter((x) => CRITICAL.has(x))
          .sort()
          .join();
      if (critA === critB) criticalSame++;
      if (!same) {
        lines.push(`${id} ${c.id}: file [${[...a].join(", ")}] tagger [${[...b].join(", ")}]  "${c.text.slice(0, 110)}"`);
        for (const x of a) if (!b.has(x)) diffs.set(`-${x}`, (diffs.get(`-${x}`) ?? 0) + 1);
        for (const x of b) if (!a.has(x)) diffs.set(`+${x}`, (diffs.get(`+${x}`) ?? 0) + 1);
      }
    }
  }
}
console.log(lines.join("\n"));
console.log(
  `\n${total} choices: exact tag set ${exact} (${((100 * exact) / total).toFixed(0)}%), critical tags (overpromise, hostile, end-call) agree on ${criticalSame} (${((100 * criticalSame) / total).toFixed(0)}%)`,
);
console.log(
  "tags only in the file (-) or only the tagger's (+):",
  [...diffs]
    .sort((x, y) => y[1] - x[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(", "),
);
