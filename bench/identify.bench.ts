/**
 * Identification time on random ADMGs of 50–500 nodes (issue 5: "DoWhy's
 * default search takes hours at 50+: goal under a second at 500").
 *
 * Each graph: nodes in a random topological order, each node draws up to
 * `PARENTS` parents among earlier nodes, and 0.1·n or 0.5·n random confounded pairs.
 * The query is P(Y | do(X)) for X an ancestor of Y chosen at random; in the
 * last two runs X and Y are also confounded, so no back-door set exists. Median
 * and maximum over the graphs of the time to build the graph and identify;
 * the method each answer used is tallied.
 * Run: npm run bench identify
 */
import { buildCausalGraph, dSeparation, identifyEffect, type CausalStructure } from '../src/causal/identification';
import { mulberry32 } from '../src/util/mulberry32';

const SIZES = [50, 100, 200, 500];
const GRAPHS_PER_SIZE = 9;
let PARENTS = 3;

function randomAdmg(n: number, seed: number, confoundedShare: number): CausalStructure {
  const random = mulberry32(seed);
  const nodes = Array.from({ length: n }, (_, i) => `V${i}`);
  const edges: CausalStructure['edges'] = [];
  for (let v = 1; v < n; v += 1) {
    const k = Math.floor(random() * (PARENTS + 1));
    const parents = new Set<number>();
    for (let i = 0; i < k; i += 1) parents.add(Math.floor(random() * v));
    for (const p of parents) edges.push({ from: nodes[p], to: nodes[v] });
  }
  const confounded: CausalStructure['confounded'] = [];
  for (let i = 0; i < Math.round(n * confoundedShare); i += 1) {
    const a = Math.floor(random() * n);
    const b = Math.floor(random() * n);
    if (a !== b) confounded.push([nodes[a], nodes[b]]);
  }
  return { nodes, edges, confounded };
}

/** An (X, Y) pair with a directed path X → … → Y, Y deep in the order so the query is not trivial. */
function pickQuery(s: CausalStructure, seed: number, indirectOnly = false): [string, string] {
  const random = mulberry32(seed * 7919);
  const parents = new Map<string, string[]>(s.nodes.map((n) => [n, []]));
  for (const e of s.edges) parents.get(e.to)!.push(e.from);
  for (;;) {
    const y = s.nodes[s.nodes.length - 1 - Math.floor(random() * Math.max(1, s.nodes.length / 5))];
    const seen = new Set([y]);
    const todo = [y];
    while (todo.length) for (const p of parents.get(todo.pop()!)!) if (!seen.has(p)) seen.add(p), todo.push(p);
    seen.delete(y);
    if (indirectOnly) for (const p of parents.get(y)!) seen.delete(p);
    const ancestors = [...seen];
    if (ancestors.length > 0) return [ancestors[Math.floor(random() * ancestors.length)], y];
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function run(label: string, confoundedShare: number, confoundQuery = false): void {
  console.log(`\n${label}: ${GRAPHS_PER_SIZE} random graphs per size, ≤${PARENTS} parents per node, ${confoundedShare * 100}% · n confounded pairs`);
  console.log('nodes | edges + pairs (avg) | identify median ms | identify max ms | dsep median ms | methods');
  console.log('----- | ------------------- | ------------------ | --------------- | -------------- | -------');
  for (const n of SIZES) {
    const times: number[] = [];
    const dsepTimes: number[] = [];
    const methods = new Map<string, number>();
    let edges = 0;
    for (let g = 0; g < GRAPHS_PER_SIZE; g += 1) {
      const s = randomAdmg(n, 1000 * n + g, confoundedShare);
      edges += s.edges.length + s.confounded.length;
      const [x, y] = pickQuery(s, 1000 * n + g, confoundQuery);
      if (confoundQuery) s.confounded.push([x, y]);
      const started = performance.now();
      const graph = buildCausalGraph(s);
      const answer = identifyEffect(graph, [x], [y]);
      times.push(performance.now() - started);
      const key = answer.method ?? 'hedge';
      methods.set(key, (methods.get(key) ?? 0) + 1);
      const dsepStarted = performance.now();
      dSeparation(graph, [x], [y], s.nodes.filter((_, i) => i % 7 === 3 && s.nodes[i] !== x && s.nodes[i] !== y));
      dsepTimes.push(performance.now() - dsepStarted);
    }
    const tally = [...methods].map(([m, c]) => `${m} ${c}`).join(', ');
    console.log(
      `${String(n).padStart(5)} | ${String(Math.round(edges / GRAPHS_PER_SIZE)).padStart(19)} | ${median(times).toFixed(2).padStart(18)} | ${Math.max(...times).toFixed(2).padStart(15)} | ${median(dsepTimes).toFixed(3).padStart(14)} | ${tally}`,
    );
  }
}

// Warm the JIT once so the first size is not charged for compilation.
const warm = randomAdmg(50, 1, 0.1);
const [warmX, warmY] = pickQuery(warm, 1);
identifyEffect(buildCausalGraph(warm), [warmX], [warmY]);
run('Sparse confounding', 0.1);
run('Dense confounding', 0.5);
run('X ↔ Y confounded, X not a parent of Y (no back-door set: front-door, ID or a hedge)', 0.1, true);
run('X ↔ Y confounded, dense confounding', 0.5, true);

/** A wider sweep at 500 nodes: 1–5 parents, 0.2·n to 4·n confounded pairs, half the queries with X ↔ Y. */
function sweep(): void {
  const times: number[] = [];
  const methods = new Map<string, number>();
  for (const share of [0.2, 0.5, 1, 2, 4]) {
    for (const parents of [1, 2, 3, 5]) {
      PARENTS = parents;
      for (let g = 0; g < 6; g += 1) {
        const s = randomAdmg(500, 77 * g + 13 * parents + Math.round(100 * share), share);
        const [x, y] = pickQuery(s, g + 1, g % 2 === 0);
        if (g % 2 === 0) s.confounded.push([x, y]);
        const started = performance.now();
        const answer = identifyEffect(buildCausalGraph(s), [x], [y]);
        times.push(performance.now() - started);
        const key = answer.method ?? 'hedge';
        methods.set(key, (methods.get(key) ?? 0) + 1);
      }
    }
  }
  PARENTS = 3;
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`\nSweep at 500 nodes: ${times.length} graphs (1–5 parents per node, 0.2·n–4·n confounded pairs, half with X ↔ Y)`);
  console.log(`median ${median(times).toFixed(2)} ms, 95th percentile ${sorted[Math.floor(0.95 * sorted.length)].toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms; ${[...methods].map(([m, c]) => `${m} ${c}`).join(', ')}`);
}
sweep();
