import type { CausalGraph } from './CausalGraph';

/**
 * A graph as the criteria see it: the model graph restricted to `within`, with
 * the edges out of `cutOutgoing` (G_{\underline X}) and into `cutIncoming`
 * (G_{\overline X}) deleted. A bidirected edge points into both ends, so
 * cutting incoming edges of a node also removes its bidirected edges.
 */
export interface GraphView {
  readonly graph: CausalGraph;
  readonly within?: ReadonlySet<number>;
  readonly cutOutgoing?: ReadonlySet<number>;
  readonly cutIncoming?: ReadonlySet<number>;
}

export function viewOf(graph: CausalGraph, options: Omit<GraphView, 'graph'> = {}): GraphView {
  return { graph, ...options };
}

const inside = (view: GraphView, v: number) => view.within === undefined || view.within.has(v);

export function parentsIn(view: GraphView, v: number): readonly number[] {
  if (view.cutIncoming?.has(v)) return [];
  const all = view.graph.parents[v];
  if (view.within === undefined && view.cutOutgoing === undefined) return all;
  return all.filter((p) => inside(view, p) && !view.cutOutgoing?.has(p));
}

export function childrenIn(view: GraphView, v: number): readonly number[] {
  if (view.cutOutgoing?.has(v)) return [];
  const all = view.graph.children[v];
  if (view.within === undefined && view.cutIncoming === undefined) return all;
  return all.filter((c) => inside(view, c) && !view.cutIncoming?.has(c));
}

export function spousesIn(view: GraphView, v: number): readonly number[] {
  if (view.cutIncoming?.has(v)) return [];
  const all = view.graph.spouses[v];
  if (view.within === undefined && view.cutIncoming === undefined) return all;
  return all.filter((s) => inside(view, s) && !view.cutIncoming?.has(s));
}

/** An(targets) in the view, targets included: a backwards search over directed edges. */
export function ancestorsIn(view: GraphView, targets: Iterable<number>): Set<number> {
  return closure(targets, (v) => parentsIn(view, v));
}

/** De(sources) in the view, sources included. */
export function descendantsIn(view: GraphView, sources: Iterable<number>): Set<number> {
  return closure(sources, (v) => childrenIn(view, v));
}

function closure(start: Iterable<number>, next: (v: number) => readonly number[]): Set<number> {
  const seen = new Set<number>(start);
  const stack = [...seen];
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (const w of next(v)) {
      if (!seen.has(w)) {
        seen.add(w);
        stack.push(w);
      }
    }
  }
  return seen;
}

/**
 * The C-components (districts) of the view restricted to `nodes`: the classes
 * of nodes joined by bidirected paths (Tian & Pearl 2002). Each is sorted in
 * topological order; components are listed by their first node's rank.
 */
export function cComponents(view: GraphView, nodes: ReadonlySet<number>): number[][] {
  const seen = new Set<number>();
  const components: number[][] = [];
  for (const start of sortByRank(view.graph, nodes)) {
    if (seen.has(start)) continue;
    seen.add(start);
    const component = [start];
    for (let i = 0; i < component.length; i += 1) {
      for (const s of spousesIn(view, component[i])) {
        if (nodes.has(s) && !seen.has(s)) {
          seen.add(s);
          component.push(s);
        }
      }
    }
    components.push(sortByRank(view.graph, component));
  }
  return components;
}

export function sortByRank(graph: CausalGraph, nodes: Iterable<number>): number[] {
  return [...nodes].sort((a, b) => graph.rank[a] - graph.rank[b]);
}

export const difference = (a: Iterable<number>, b: ReadonlySet<number>): Set<number> => {
  const out = new Set<number>();
  for (const v of a) if (!b.has(v)) out.add(v);
  return out;
};

export const intersection = (a: Iterable<number>, b: ReadonlySet<number>): Set<number> => {
  const out = new Set<number>();
  for (const v of a) if (b.has(v)) out.add(v);
  return out;
};
