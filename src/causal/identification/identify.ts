import type { CausalGraph } from './CausalGraph';
import { backdoorEstimand, findMinimalBackdoorSet } from './backdoor';
import { cancelQuotients, type Expr } from './expression';
import { findFrontdoorSet, frontdoorEstimand } from './frontdoor';
import { sortByRank } from './GraphView';
import { identifyById, type Forest, type Hedge, type IdStep } from './idAlgorithm';
import { requireNonEmpty, resolveVariables } from './query';
import { renderExpression, valueNames } from './renderExpression';

/** An estimand as JSON with variable names, for certificates and checkers. */
export type NamedExpr =
  | { kind: 'prob'; head: string[]; given: string[] }
  | { kind: 'product'; factors: NamedExpr[] }
  | { kind: 'sum'; over: string[]; body: NamedExpr }
  | { kind: 'quotient'; numerator: NamedExpr; denominator: NamedExpr };

export interface NamedForest {
  nodes: string[];
  edges: Array<[string, string]>;
  confounded: Array<[string, string]>;
}

export interface NamedHedge {
  roots: string[];
  F: NamedForest;
  Fprime: NamedForest;
}

export type IdentificationMethod = 'backdoor' | 'frontdoor' | 'id';

export type Identification =
  | {
      identifiable: true;
      method: IdentificationMethod;
      /** The minimal back-door set (method "backdoor"). */
      adjustmentSet?: string[];
      /** The front-door mediators (method "frontdoor"). */
      frontdoorSet?: string[];
      estimand: string;
      expression: NamedExpr;
      derivation?: Array<{ line: IdStep['line']; y: string[]; x: string[] }>;
    }
  | { identifiable: false; method: null; estimand: null; hedge: NamedHedge; derivation: Array<{ line: IdStep['line']; y: string[]; x: string[] }> };

/**
 * Identifies P(Y | do(X)) from the observational distribution, trying the
 * criteria whose formulas read best first:
 *  1. back-door with a minimal adjustment set;
 *  2. front-door (single treatment and outcome);
 *  3. the ID algorithm, complete: it either identifies or returns a hedge.
 */
export function identifyEffect(graph: CausalGraph, treatment: readonly string[], outcome: readonly string[]): Identification {
  const { treatment: x, outcome: y } = resolveVariables(graph, { treatment, outcome });
  requireNonEmpty(x, 'treatment');
  requireNonEmpty(y, 'outcome');
  const names = (set: Iterable<number>) => sortByRank(graph, set).map((v) => graph.names[v]);
  const display = valueNames(graph.names);
  const finish = (expr: Expr) => ({ estimand: renderExpression(expr, display), expression: nameExpr(expr, graph.names) });

  const adjustment = findMinimalBackdoorSet(graph, x, y);
  if (adjustment !== null) {
    return { identifiable: true, method: 'backdoor', adjustmentSet: names(adjustment), ...finish(backdoorEstimand(x, y, adjustment)) };
  }
  if (x.size === 1 && y.size === 1) {
    const [xi] = x;
    const [yi] = y;
    const mediators = findFrontdoorSet(graph, xi, yi);
    if (mediators !== null) {
      return { identifiable: true, method: 'frontdoor', frontdoorSet: names(mediators), ...finish(frontdoorEstimand(xi, yi, mediators)) };
    }
  }
  const result = identifyById(graph, x, y);
  const derivation = result.steps.map((s) => ({ line: s.line, y: names(s.y), x: names(s.x) }));
  if (result.identifiable) return { identifiable: true, method: 'id', ...finish(cancelQuotients(result.estimand)), derivation };
  return { identifiable: false, method: null, estimand: null, hedge: nameHedge(result.hedge, graph), derivation };
}

function nameExpr(expr: Expr, names: readonly string[]): NamedExpr {
  const n = (vars: number[]) => vars.map((v) => names[v]);
  switch (expr.kind) {
    case 'prob':
      return { kind: 'prob', head: n(expr.head), given: n(expr.given) };
    case 'product':
      return { kind: 'product', factors: expr.factors.map((f) => nameExpr(f, names)) };
    case 'sum':
      return { kind: 'sum', over: n(expr.over), body: nameExpr(expr.body, names) };
    case 'quotient':
      return { kind: 'quotient', numerator: nameExpr(expr.numerator, names), denominator: nameExpr(expr.denominator, names) };
  }
}

function nameHedge(hedge: Hedge, graph: CausalGraph): NamedHedge {
  const forest = (f: Forest): NamedForest => ({
    nodes: f.nodes.map((v) => graph.names[v]),
    edges: f.edges.map(([a, b]) => [graph.names[a], graph.names[b]]),
    confounded: f.confounded.map(([a, b]) => [graph.names[a], graph.names[b]]),
  });
  return { roots: hedge.roots.map((v) => graph.names[v]), F: forest(hedge.forest), Fprime: forest(hedge.subforest) };
}
