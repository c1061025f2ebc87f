import { diagnostic, type Diagnostic } from '../Diagnostic';
import { predicateKey, type Rule } from '../syntax/ast';
import { dependencyEdges, pathWithin, stronglyConnectedComponents } from './dependencies';

export interface Stratum {
  /** Predicates (`name/arity`) defined together: one strongly connected component. */
  predicates: string[];
  rules: Rule[];
  /** Whether some rule reads a predicate of its own stratum: then it runs to a fixpoint. */
  recursive: boolean;
}

/**
 * Stratified negation and aggregation (Apt, Blair, Walker 1988): a predicate
 * may be negated or aggregated only if it is fully computed in an earlier
 * stratum, i.e. no cycle of the dependency graph passes through a negative or
 * aggregate edge. Strata are the components, dependencies first.
 */
export function stratify(rules: Rule[], predicates: Iterable<string>): { strata: Stratum[]; diagnostics: Diagnostic[] } {
  const edges = dependencyEdges(rules);
  const components = stronglyConnectedComponents(predicates, edges);
  const componentOf = new Map<string, number>();
  components.forEach((component, i) => component.forEach((p) => componentOf.set(p, i)));
  const diagnostics: Diagnostic[] = [];
  for (const edge of edges) {
    if (edge.kind === 'positive' || componentOf.get(edge.from) !== componentOf.get(edge.to)) continue;
    const members = new Set(components[componentOf.get(edge.from)!]);
    const cycle = [edge.from, ...pathWithin(edge.to, edge.from, members, edges)].join(' -> ');
    const what = edge.kind === 'negated' ? 'negation' : 'aggregation';
    diagnostics.push(
      diagnostic(edge.kind === 'negated' ? 'DL005' : 'DL006', edge.loc, `${what} through recursion: ${cycle}`, `${edge.to} must be computed before ${edge.from} reads it ${edge.kind === 'negated' ? 'negated' : 'in an aggregate'}; break the cycle`),
    );
  }
  const rulesByComponent = components.map((): Rule[] => []);
  for (const rule of rules) rulesByComponent[componentOf.get(predicateKey(rule.head.predicate, rule.head.args.length))!].push(rule);
  const strata = components.map((component, i) => ({
    predicates: component,
    rules: rulesByComponent[i],
    recursive: edges.some((e) => componentOf.get(e.from) === i && componentOf.get(e.to) === i),
  }));
  return { strata, diagnostics };
}
