import type { VerifyOutcome } from '../VerifyOutcome';
import {
  ancestors,
  descendants,
  dSeparatedByMoralisation,
  isRecord,
  parseGraph,
  withoutEdgesInto,
  withoutEdgesOutOf,
  type CheckedGraph,
} from './graph';
import { writeEstimand } from './notation';
import { checkEstimandNumerically } from './numeric';

/**
 * Re-checks the JSON printed by `causeway causal identify` without the
 * engine's code (this folder imports nothing from src/causal):
 *  - back-door: the set satisfies Pearl's criterion (no descendant of X; X ⟂ Y
 *    | Z in G_{\underline X}, tested by moralisation) and is minimal — it lies
 *    in An(X ∪ Y) and removing any one member breaks it, which then implies
 *    no proper subset works (Tian, Paz & Pearl 1998);
 *  - front-door: the three conditions of Pearl's criterion;
 *  - every estimand: it matches the method's formula and, where the relevant
 *    part of the graph is small enough to enumerate, equals P(y | do(x)) on
 *    random parameterisations;
 *  - a hedge: two R-rooted C-forests F' ⊂ F of the graph with F ∩ X ≠ ∅,
 *    F' ∩ X = ∅ and R ⊆ An(Y) in G_{\overline X} (Shpitser & Pearl 2006).
 * The printed formula must be the checked tree written in the documented notation.
 */
export function verifyIdentificationCertificate(doc: unknown): VerifyOutcome {
  const fail = (step: string, reason: string): VerifyOutcome => ({ valid: false, step, reason });
  if (!isRecord(doc) || !isRecord(doc.certificate)) return fail('shape', 'expected the JSON printed by `causal identify`, with a "certificate" object');
  const cert = doc.certificate;
  if (cert.kind !== 'identification') return fail('shape', 'certificate.kind is not "identification"');
  const g = parseGraph(cert.graph);
  if (typeof g === 'string') return fail('graph', g);
  const query = isRecord(cert.query) ? cert.query : {};
  const x = variables(g, query.treatment);
  const y = variables(g, query.outcome);
  if (!x || !y || x.length === 0 || y.length === 0) return fail('query', 'treatment and outcome must name variables of the graph');
  for (const key of ['identifiable', 'method', 'estimand'] as const) {
    if (JSON.stringify(doc[key]) !== JSON.stringify(cert[key])) return fail('answer', `"${key}" of the answer differs from the certificate's`);
  }
  if (doc.identifiable === false) {
    if (doc.method !== null || doc.estimand !== null) return fail('answer', 'a non-identifiable answer has method and estimand null');
    if (JSON.stringify(doc.hedge) !== JSON.stringify(cert.hedge)) return fail('answer', 'the hedge differs from the certificate\'s');
    const reason = checkHedge(g, new Set(x), new Set(y), cert.hedge);
    return reason ? fail('hedge', reason) : { valid: true, checked: 'hedge: two R-rooted C-forests F\' ⊂ F with F ∩ X ≠ ∅ = F\' ∩ X' };
  }
  if (doc.identifiable !== true) return fail('answer', '"identifiable" must be true or false');
  const tree = cert.estimandTree;
  if (typeof doc.estimand !== 'string' || writeEstimand(tree, g.names) !== doc.estimand) {
    return fail('estimand', 'the printed estimand is not the certificate\'s estimand tree');
  }
  let checked: string;
  if (doc.method === 'backdoor') {
    if (JSON.stringify(doc.adjustmentSet) !== JSON.stringify(cert.adjustmentSet)) return fail('answer', 'adjustmentSet differs from the certificate\'s');
    const z = variables(g, cert.adjustmentSet);
    if (!z) return fail('backdoor', 'adjustmentSet names unknown variables');
    const reason = checkBackdoor(g, new Set(x), new Set(y), new Set(z)) ?? checkBackdoorFormula(tree, x, y, z, g);
    if (reason) return fail('backdoor', reason);
    checked = `back-door criterion and minimality of {${cert.adjustmentSet}}`;
  } else if (doc.method === 'frontdoor') {
    const m = variables(g, cert.frontdoorSet);
    if (!m || m.length === 0 || x.length !== 1 || y.length !== 1) return fail('frontdoor', 'frontdoorSet must name variables, for one treatment and one outcome');
    const reason = checkFrontdoor(g, x[0], y[0], new Set(m)) ?? checkFrontdoorFormula(tree, x[0], y[0], m, g);
    if (reason) return fail('frontdoor', reason);
    checked = `front-door criterion for {${cert.frontdoorSet}}`;
  } else if (doc.method === 'id') {
    checked = 'ID estimand';
  } else {
    return fail('answer', `unknown method ${JSON.stringify(doc.method)}`);
  }
  const numeric = checkEstimandNumerically(g, x, y, tree);
  if (numeric === 'too-large') {
    if (doc.method === 'id') return { valid: true, checked: `${checked}: well-formed; numeric check skipped (relevant part too large to enumerate)` };
    return { valid: true, checked };
  }
  if (numeric !== null) return fail('estimand', numeric);
  return { valid: true, checked: `${checked}; estimand equals P(y|do(x)) on random parameterisations` };
}

function variables(g: CheckedGraph, list: unknown): number[] | null {
  if (!Array.isArray(list)) return null;
  const ids = list.map((n) => g.index.get(String(n)));
  return ids.every((v) => v !== undefined) && new Set(ids).size === ids.length ? (ids as number[]) : null;
}

function checkBackdoor(g: CheckedGraph, x: Set<number>, y: Set<number>, z: Set<number>): string | null {
  const holds = (set: Set<number>) => dSeparatedByMoralisation(withoutEdgesOutOf(g, x), x, y, set);
  const forbidden = descendants(g, x);
  for (const v of z) {
    if (forbidden.has(v)) return `${g.names[v]} is X itself or a descendant of X`;
    if (y.has(v)) return `${g.names[v]} is an outcome`;
  }
  if (!holds(z)) return 'the set leaves a back-door path open';
  // Inside An(X ∪ Y) every subset of Z is tested in one moral graph, where
  // separation is monotone: if no single member can go, no subset can.
  const relevant = ancestors(withoutEdgesOutOf(g, x), [...x, ...y]);
  for (const v of z) if (!relevant.has(v)) return `not minimal: ${g.names[v]} is not an ancestor of X or Y`;
  for (const v of z) {
    const smaller = new Set([...z].filter((u) => u !== v));
    if (holds(smaller)) return `not minimal: still a back-door set without ${g.names[v]}`;
  }
  return null;
}

function checkFrontdoor(g: CheckedGraph, x: number, y: number, m: Set<number>): string | null {
  if (m.has(x) || m.has(y)) return 'the front-door set contains the treatment or the outcome';
  const cut = withoutEdgesOutOf(g, m);
  if (descendants(cut, [x]).has(y)) return '(i) a directed path from X to Y avoids the set';
  if (!dSeparatedByMoralisation(withoutEdgesOutOf(g, new Set([x])), new Set([x]), m, new Set())) return '(ii) a back-door path from X to the set is open';
  if (!dSeparatedByMoralisation(cut, m, new Set([y]), new Set([x]))) return '(iii) a back-door path from the set to Y is not blocked by X';
  return null;
}

const sameSet = (a: unknown, b: number[], g: CheckedGraph) => {
  const ids = variables(g, a);
  return ids !== null && ids.length === b.length && b.every((v) => ids.includes(v));
};
const isProb = (t: unknown, head: number[], given: number[], g: CheckedGraph) =>
  isRecord(t) && t.kind === 'prob' && sameSet(t.head, head, g) && sameSet(t.given, given, g);

/** Σ_z P(y | x, z) P(z), or P(y | x) when Z = ∅. */
function checkBackdoorFormula(tree: unknown, x: number[], y: number[], z: number[], g: CheckedGraph): string | null {
  if (z.length === 0) return isProb(tree, y, x, g) ? null : 'the estimand is not P(y|x)';
  const ok =
    isRecord(tree) && tree.kind === 'sum' && sameSet(tree.over, z, g) && isRecord(tree.body) && tree.body.kind === 'product' &&
    Array.isArray(tree.body.factors) && tree.body.factors.length === 2 &&
    isProb(tree.body.factors[0], y, [...x, ...z], g) && isProb(tree.body.factors[1], z, [], g);
  return ok ? null : 'the estimand is not the adjustment formula Σ_z P(y|x,z) P(z)';
}

/** Σ_m P(m | x) Σ_{x'} P(y | x', m) P(x'). */
function checkFrontdoorFormula(tree: unknown, x: number, y: number, m: number[], g: CheckedGraph): string | null {
  const inner = (t: unknown) =>
    isRecord(t) && t.kind === 'sum' && sameSet(t.over, [x], g) && isRecord(t.body) && t.body.kind === 'product' &&
    Array.isArray(t.body.factors) && t.body.factors.length === 2 &&
    isProb(t.body.factors[0], [y], [x, ...m], g) && isProb(t.body.factors[1], [x], [], g);
  const ok =
    isRecord(tree) && tree.kind === 'sum' && sameSet(tree.over, m, g) && isRecord(tree.body) && tree.body.kind === 'product' &&
    Array.isArray(tree.body.factors) && tree.body.factors.length === 2 &&
    isProb(tree.body.factors[0], m, [x], g) && inner(tree.body.factors[1]);
  return ok ? null : 'the estimand is not the front-door formula';
}

/**
 * A hedge for P_x(y) (Shpitser & Pearl 2006, Def. 6): F' ⊂ F, both R-rooted
 * C-forests — their nodes one C-component, each node with at most one child in
 * the forest, R exactly the childless nodes — with F ∩ X ≠ ∅, F' ∩ X = ∅ and
 * R ⊆ An(Y) in G_{\overline X}.
 */
function checkHedge(g: CheckedGraph, x: Set<number>, y: Set<number>, hedge: unknown): string | null {
  if (!isRecord(hedge) || !isRecord(hedge.F) || !isRecord(hedge.Fprime)) return 'hedge needs roots, F and Fprime';
  const roots = variables(g, hedge.roots);
  if (!roots || roots.length === 0) return 'hedge roots must name variables';
  const f = forestOf(g, hedge.F, new Set(roots));
  if (typeof f === 'string') return `F: ${f}`;
  const fp = forestOf(g, hedge.Fprime, new Set(roots));
  if (typeof fp === 'string') return `F': ${fp}`;
  if (fp.nodes.size >= f.nodes.size || [...fp.nodes].some((v) => !f.nodes.has(v))) return "F' is not a proper part of F";
  if ([...fp.edges].some((e) => !f.edges.has(e))) return "an edge of F' is not in F";
  if ([...fp.confounded].some((e) => !f.confounded.has(e))) return "a confounded pair of F' is not in F";
  if (![...f.nodes].some((v) => x.has(v))) return 'F contains no treatment variable';
  if ([...fp.nodes].some((v) => x.has(v))) return "F' contains a treatment variable";
  const reach = ancestors(withoutEdgesInto(g, x), y);
  if (roots.some((r) => !reach.has(r))) return 'a root is not an ancestor of Y once edges into X are cut';
  return null;
}

function forestOf(g: CheckedGraph, value: Record<string, unknown>, roots: Set<number>): { nodes: Set<number>; edges: Set<string>; confounded: Set<string> } | string {
  const nodes = variables(g, value.nodes);
  if (!nodes || !Array.isArray(value.edges) || !Array.isArray(value.confounded)) return 'needs nodes, edges and confounded';
  const inForest = new Set(nodes);
  for (const r of roots) if (!inForest.has(r)) return `root ${g.names[r]} is not in the forest`;
  const childCount = new Map<number, number>();
  const edges = new Set<string>();
  for (const edge of value.edges) {
    const ends = variables(g, edge);
    if (!ends || ends.length !== 2 || !inForest.has(ends[0]) || !inForest.has(ends[1])) return `bad edge ${JSON.stringify(edge)}`;
    if (!g.parents[ends[1]].includes(ends[0])) return `${JSON.stringify(edge)} is not an edge of the graph`;
    childCount.set(ends[0], (childCount.get(ends[0]) ?? 0) + 1);
    edges.add(`${ends[0]}>${ends[1]}`);
  }
  for (const v of nodes) {
    const children = childCount.get(v) ?? 0;
    if (children > 1) return `${g.names[v]} has more than one child`;
    if ((children === 0) !== roots.has(v)) return `${g.names[v]} ${children === 0 ? 'has no child but is not a root' : 'is a root but has a child'}`;
  }
  const linked = new Map<number, number[]>(nodes.map((v) => [v, []]));
  const confounded = new Set<string>();
  for (const pair of value.confounded) {
    const ends = variables(g, pair);
    if (!ends || ends.length !== 2 || !inForest.has(ends[0]) || !inForest.has(ends[1])) return `bad confounded pair ${JSON.stringify(pair)}`;
    if (!g.pairs.some(([a, b]) => (a === ends[0] && b === ends[1]) || (a === ends[1] && b === ends[0]))) return `${JSON.stringify(pair)} is not confounded in the graph`;
    confounded.add(`${Math.min(ends[0], ends[1])}<>${Math.max(ends[0], ends[1])}`);
    linked.get(ends[0])!.push(ends[1]);
    linked.get(ends[1])!.push(ends[0]);
  }
  const seen = new Set([nodes[0]]);
  const todo = [nodes[0]];
  while (todo.length) for (const w of linked.get(todo.pop()!)!) if (!seen.has(w)) seen.add(w), todo.push(w);
  if (seen.size !== nodes.length) return 'its nodes are not one C-component';
  return { nodes: inForest, edges, confounded };
}
