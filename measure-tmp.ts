import { recoveryLoopsYaml } from "./lib/bench/generate";
import { loadScenario } from "./lib/scenario/load";
import { Searcher } from "./lib/analysis/search";
import { scoreStateKey } from "./lib/scoring/score";
const r = loadScenario(recoveryLoopsYaml(), "loops.yaml");
if (!r.ok) { console.log(r.problems); process.exit(1); }
console.log("nodes", r.scenario.nodeIds.length, r.warnings);
const s = new Searcher(r.scenario);
// BFS unbounded
const seen = new Set<string>(); const pos = new Set<string>();
const q = [s.initial()]; seen.add(s.key(q[0]!));
const t0 = Date.now();
while (q.length && seen.size < 1_000_000) {
  const st = q.pop()!;
  pos.add(`${st.node}|${st.mood.anger}|${st.mood.trust}`);
  const node = r.scenario.nodes[st.node]!;
  for (const c of node.choices) { const n = s.step(st, c.id)!; const k = s.key(n); if (!seen.has(k)) { seen.add(k); q.push(n); } }
}
console.log("product states", seen.size, "positions", pos.size, Date.now() - t0, "ms");
const t1 = Date.now(); const s2 = new Searcher(r.scenario); const sum = s2.summarize(s2.initial());
console.log("current search", s2.statesVisited, s2.truncated, s2.cyclesCut, Date.now() - t1, "ms", sum?.max, sum?.min);
