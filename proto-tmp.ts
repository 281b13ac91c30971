import { recoveryLoopsYaml } from "./lib/bench/generate";
import { loadScenario } from "./lib/scenario/load";
import { step, isRefusal } from "./lib/customer/step";
import { initialScoreState, scoreStateKey, scoreTurn, type ScoreState } from "./lib/scoring/score";
import { readFileSync } from "node:fs";
const file = process.argv[2];
const r = loadScenario(file ? readFileSync(file) : recoveryLoopsYaml(), "x.yaml");
if (!r.ok) throw new Error("load");
const sc = r.scenario;
const cpu = () => process.cpuUsage().user / 1000;
let t = cpu();
// 1. positions
type P = { node: string; mood: { anger: number; trust: number } };
const key = (p: P) => `${p.node}|${p.mood.anger}|${p.mood.trust}`;
const index = new Map<string, number>(); const pos: P[] = []; const succ: Int32Array[] = [];
const add = (p: P) => { const k = key(p); let i = index.get(k); if (i === undefined) { i = pos.length; index.set(k, i); pos.push(p); } return i; };
add({ node: sc.start, mood: sc.mood });
for (let i = 0; i < pos.length; i++) {
  const p = pos[i]!; const node = sc.nodes[p.node]!;
  const s = new Int32Array(node.choices.length);
  node.choices.forEach((c, j) => { const st = step(sc, p, c.id); if (isRefusal(st)) throw 0; s[j] = add({ node: st.node, mood: st.mood }); });
  succ.push(s);
}
console.log("positions", pos.length, "cpu ms", (cpu() - t).toFixed(0));
t = cpu();
// 2. Moore refinement
let cls = new Int32Array(pos.length);
{ const m = new Map<string, number>(); pos.forEach((p, i) => { const n = sc.nodes[p.node]!; const k = n.ending ? "end:" + n.ending.kind : p.node; let c = m.get(k); if (c === undefined) { c = m.size; m.set(k, c); } cls[i] = c; }); }
let count = -1; let rounds = 0;
for (;;) {
  rounds++;
  const m = new Map<string, number>(); const next = new Int32Array(pos.length);
  for (let i = 0; i < pos.length; i++) { let k = String(cls[i]); for (const s of succ[i]!) k += "," + cls[s]; let c = m.get(k); if (c === undefined) { c = m.size; m.set(k, c); } next[i] = c; }
  cls = next;
  if (m.size === count) break; count = m.size;
}
console.log("classes", count, "rounds", rounds, "cpu ms", (cpu() - t).toFixed(0));
t = cpu();
// 3. product BFS over (class, score)
const rep = new Int32Array(count).fill(-1); for (let i = 0; i < pos.length; i++) if (rep[cls[i]!] === -1) rep[cls[i]!] = i;
const seen = new Map<string, number>(); const q: [number, ScoreState][] = [[cls[0]!, initialScoreState()]];
seen.set(`${cls[0]}|${scoreStateKey(q[0]![1])}`, 0);
let edges = 0;
while (q.length && seen.size < 100_000) {
  const [c, s] = q.pop()!; const p = pos[rep[c]!]!; const node = sc.nodes[p.node]!;
  node.choices.forEach((ch, j) => { const to = succ[rep[c]!]![j]!; const ns = scoreTurn(sc, s, ch, false, pos[to]!.node).state; const nc = cls[to]!; const k = `${nc}|${scoreStateKey(ns)}`; edges++; if (!seen.has(k)) { seen.set(k, seen.size); q.push([nc, ns]); } });
}
console.log("product states", seen.size, "edges", edges, "cpu ms", (cpu() - t).toFixed(0));
t = cpu();
{
  const dkey = (s: ScoreState) => `${s.flags},${s.ackStreak},${s.covered},${s.stages},${s.critical},${s.stock},${s.calm}`;
  const seen2 = new Map<string, number>(); const q2: [number, ScoreState][] = [[cls[0]!, initialScoreState()]];
  const perClass = new Map<string, number>();
  seen2.set(`${cls[0]}|${dkey(q2[0]![1])}`, 0);
  while (q2.length) {
    const [c, s] = q2.pop()!; const p = pos[rep[c]!]!; const node = sc.nodes[p.node]!;
    node.choices.forEach((ch, j) => { const to = succ[rep[c]!]![j]!; const ns = scoreTurn(sc, s, ch, false, pos[to]!.node).state; const nc = cls[to]!; const k = `${nc}|${dkey(ns)}`; if (!seen2.has(k)) { seen2.set(k, seen2.size); q2.push([nc, ns]); perClass.set(dkey(ns), 1) } });
  }
  console.log("(class, D) pairs", seen2.size, "distinct D", perClass.size, "cpu ms", (cpu() - t).toFixed(0));
}
