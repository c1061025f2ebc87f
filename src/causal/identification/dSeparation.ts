import { ancestorsIn, childrenIn, parentsIn, spousesIn, type GraphView } from './GraphView';

/** How a path step joins two consecutive nodes, read left to right. */
export type EdgeMark = '->' | '<-' | '<->';

export interface OpenPath {
  nodes: number[];
  /** `edges[i]` joins `nodes[i]` and `nodes[i + 1]`. */
  edges: EdgeMark[];
}

export type DSeparation = { separated: true } | { separated: false; openPath: OpenPath };

// A search state is a node and the mark of the edge we arrived by, at that node.
const TAIL = 0; // arrived from a child: the edge leaves this node
const HEAD = 1; // arrived from a parent or a bidirected neighbour: an arrowhead points here
const START = 2;

/**
 * Decides X ⟂ Y | Z by reachability over (node, arrival mark) states — the
 * Bayes-ball algorithm (Shachter 1998; Koller & Friedman 2009, Alg. 3.1) —
 * in O(nodes + edges). A bidirected edge behaves as a latent common parent:
 * it carries arrowheads at both ends.
 *
 * Rules at a node v reached by the search:
 *  - arrived with a tail at v: v is a non-collider whatever comes next, so the
 *    path continues along every edge iff v ∉ Z;
 *  - arrived with an arrowhead at v: continuing to a child keeps v a
 *    non-collider (needs v ∉ Z); continuing to a parent or a bidirected
 *    neighbour makes v a collider (needs v ∈ An(Z)).
 *
 * When X and Y are connected, the search's walk is shortened to a simple open
 * path (see `simplifyWalk`), returned as the witness.
 */
export function dSeparated(view: GraphView, x: Iterable<number>, y: Iterable<number>, z: Iterable<number>): DSeparation {
  const search = bayesBall(view, new Set(x), new Set(z), new Set(y));
  if (search.hit === null) return { separated: true };
  return { separated: false, openPath: simplifyWalk(traceBack(search.hit, search.previous, search.arrivedBy)) };
}

/** Every node outside X ∪ Z that is d-connected to X given Z, in one linear search. */
export function dConnectedNodes(view: GraphView, x: Iterable<number>, z: Iterable<number>): Set<number> {
  const given = new Set(z);
  const search = bayesBall(view, new Set(x), given, new Set());
  const reached = new Set<number>();
  search.previous.forEach((from, state) => {
    const node = Math.floor(state / 3);
    if (from !== -2 && state % 3 !== START && !given.has(node)) reached.add(node);
  });
  return reached;
}

interface Search {
  /** The state at which a target was reached, or null. */
  hit: number | null;
  previous: Int32Array;
  arrivedBy: EdgeMark[];
}

function bayesBall(view: GraphView, sources: ReadonlySet<number>, given: ReadonlySet<number>, targets: ReadonlySet<number>): Search {
  const ancestorsOfGiven = ancestorsIn(view, given);
  const n = view.graph.names.length;
  const previous = new Int32Array(3 * n).fill(-2); // -2 unseen, -1 search root
  const arrivedBy: EdgeMark[] = new Array(3 * n);
  const queue: number[] = [];
  for (const s of sources) {
    previous[3 * s + START] = -1;
    queue.push(3 * s + START);
  }
  const walkTo = (from: number, node: number, mark: number, edge: EdgeMark): number | null => {
    if (sources.has(node)) return null; // an open walk through another source has an open suffix from it
    const state = 3 * node + mark;
    if (previous[state] !== -2) return null;
    previous[state] = from;
    arrivedBy[state] = edge;
    if (targets.has(node)) return state;
    queue.push(state);
    return null;
  };
  for (let head = 0; head < queue.length; head += 1) {
    const state = queue[head];
    const v = Math.floor(state / 3);
    const mark = state % 3;
    const passThrough = mark === START || !given.has(v);
    const mayGoUp = mark === START || mark === TAIL ? passThrough : ancestorsOfGiven.has(v);
    let hit: number | null = null;
    if (passThrough) {
      for (const c of childrenIn(view, v)) if ((hit = walkTo(state, c, HEAD, '->')) !== null) break;
    }
    if (hit === null && mayGoUp) {
      for (const p of parentsIn(view, v)) if ((hit = walkTo(state, p, TAIL, '<-')) !== null) break;
      if (hit === null) {
        for (const s of spousesIn(view, v)) if ((hit = walkTo(state, s, HEAD, '<->')) !== null) break;
      }
    }
    if (hit !== null) return { hit, previous, arrivedBy };
  }
  return { hit: null, previous, arrivedBy };
}

function traceBack(end: number, previous: Int32Array, arrivedBy: EdgeMark[]): OpenPath {
  const nodes: number[] = [];
  const edges: EdgeMark[] = [];
  for (let state = end; state !== -1; state = previous[state]) {
    nodes.push(Math.floor(state / 3));
    if (previous[state] !== -1) edges.push(arrivedBy[state]);
  }
  return { nodes: nodes.reverse(), edges: edges.reverse() };
}

/**
 * Cuts every loop out of an open walk by jumping from a node's first visit to
 * its last. The result stays open: a node v visited twice either is in Z (then
 * both visits are colliders and so is the shortcut), or the shortcut keeps a
 * tail at v (non-collider, v ∉ Z), or both outer marks are arrowheads — then v
 * was left by a tail on its first visit, and had v ∉ An(Z) the walk could only
 * have continued downwards and never returned, so v ∈ An(Z) and the collider
 * is open.
 */
function simplifyWalk(walk: OpenPath): OpenPath {
  const last = new Map<number, number>();
  walk.nodes.forEach((v, i) => last.set(v, i));
  const nodes: number[] = [];
  const edges: EdgeMark[] = [];
  for (let i = 0; ; ) {
    const j = last.get(walk.nodes[i])!;
    nodes.push(walk.nodes[j]);
    if (j === walk.nodes.length - 1) break;
    edges.push(walk.edges[j]);
    i = j + 1;
  }
  return { nodes, edges };
}
