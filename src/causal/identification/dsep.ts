import type { CausalGraph } from './CausalGraph';
import { dSeparated, type EdgeMark } from './dSeparation';
import { viewOf } from './GraphView';
import { requireNonEmpty, resolveVariables } from './query';

export type DSeparationAnswer =
  | { separated: true }
  | { separated: false; openPath: string[]; edges: EdgeMark[] };

/**
 * X ⟂ Y | Z in the model graph, by name. X, Y and Z must be disjoint; when X
 * and Y are d-connected the answer carries one open path (a simple path whose
 * every collider is in An(Z) and every other inner node outside Z).
 */
export function dSeparation(graph: CausalGraph, x: readonly string[], y: readonly string[], given: readonly string[] = []): DSeparationAnswer {
  const sets = resolveVariables(graph, { x, y, given });
  requireNonEmpty(sets.x, 'x');
  requireNonEmpty(sets.y, 'y');
  const answer = dSeparated(viewOf(graph), sets.x, sets.y, sets.given);
  if (answer.separated) return answer;
  return { separated: false, openPath: answer.openPath.nodes.map((v) => graph.names[v]), edges: answer.openPath.edges };
}
