/**
 * The checker's own graph code. It shares nothing with src/causal on purpose
 * (docs/style.md, "A deliberate exception"): d-separation here is Lauritzen's
 * moral-graph criterion, not the engine's Bayes-ball search, so one's bug is
 * unlikely to hide the other's.
 *
 * Bidirected pairs become explicit latent parents: observed nodes are
 * 0..n-1, the latent of pair k is n + k.
 */
export interface CheckedGraph {
  names: string[];
  index: Map<string, number>;
  /** Parents of every node, latents included (latents have none). */
  parents: number[][];
  /** Latent pairs, as [a, b] observed indices. */
  pairs: Array<[number, number]>;
}

export function parseGraph(value: unknown): CheckedGraph | string {
  if (!isRecord(value) || !Array.isArray(value.nodes) || !Array.isArray(value.edges) || !Array.isArray(value.confounded)) {
    return 'graph needs nodes, edges and confounded arrays';
  }
  const names: string[] = [];
  const index = new Map<string, number>();
  for (const node of value.nodes) {
    if (typeof node !== 'string' || index.has(node)) return `bad or repeated node ${JSON.stringify(node)}`;
    index.set(node, names.length);
    names.push(node);
  }
  const n = names.length;
  const parents: number[][] = names.map(() => []);
  for (const edge of value.edges) {
    const from = isRecord(edge) ? index.get(String(edge.from)) : undefined;
    const to = isRecord(edge) ? index.get(String(edge.to)) : undefined;
    if (from === undefined || to === undefined || from === to) return `bad edge ${JSON.stringify(edge)}`;
    if (!parents[to].includes(from)) parents[to].push(from);
  }
  const pairs: Array<[number, number]> = [];
  for (const pair of value.confounded) {
    const a = Array.isArray(pair) ? index.get(String(pair[0])) : undefined;
    const b = Array.isArray(pair) ? index.get(String(pair[1])) : undefined;
    if (a === undefined || b === undefined || a === b) return `bad confounded pair ${JSON.stringify(pair)}`;
    const latent = n + pairs.length;
    pairs.push([a, b]);
    parents.push([]);
    parents[a].push(latent);
    parents[b].push(latent);
  }
  if (hasCycle(parents)) return 'the graph has a directed cycle';
  return { names, index, parents, pairs };
}

/** Kahn's algorithm over the parent lists: a cycle leaves nodes unordered. */
function hasCycle(parents: number[][]): boolean {
  const children: number[][] = parents.map(() => []);
  const waiting = parents.map((ps) => ps.length);
  parents.forEach((ps, v) => ps.forEach((p) => children[p].push(v)));
  const ready = waiting.flatMap((w, v) => (w === 0 ? [v] : []));
  let ordered = 0;
  while (ready.length) {
    ordered += 1;
    for (const c of children[ready.pop()!]) if (--waiting[c] === 0) ready.push(c);
  }
  return ordered < parents.length;
}

/** The graph with every directed edge out of `from` deleted (G_{\underline X}). */
export function withoutEdgesOutOf(g: CheckedGraph, from: Set<number>): CheckedGraph {
  return { ...g, parents: g.parents.map((ps) => ps.filter((p) => !from.has(p))) };
}

/** The graph with every edge into `into` deleted, bidirected ones included (G_{\overline X}). */
export function withoutEdgesInto(g: CheckedGraph, into: Set<number>): CheckedGraph {
  return { ...g, parents: g.parents.map((ps, v) => (into.has(v) ? [] : ps)) };
}

export function ancestors(g: CheckedGraph, of: Iterable<number>): Set<number> {
  const seen = new Set(of);
  const todo = [...seen];
  while (todo.length) for (const p of g.parents[todo.pop()!]) if (!seen.has(p)) seen.add(p), todo.push(p);
  return seen;
}

export function descendants(g: CheckedGraph, of: Iterable<number>): Set<number> {
  const children: number[][] = g.parents.map(() => []);
  g.parents.forEach((ps, v) => ps.forEach((p) => children[p].push(v)));
  const seen = new Set(of);
  const todo = [...seen];
  while (todo.length) for (const c of children[todo.pop()!]) if (!seen.has(c)) seen.add(c), todo.push(c);
  return seen;
}

/**
 * X ⟂ Y | Z iff Z separates X from Y in the moral graph of G[An(X ∪ Y ∪ Z)]
 * (Lauritzen, Dawid, Larsen & Leimer 1990).
 */
export function dSeparatedByMoralisation(g: CheckedGraph, x: Set<number>, y: Set<number>, z: Set<number>): boolean {
  const kept = ancestors(g, [...x, ...y, ...z]);
  const adjacent = new Map<number, Set<number>>();
  const link = (a: number, b: number) => {
    if (!adjacent.has(a)) adjacent.set(a, new Set());
    if (!adjacent.has(b)) adjacent.set(b, new Set());
    adjacent.get(a)!.add(b);
    adjacent.get(b)!.add(a);
  };
  for (const v of kept) {
    const ps = g.parents[v];
    ps.forEach((p, i) => {
      link(p, v);
      for (const q of ps.slice(i + 1)) link(p, q);
    });
  }
  const seen = new Set(x);
  const todo = [...x];
  while (todo.length) {
    const v = todo.pop()!;
    if (y.has(v)) return false;
    for (const w of adjacent.get(v) ?? []) {
      if (!seen.has(w) && !z.has(w)) seen.add(w), todo.push(w);
    }
  }
  return true;
}

export const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
