import { recoveryLoopsYaml } from "./lib/bench/generate";
import { loadScenario } from "./lib/scenario/load";
import { step, isRefusal } from "./lib/customer/step";
const r = loadScenario(recoveryLoopsYaml(), "x.yaml");
if (!r.ok) throw new Error("load");
const sc = r.scenario;
const cpu = () => process.cpuUsage().user / 1000;
for (let rep = 0; rep < 3; rep++) {
let t = cpu(); let w = Date.now();
type P = { node: string; mood: { anger: number; trust: number } };
const key = (p: P) => `${p.node}|${p.mood.anger}|${p.mood.trust}`;
const index = new Map<string, number>(); const pos: P[] = []; const succ: number[] = [];
const add = (p: P) => { const k = key(p); let i = index.get(k); if (i === undefined) { i = pos.length; index.set(k, i); pos.push(p); } return i; };
add({ node: sc.start, mood: sc.mood });
for (let i = 0; i < pos.length; i++) {
  const p = pos[i]!; const node = sc.nodes[p.node]!;
  for (const c of node.choices) { const st = step(sc, p, c.id); if (isRefusal(st)) throw 0; succ.push(add({ node: st.node, mood: st.mood })); }
}
console.log("string keys: positions", pos.length, "cpu ms", (cpu() - t).toFixed(0), "wall", Date.now() - w);
t = cpu(); w = Date.now();
// packed
const nodeIdx = new Map(sc.nodeIds.map((id, i) => [id, i]));
const seen = new Map<number, number>(); const list: number[] = []; let e = 0;
const pk = (n: number, a: number, tr: number) => (n * 101 + a) * 101 + tr;
const add2 = (k: number) => { let i = seen.get(k); if (i === undefined) { i = list.length; seen.set(k, i); list.push(k); } return i; };
add2(pk(nodeIdx.get(sc.start)!, sc.mood.anger, sc.mood.trust));
for (let i = 0; i < list.length; i++) {
  const k = list[i]!; const tr = k % 101; const a = ((k - tr) / 101) % 101; const n = Math.floor(k / 10201);
  const node = sc.nodes[sc.nodeIds[n]!]!; const mood = { anger: a, trust: tr };
  for (const c of node.choices) { const st = step(sc, { node: node.id, mood }, c.id); if (isRefusal(st)) throw 0; add2(pk(nodeIdx.get(st.node)!, st.mood.anger, st.mood.trust)); e++; }
}
console.log("packed: positions", list.length, "cpu ms", (cpu() - t).toFixed(0), "wall", Date.now() - w);
}
