import type { CausalGraph } from './CausalGraph';
import { dConnectedNodes } from './dSeparation';
import { prob, product, type Expr } from './expression';
import { ancestorsIn, descendantsIn, intersection, sortByRank, viewOf } from './GraphView';

/**
 * A set M satisfying Pearl's front-door criterion (Causality, 2009, Def. 3.3.3)
 * for single X and Y, or null:
 *   (i)   M intercepts every directed path from X to Y;
 *   (ii)  no back-door path from X to M is open: X ⟂ M in G_{\underline X};
 *   (iii) X blocks every back-door path from M to Y: M ⟂ Y | X in G_{\underline M}.
 *
 * (ii) holds for a set iff it holds for each member, so one search gives the
 * candidates. (iii) only gets harder as M shrinks (G_{\underline M} regains
 * edges), so removing every violator until none is left yields the largest set
 * satisfying (ii) and (iii) among the candidates; if it fails (i), every
 * smaller set does too. The answer is then shrunk greedily, one member at a
 * time, for a short formula.
 * Polynomial: O(n · (n + m)). (Jeong, Tian & Bareinboim 2022 give a
 * linear-delay enumeration of all such sets; one suffices here.)
 */
export function findFrontdoorSet(graph: CausalGraph, x: number, y: number): Set<number> | null {
  // Without a directed path X → Y any set passes (i) vacuously; the ID algorithm
  // then gives the plain answer P(y) instead of a formula over arbitrary nodes.
  const fromX = descendantsIn(viewOf(graph), [x]);
  if (!fromX.has(y)) return null;
  const openFromX = dConnectedNodes(viewOf(graph, { cutOutgoing: new Set([x]) }), [x], []);
  const candidates = graph.order.filter((v) => v !== x && v !== y && !openFromX.has(v));
  // Nodes on directed paths X → … → Y are the ones (i) needs; trying them alone
  // first keeps the search small on large graphs. All candidates are the
  // fallback, which keeps the search complete.
  const onCausalPaths = intersection(fromX, ancestorsIn(viewOf(graph), [y]));
  const focused = candidates.filter((v) => onCausalPaths.has(v));
  return frontdoorSetAmong(graph, x, y, focused) ?? (focused.length < candidates.length ? frontdoorSetAmong(graph, x, y, candidates, onCausalPaths) : null);
}

/** The largest set among `candidates` meeting (ii) and (iii), if it meets (i); then shrunk, trying to keep only `preferred` first. */
function frontdoorSetAmong(graph: CausalGraph, x: number, y: number, candidates: number[], preferred?: Set<number>): Set<number> | null {
  let m = new Set(candidates);
  if (!intercepts(graph, m, x, y)) return null; // subsets intercept less: no need to look further
  for (let violators = violatorsOfIii(graph, m, x, y); violators.size > 0; violators = violatorsOfIii(graph, m, x, y)) {
    m = new Set([...m].filter((v) => !violators.has(v)));
  }
  if (m.size === 0 || !intercepts(graph, m, x, y)) return null;
  const kept = preferred && new Set([...m].filter((v) => preferred.has(v)));
  if (kept && kept.size > 0 && isFrontdoorSet(graph, kept, x, y)) m = kept;
  for (const v of sortByRank(graph, m).reverse()) {
    const smaller = new Set([...m].filter((u) => u !== v));
    if (smaller.size > 0 && isFrontdoorSet(graph, smaller, x, y)) m = smaller;
  }
  return m;
}

/** (i) and (iii); (ii) holds for every subset of the candidates. */
function isFrontdoorSet(graph: CausalGraph, m: Set<number>, x: number, y: number): boolean {
  return intercepts(graph, m, x, y) && violatorsOfIii(graph, m, x, y).size === 0;
}

/** Members of M with an open path to Y given X in G_{\underline M}. */
function violatorsOfIii(graph: CausalGraph, m: Set<number>, x: number, y: number): Set<number> {
  const open = dConnectedNodes(viewOf(graph, { cutOutgoing: m }), [y], [x]);
  return new Set([...m].filter((v) => open.has(v)));
}

function intercepts(graph: CausalGraph, m: Set<number>, x: number, y: number): boolean {
  return !descendantsIn(viewOf(graph, { cutOutgoing: m }), [x]).has(y);
}

/** P(y | do(x)) = Σ_m P(m | x) Σ_{x'} P(y | x', m) P(x') (Pearl 2009, Thm 3.3.4). */
export function frontdoorEstimand(x: number, y: number, m: ReadonlySet<number>): Expr {
  const mediators = [...m].sort((a, b) => a - b);
  const inner: Expr = { kind: 'sum', over: [x], body: product([prob([y], [x, ...mediators]), prob([x])]) };
  return { kind: 'sum', over: mediators, body: product([prob(mediators, [x]), inner]) };
}
