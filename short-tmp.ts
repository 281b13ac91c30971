import { readFileSync } from "node:fs";
import { loadScenario } from "./lib/scenario/load";
import { Searcher } from "./lib/analysis/search";
import { finalScores } from "./lib/scoring/score";
for (const f of process.argv.slice(2)) {
  const r = loadScenario(readFileSync(f), f); if (!r.ok) throw 0;
  const sc = r.scenario; const s = new Searcher(sc);
  const sum = s.summarize(s.initial())!;
  const bp = s.path(s.initial(), "best"), wp = s.path(s.initial(), "worst");
  let layer = [s.initial()]; const seen = new Set([s.key(layer[0]!)]); let d = 0; let bestD = -1, worstD = -1;
  while (layer.length && (bestD < 0 || worstD < 0)) {
    const next = [];
    for (const st of layer) {
      const node = sc.nodes[st.node]!;
      if (node.ending) { const o = finalScores(sc, st.score).overall; if (o === sum.max && bestD < 0) bestD = d; if (o === sum.min && worstD < 0) worstD = d; continue; }
      for (const c of node.choices) { const n = s.step(st, c.id)!; const k = s.key(n); if (!seen.has(k)) { seen.add(k); next.push(n); } }
    }
    layer = next; d++;
  }
  console.log(f, "best", bp.length, "shortest", bestD, "worst", wp.length, "shortest", worstD);
}
