import type { CausalStructure } from '../../../../src/causal/identification';

/**
 * Reference implementations for tests, by definition and by enumeration:
 * exponential, obviously correct, and sharing nothing with the engine.
 */
type Step = { to: string; arrowAtFrom: boolean; arrowAtTo: boolean };

function adjacency(s: CausalStructure): Map<string, Step[]> {
  const adj = new Map<string, Step[]>(s.nodes.map((n) => [n, []]));
  for (const { from, to } of s.edges) {
    adj.get(from)!.push({ to, arrowAtFrom: false, arrowAtTo: true });
    adj.get(to)!.push({ to: from, arrowAtFrom: true, arrowAtTo: false });
  }
  for (const [a, b] of s.confounded) {
    adj.get(a)!.push({ to: b, arrowAtFrom: true, arrowAtTo: true });
    adj.get(b)!.push({ to: a, arrowAtFrom: true, arrowAtTo: true });
  }
  return adj;
}

export function descendantsOf(s: CausalStructure, start: string): Set<string> {
  const seen = new Set([start]);
  const todo = [start];
  while (todo.length) {
    const v = todo.pop()!;
    for (const e of s.edges) if (e.from === v && !seen.has(e.to)) seen.add(e.to), todo.push(e.to);
  }
  return seen;
}

/** Is this sequence of (node, step) an open path given Z? Pearl's definition, node by node. */
function pathIsOpen(s: CausalStructure, nodes: string[], steps: Step[], z: Set<string>): boolean {
  for (let i = 1; i < nodes.length - 1; i += 1) {
    const collider = steps[i - 1].arrowAtTo && steps[i].arrowAtFrom;
    if (collider) {
      if (![...descendantsOf(s, nodes[i])].some((d) => z.has(d))) return false;
    } else if (z.has(nodes[i])) return false;
  }
  return true;
}

/** Every simple path between X and Y, each tested for openness. */
export function bruteForceDSeparated(s: CausalStructure, x: string[], y: string[], z: string[]): boolean {
  const adj = adjacency(s);
  const given = new Set(z);
  const targets = new Set(y);
  let open = false;
  const extend = (nodes: string[], steps: Step[]) => {
    if (open) return;
    const last = nodes[nodes.length - 1];
    if (nodes.length > 1 && targets.has(last)) {
      if (pathIsOpen(s, nodes, steps, given)) open = true;
      return;
    }
    for (const step of adj.get(last)!) {
      if (nodes.includes(step.to)) continue;
      extend([...nodes, step.to], [...steps, step]);
    }
  };
  for (const start of x) extend([start], []);
  return !open;
}

/** Is `path` (names, edge marks) a simple path of the graph that is open given Z? */
export function isOpenPath(s: CausalStructure, path: string[], marks: string[], z: string[]): boolean {
  if (new Set(path).size !== path.length || marks.length !== path.length - 1) return false;
  const steps: Step[] = [];
  for (let i = 0; i < marks.length; i += 1) {
    const [a, b] = [path[i], path[i + 1]];
    const exists =
      marks[i] === '->' ? s.edges.some((e) => e.from === a && e.to === b)
      : marks[i] === '<-' ? s.edges.some((e) => e.from === b && e.to === a)
      : s.confounded.some(([p, q]) => (p === a && q === b) || (p === b && q === a));
    if (!exists) return false;
    steps.push({ to: b, arrowAtFrom: marks[i] !== '->', arrowAtTo: marks[i] !== '<-' });
  }
  return pathIsOpen(s, path, steps, new Set(z));
}

/** Pearl's back-door criterion by definition: no descendant of X, and every back-door path blocked. */
export function satisfiesBackdoor(s: CausalStructure, x: string, y: string, z: string[]): boolean {
  const de = descendantsOf(s, x);
  if (z.some((v) => de.has(v) || v === y)) return false;
  const cut: CausalStructure = { ...s, edges: s.edges.filter((e) => e.from !== x) };
  return bruteForceDSeparated(cut, [x], [y], z);
}

export function subsetsOf<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let mask = 0; mask < 1 << items.length; mask += 1) out.push(items.filter((_, i) => (mask >> i) & 1));
  return out;
}
