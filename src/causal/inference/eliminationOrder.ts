/**
 * Greedy elimination ordering on the interaction graph of the factors:
 * weighted min-fill (Kjærulff 1990) — fewest fill-in edges first, ties broken
 * by the smallest clique table. For very high-degree nodes the fill count is
 * bounded by deg·(deg−1)/2 instead of counted, which keeps hubs (a noisy-OR
 * auxiliary with hundreds of parents) from costing O(deg²) at every step;
 * such nodes are rarely worth eliminating early anyway.
 */
export interface EliminationPlan {
  readonly order: Int32Array;
  /** Entries of the largest table the order creates (product of the clique's cardinalities). */
  readonly maxTableEntries: number;
  /** Size of the largest clique minus one (the order's induced width). */
  readonly width: number;
}

const EXACT_FILL_MAX_DEGREE = 48;

export function eliminationOrder(
  factorScopes: readonly Int32Array[],
  card: ArrayLike<number>,
  keep: ReadonlySet<number>,
  variableCount: number,
): EliminationPlan {
  const adjacency: Set<number>[] = Array.from({ length: variableCount }, () => new Set<number>());
  const present = new Uint8Array(variableCount);
  for (const scope of factorScopes) {
    for (let i = 0; i < scope.length; i++) {
      present[scope[i]!] = 1;
      for (let j = i + 1; j < scope.length; j++) {
        adjacency[scope[i]!]!.add(scope[j]!);
        adjacency[scope[j]!]!.add(scope[i]!);
      }
    }
  }
  const heap = new ScoreHeap();
  const version = new Int32Array(variableCount);
  const score = (v: number) => {
    const neighbours = adjacency[v]!;
    let weight = card[v]!;
    for (const u of neighbours) weight *= card[u]!;
    const degree = neighbours.size;
    let fill = 0;
    if (degree > EXACT_FILL_MAX_DEGREE) fill = (degree * (degree - 1)) / 2;
    else {
      const list = [...neighbours];
      for (let i = 0; i < list.length; i++) {
        const ai = adjacency[list[i]!]!;
        for (let j = i + 1; j < list.length; j++) if (!ai.has(list[j]!)) fill++;
      }
    }
    return { fill, weight };
  };
  let remaining = 0;
  for (let v = 0; v < variableCount; v++) {
    if (!present[v] || keep.has(v)) continue;
    remaining++;
    const s = score(v);
    heap.push(s.fill, s.weight, v, 0);
  }
  const order = new Int32Array(remaining);
  const eliminated = new Uint8Array(variableCount);
  let maxTableEntries = 1;
  let width = 0;
  for (let step = 0; step < remaining; ) {
    const entry = heap.pop()!;
    const v = entry.v;
    if (eliminated[v] || entry.version !== version[v]) continue;
    eliminated[v] = 1;
    order[step++] = v;
    const neighbours = [...adjacency[v]!];
    let clique = card[v]!;
    for (const u of neighbours) clique *= card[u]!;
    maxTableEntries = Math.max(maxTableEntries, clique);
    width = Math.max(width, neighbours.length);
    for (const u of neighbours) {
      const au = adjacency[u]!;
      au.delete(v);
      for (const w of neighbours) if (w !== u) au.add(w);
    }
    // Scores change for the neighbours and, through new fill edges, their neighbours; rescoring
    // the neighbours alone is the usual approximation of greedy min-fill.
    for (const u of neighbours) {
      if (keep.has(u)) continue;
      version[u]!++;
      const s = score(u);
      heap.push(s.fill, s.weight, u, version[u]!);
    }
  }
  return { order, maxTableEntries, width };
}

interface HeapEntry {
  fill: number;
  weight: number;
  v: number;
  version: number;
}

/** Binary min-heap on (fill, weight, v). */
class ScoreHeap {
  private readonly items: HeapEntry[] = [];

  push(fill: number, weight: number, v: number, version: number): void {
    const items = this.items;
    items.push({ fill, weight, v, version });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): HeapEntry | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && less(items[l]!, items[m]!)) m = l;
        if (r < items.length && less(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

function less(a: HeapEntry, b: HeapEntry): boolean {
  if (a.fill !== b.fill) return a.fill < b.fill;
  if (a.weight !== b.weight) return a.weight < b.weight;
  return a.v < b.v;
}
