import { readFileSync } from "node:fs";
import { loadScenario } from "./lib/scenario/load";
import { explorePositions } from "./lib/analysis/positions";
import { lineAt, positionKey } from "./lib/customer/step";
for (const name of ["abusive-caller", "billing-error", "broadband-outage", "delayed-update"]) {
  const load = (f: string) => { const r = loadScenario(readFileSync(f), f); if (!r.ok) throw new Error(f); return r.scenario; };
  const a = load(`/tmp/i12a-orig-${name}.yaml`), b = load(`scenarios/${name}.yaml`);
  const ga = explorePositions(a), gb = explorePositions(b);
  const sig = (s: typeof a, g: typeof ga) => g.positions.map((p, i) => `${positionKey(p)} line ${lineAt(s, p)} -> ${[...g.succ.slice(g.first[i], g.first[i + 1])].map((t) => positionKey(g.positions[t]!)).join(",")}`).join("\n");
  console.log(name, ga.positions.length, gb.positions.length, sig(a, ga) === sig(b, gb) ? "same transitions and lines" : "DIFFERENT");
}
