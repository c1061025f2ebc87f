import { invalidModel } from '../../errors';

/**
 * The structure identification needs and nothing more: observed variables,
 * directed edges, and bidirected `confounded` pairs (a latent common parent).
 * This is the plain-data form every model format reduces to.
 */
export interface CausalStructure {
  nodes: string[];
  edges: Array<{ from: string; to: string }>;
  confounded: Array<[string, string]>;
}

/**
 * An acyclic directed mixed graph (ADMG) over indexed nodes. Index-based
 * adjacency keeps every search linear in nodes + edges.
 */
export interface CausalGraph {
  readonly names: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly parents: readonly (readonly number[])[];
  readonly children: readonly (readonly number[])[];
  /** Bidirected neighbours: `spouses[a]` holds b for every declared pair {a, b}. */
  readonly spouses: readonly (readonly number[])[];
  /** One topological order of the directed part, used wherever the ID algorithm asks for π. */
  readonly order: readonly number[];
  /** Position of each node in `order`. */
  readonly rank: readonly number[];
}

/**
 * Validates a structure once, at the boundary: names unique and non-empty,
 * every edge and pair between declared nodes, no self-loops, no directed cycle
 * (the error names one).
 */
export function buildCausalGraph(structure: CausalStructure): CausalGraph {
  const names = structure.nodes;
  const indexOf = new Map<string, number>();
  names.forEach((name, i) => {
    if (typeof name !== 'string' || name.length === 0) throw invalidModel(`node ${i} has no name`);
    if (indexOf.has(name)) throw invalidModel(`node "${name}" is declared twice`, { node: name });
    indexOf.set(name, i);
  });
  const lookup = (name: string, where: string): number => {
    const index = indexOf.get(name);
    if (index === undefined) throw invalidModel(`${where} refers to unknown variable "${name}"`, { variable: name });
    return index;
  };
  const parents = names.map(() => new Set<number>());
  const children = names.map(() => new Set<number>());
  for (const { from, to } of structure.edges) {
    const a = lookup(from, `edge ${from} -> ${to}`);
    const b = lookup(to, `edge ${from} -> ${to}`);
    if (a === b) throw invalidModel(`self-loop on "${from}"`, { cycle: [from, from] });
    parents[b].add(a);
    children[a].add(b);
  }
  const spouses = names.map(() => new Set<number>());
  for (const pair of structure.confounded) {
    const [left, right] = pair;
    const a = lookup(left, `confounded pair [${left}, ${right}]`);
    const b = lookup(right, `confounded pair [${left}, ${right}]`);
    if (a === b) throw invalidModel(`"${left}" cannot be confounded with itself`, { variable: left });
    spouses[a].add(b);
    spouses[b].add(a);
  }
  const sorted = (s: Set<number>) => [...s].sort((x, y) => x - y);
  const parentLists = parents.map(sorted);
  const childLists = children.map(sorted);
  const order = topologicalOrder(names, parentLists, childLists);
  const rank = new Array<number>(names.length);
  order.forEach((node, position) => (rank[node] = position));
  return { names, indexOf, parents: parentLists, children: childLists, spouses: spouses.map(sorted), order, rank };
}

/** Kahn's algorithm; on failure a depth-first search recovers one cycle to name. */
function topologicalOrder(names: readonly string[], parents: number[][], children: number[][]): number[] {
  const indegree = parents.map((p) => p.length);
  const queue: number[] = [];
  indegree.forEach((d, v) => d === 0 && queue.push(v));
  const order: number[] = [];
  for (let head = 0; head < queue.length; head += 1) {
    const v = queue[head];
    order.push(v);
    for (const c of children[v]) if (--indegree[c] === 0) queue.push(c);
  }
  if (order.length === names.length) return order;
  const cycle = findCycle(parents, indegree).map((v) => names[v]);
  throw invalidModel(`the causal graph has a cycle: ${cycle.join(' -> ')}`, { cycle });
}

/**
 * Nodes Kahn could not order lie on or downstream of a cycle, and each of them
 * has a parent among them; walking parents from any of them must repeat a
 * node, and the stretch between the repeats is a cycle. Iterative, so a long
 * cycle cannot overflow the stack.
 */
function findCycle(parents: number[][], indegree: number[]): number[] {
  const stuck = (v: number) => indegree[v] > 0;
  const start = indegree.findIndex((d) => d > 0);
  const seenAt = new Map<number, number>();
  const walk: number[] = [];
  for (let v = start; !seenAt.has(v); v = parents[v].find(stuck)!) {
    seenAt.set(v, walk.length);
    walk.push(v);
  }
  const repeated = parents[walk[walk.length - 1]].find(stuck)!;
  // The walk followed parents, so the cycle reads forwards when reversed.
  const cycle = walk.slice(seenAt.get(repeated)!).reverse();
  const first = cycle.indexOf(Math.min(...cycle)); // start at the earliest declared node, so the message is stable
  const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
  return [...rotated, rotated[0]];
}
