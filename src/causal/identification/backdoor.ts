import type { CausalGraph } from './CausalGraph';
import { prob, product, type Expr } from './expression';
import { descendantsIn, viewOf } from './GraphView';
import { findMinimalSeparator } from './minimalSeparator';

/**
 * A minimal set Z satisfying Pearl's back-door criterion (Causality, 2009,
 * Def. 3.3.1) for (X, Y), or null when none exists:
 *   (i)  no member of Z is a descendant of X;
 *   (ii) Z blocks every path between X and Y that starts with an arrow into X,
 *        i.e. X ⟂ Y | Z in G_{\underline X} (the graph without X's out-edges).
 * Z is searched among the non-descendants of X by FindMinSep in G_{\underline X},
 * so it is minimal: no proper subset satisfies the criterion.
 */
export function findMinimalBackdoorSet(graph: CausalGraph, x: ReadonlySet<number>, y: ReadonlySet<number>): Set<number> | null {
  const forbidden = descendantsIn(viewOf(graph), x);
  const allowed = new Set(graph.order.filter((v) => !forbidden.has(v) && !y.has(v)));
  return findMinimalSeparator(viewOf(graph, { cutOutgoing: x }), x, y, allowed);
}

/** The adjustment formula P(y | do(x)) = Σ_z P(y | x, z) P(z) (Pearl 2009, Thm 3.3.2). */
export function backdoorEstimand(x: ReadonlySet<number>, y: ReadonlySet<number>, z: ReadonlySet<number>): Expr {
  if (z.size === 0) return prob(y, x);
  return { kind: 'sum', over: [...z].sort((a, b) => a - b), body: product([prob(y, [...x, ...z]), prob(z)]) };
}
