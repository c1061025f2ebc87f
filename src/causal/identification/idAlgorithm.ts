import type { CausalGraph } from './CausalGraph';
import { marginalize, prob, product, quotient, type Expr } from './expression';
import { ancestorsIn, cComponents, difference, intersection, parentsIn, sortByRank, spousesIn, viewOf, type GraphView } from './GraphView';

/** Two R-rooted C-forests F' ⊂ F with F ∩ X ≠ ∅ = F' ∩ X: P_x(y) is not identifiable (Shpitser & Pearl 2006, Thm 4). */
export interface Hedge {
  roots: number[];
  forest: Forest;
  subforest: Forest;
}

export interface Forest {
  nodes: number[];
  /** [parent, child]: each node has at most one child, and every path ends in a root. */
  edges: Array<[number, number]>;
  /** The bidirected edges among the nodes; they join them into one C-component. */
  confounded: Array<[number, number]>;
}

/** One call of ID, for the certificate: which line decided it. */
export interface IdStep {
  line: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  y: number[];
  x: number[];
  nodes: number[];
}

export type IdResult = { identifiable: true; estimand: Expr; steps: IdStep[] } | { identifiable: false; hedge: Hedge; steps: IdStep[] };

/**
 * The current distribution of a recursive call: the observational P(V) of the
 * model marginalised to an ancestral set `over`, or a formula over `over`
 * (after line 7) whose other variables are fixed context.
 */
type Distribution = { kind: 'observational'; over: Set<number> } | { kind: 'formula'; over: Set<number>; expr: Expr };

class HedgeFound {
  constructor(readonly hedge: Hedge) {}
}

/**
 * The ID algorithm of Shpitser & Pearl (2006), "Identification of Joint
 * Interventional Distributions in Recursive Semi-Markovian Causal Models",
 * Fig. 3: sound and complete for P_x(y) in ADMGs. It returns the estimand as
 * an expression over the observational distribution, or the hedge that line 5
 * exhibits. π is the graph's topological order throughout.
 */
export function identifyById(graph: CausalGraph, x: ReadonlySet<number>, y: ReadonlySet<number>): IdResult {
  const steps: IdStep[] = [];
  const all = new Set(graph.order);
  try {
    const estimand = id(graph, new Set(y), new Set(x), { kind: 'observational', over: all }, all, steps);
    return { identifiable: true, estimand, steps };
  } catch (error) {
    if (error instanceof HedgeFound) return { identifiable: false, hedge: error.hedge, steps };
    throw error;
  }
}

function id(graph: CausalGraph, y: Set<number>, x: Set<number>, p: Distribution, v: Set<number>, steps: IdStep[]): Expr {
  const view = viewOf(graph, { within: v });
  const record = (line: IdStep['line']) =>
    steps.push({ line, y: sortByRank(graph, y), x: sortByRank(graph, x), nodes: sortByRank(graph, v) });

  // Line 1: no intervention left — marginalise.
  if (x.size === 0) {
    record(1);
    return marginalOf(graph, p, difference(v, y));
  }
  // Line 2: only ancestors of Y matter.
  const ancestors = ancestorsIn(view, y);
  if (ancestors.size < v.size) {
    record(2);
    return id(graph, y, intersection(x, ancestors), restrict(p, ancestors), ancestors, steps);
  }
  // Line 3: intervene also on W, the nodes that reach Y only through X.
  const reachY = ancestorsIn(viewOf(graph, { within: v, cutIncoming: x }), y);
  const w = difference(difference(v, x), reachY);
  if (w.size > 0) {
    record(3);
    return id(graph, y, new Set([...x, ...w]), p, v, steps);
  }
  // Line 4: factorise over the C-components of G[V \ X].
  const components = cComponents(view, difference(v, x));
  if (components.length > 1) {
    record(4);
    const factors = components.map((s) => id(graph, new Set(s), difference(v, new Set(s)), p, v, steps));
    return marginalize(product(factors), difference(v, new Set([...y, ...x])));
  }
  const s = components[0];
  const whole = cComponents(view, v);
  // Line 5: G is a single C-component containing S — a hedge.
  if (whole.length === 1) {
    record(5);
    throw new HedgeFound(hedgeOf(view, y, v, new Set(s)));
  }
  const sSet = new Set(s);
  const containing = whole.find((c) => c.includes(s[0]))!;
  // Line 6: S is itself a C-component of G: its factor is identified.
  if (containing.length === s.length) {
    record(6);
    const factors = s.map((vi) => conditional(graph, p, v, vi));
    return marginalize(product(factors), difference(sSet, y));
  }
  // Line 7: S sits inside a larger C-component S' of G: recurse into G[S'].
  record(7);
  const sPrime = new Set(containing);
  const factors = containing.map((vi) => conditional(graph, p, v, vi));
  return id(graph, y, intersection(x, sPrime), { kind: 'formula', over: sPrime, expr: product(factors) }, sPrime, steps);
}

function marginalOf(graph: CausalGraph, p: Distribution, summed: Set<number>): Expr {
  if (p.kind === 'formula') return marginalize(p.expr, summed);
  return prob(sortByRank(graph, difference(p.over, summed)));
}

function restrict(p: Distribution, to: Set<number>): Distribution {
  if (p.kind === 'observational') return { kind: 'observational', over: to };
  return { kind: 'formula', over: to, expr: marginalize(p.expr, difference(p.over, to)) };
}

/**
 * P(v_i | v_π^{(i-1)}) of the current distribution, predecessors taken in V.
 * For the observational distribution over an ancestral set, Tian & Pearl
 * (2002, Lemma 1) shrink the conditioning set to the C-component T_i of v_i in
 * G[V ∩ {v_1..v_i}] and its parents: P(v_i | (T_i ∪ Pa(T_i)) \ {v_i}).
 * For a formula it is the quotient of two of its marginals.
 */
function conditional(graph: CausalGraph, p: Distribution, v: Set<number>, vi: number): Expr {
  const predecessors = new Set([...v].filter((u) => graph.rank[u] < graph.rank[vi]));
  if (p.kind === 'observational') {
    const prefix = viewOf(graph, { within: new Set([...predecessors, vi]) });
    const district = bidirectedComponentOf(prefix, vi);
    const blanket = new Set<number>();
    for (const t of district) {
      blanket.add(t);
      for (const parent of parentsIn(prefix, t)) blanket.add(parent);
    }
    blanket.delete(vi);
    return prob([vi], sortByRank(graph, blanket));
  }
  const numerator = marginalize(p.expr, difference(p.over, new Set([...predecessors, vi])));
  const denominator = marginalize(p.expr, difference(p.over, predecessors));
  return quotient(numerator, denominator, [vi]);
}

function bidirectedComponentOf(view: GraphView, start: number): number[] {
  const seen = new Set([start]);
  const component = [start];
  for (let i = 0; i < component.length; i += 1) {
    for (const s of spousesIn(view, component[i])) {
      if (!seen.has(s)) {
        seen.add(s);
        component.push(s);
      }
    }
  }
  return component;
}

/**
 * The hedge line 5 exhibits: F = G[V] and F' = G[S], both single C-components
 * in which every node is an ancestor of the current Y (lines 2 and 3 made it
 * so). Spanning forests are cut out of them by breadth-first search backwards
 * from the roots: first F' inside S, then F extends F' to the rest of V.
 */
function hedgeOf(view: GraphView, y: Set<number>, v: Set<number>, s: Set<number>): Hedge {
  const graph = view.graph;
  const roots = sortByRank(graph, y);
  const subEdges = forestEdges(viewOf(graph, { within: s }), roots, s);
  const extraEdges = forestEdges(view, [...s], difference(v, s));
  const confoundedAmong = (nodes: Set<number>) => {
    const pairs: Array<[number, number]> = [];
    for (const a of nodes) for (const b of spousesIn(view, a)) if (a < b && nodes.has(b)) pairs.push([a, b]);
    return pairs;
  };
  return {
    roots,
    forest: { nodes: sortByRank(graph, v), edges: [...subEdges, ...extraEdges], confounded: confoundedAmong(v) },
    subforest: { nodes: sortByRank(graph, s), edges: subEdges, confounded: confoundedAmong(s) },
  };
}

/** For each node of `toAttach`, one edge to a child one step closer to `attachedTo`. */
function forestEdges(view: GraphView, attachedTo: number[], toAttach: Set<number>): Array<[number, number]> {
  const edges: Array<[number, number]> = [];
  const done = new Set(attachedTo);
  const queue = [...attachedTo];
  for (let head = 0; head < queue.length; head += 1) {
    const child = queue[head];
    for (const parent of parentsIn(view, child)) {
      if (done.has(parent) || !toAttach.has(parent)) continue;
      done.add(parent);
      edges.push([parent, child]);
      queue.push(parent);
    }
  }
  return edges;
}
