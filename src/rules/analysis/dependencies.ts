import { predicateKey, type Literal, type Location, type Rule } from '../syntax/ast';

export type EdgeKind = 'positive' | 'negated' | 'aggregate';

/** head depends on body: `from` is the head predicate, `to` a body predicate. */
export interface DependencyEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  loc: Location;
}

export function dependencyEdges(rules: Rule[]): DependencyEdge[] {
  const edges: DependencyEdge[] = [];
  for (const rule of rules) {
    const from = predicateKey(rule.head.predicate, rule.head.args.length);
    const visit = (literal: Literal, insideAggregate: boolean): void => {
      if (literal.kind === 'positive' || literal.kind === 'negated') {
        const kind: EdgeKind = insideAggregate ? 'aggregate' : literal.kind;
        edges.push({ from, to: predicateKey(literal.atom.predicate, literal.atom.args.length), kind, loc: literal.loc });
      } else if (literal.kind === 'aggregate') {
        for (const inner of literal.body) visit(inner, true);
      }
    };
    for (const literal of rule.body) visit(literal, false);
  }
  return edges;
}

/**
 * Strongly connected components in reverse topological order of the
 * "depends on" relation — dependencies first, the order strata are evaluated
 * in (Tarjan 1972, iterative to survive long chains of predicates).
 */
export function stronglyConnectedComponents(nodes: Iterable<string>, edges: DependencyEdge[]): string[][] {
  const successors = new Map<string, string[]>();
  for (const node of nodes) successors.set(node, []);
  for (const edge of edges) {
    if (!successors.has(edge.to)) successors.set(edge.to, []);
    successors.get(edge.from)?.push(edge.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of successors.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const out = successors.get(frame.node) ?? [];
      if (frame.next < out.length) {
        const child = out[frame.next++];
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, next: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

/** A path from `from` to `to` along edges inside one component, for naming a cycle. */
export function pathWithin(from: string, to: string, members: Set<string>, edges: DependencyEdge[]): string[] {
  const previous = new Map<string, string>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length > 0) {
    const node = queue.shift()!;
    if (node === to) break;
    for (const edge of edges) {
      if (edge.from === node && members.has(edge.to) && !seen.has(edge.to)) {
        seen.add(edge.to);
        previous.set(edge.to, node);
        queue.push(edge.to);
      }
    }
  }
  const path = [to];
  let node = to;
  while (node !== from && previous.has(node)) {
    node = previous.get(node)!;
    path.unshift(node);
  }
  return path;
}
