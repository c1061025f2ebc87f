import { ancestorsIn, childrenIn, parentsIn, spousesIn, type GraphView } from './GraphView';

/**
 * A minimal d-separator Z ⊆ allowed of X and Y in the view, or null when no
 * subset of `allowed` separates them — FindMinSep of van der Zander,
 * Liśkiewicz & Textor (2014, 2019, with I = ∅), after Tian, Paz & Pearl (1998):
 *
 *  1. A := An(X ∪ Y). Any separator inside A is tested in the moral graph of
 *     G[A] (Lauritzen et al. 1990), since An(X ∪ Y ∪ Z) = A.
 *  2. Z₀ := allowed ∩ A \ (X ∪ Y). If Z₀ does not separate, no allowed set does.
 *  3. Z₁ := the nodes of Z₀ reachable from X without passing through Z₀.
 *  4. Z₂ := the nodes of Z₁ reachable from Y without passing through Z₁.
 *
 * Z₂ is minimal: every member has a path to X and one to Y that avoid the rest.
 * Bidirected edges enter the moral graph as latent parents, which are never
 * allowed in Z. Each search is linear: a family (child, its parents) is
 * expanded once, so moral edges are never materialised.
 */
export function findMinimalSeparator(
  view: GraphView,
  x: ReadonlySet<number>,
  y: ReadonlySet<number>,
  allowed: ReadonlySet<number>,
): Set<number> | null {
  const moral = new MoralGraph(view, ancestorsIn(view, [...x, ...y]));
  const candidates = new Set<number>();
  for (const v of moral.ancestral) if (allowed.has(v) && !x.has(v) && !y.has(v)) candidates.add(v);
  const fromX = moral.reach(x, candidates);
  for (const v of y) if (fromX.has(v)) return null;
  const nearX = new Set([...candidates].filter((v) => fromX.has(v)));
  const fromY = moral.reach(y, nearX);
  return new Set([...nearX].filter((v) => fromY.has(v)));
}

/**
 * The moral graph of the ancestral set, with one latent node per bidirected
 * pair (numbered from names.length), searched without building its edges.
 */
class MoralGraph {
  private readonly latentIds = new Map<number, number>();
  private readonly latentEnds: Array<[number, number]> = [];

  constructor(
    private readonly view: GraphView,
    readonly ancestral: ReadonlySet<number>,
  ) {}

  /** Nodes reachable from `sources`; a blocked node is reached but not passed. */
  reach(sources: Iterable<number>, blocked: ReadonlySet<number>): Set<number> {
    const reached = new Set<number>(sources);
    const expandedFamilies = new Set<number>();
    const stack = [...reached];
    const visit = (u: number) => {
      if (reached.has(u)) return;
      reached.add(u);
      if (!blocked.has(u)) stack.push(u);
    };
    const expandFamily = (child: number) => {
      if (!this.ancestral.has(child) || expandedFamilies.has(child)) return;
      expandedFamilies.add(child);
      visit(child);
      for (const p of parentsIn(this.view, child)) visit(p);
      for (const s of spousesIn(this.view, child)) visit(this.latent(child, s));
    };
    while (stack.length > 0) {
      const u = stack.pop()!;
      if (this.isLatent(u)) {
        for (const end of this.latentEnds[u - this.view.graph.names.length]) expandFamily(end);
      } else {
        expandFamily(u);
        for (const c of childrenIn(this.view, u)) expandFamily(c);
      }
    }
    return reached;
  }

  private isLatent(u: number): boolean {
    return u >= this.view.graph.names.length;
  }

  private latent(a: number, b: number): number {
    const n = this.view.graph.names.length;
    const key = Math.min(a, b) * n + Math.max(a, b);
    let id = this.latentIds.get(key);
    if (id === undefined) {
      id = n + this.latentEnds.length;
      this.latentIds.set(key, id);
      this.latentEnds.push([a, b]);
    }
    return id;
  }
}
