import { NOISY_OR_STATES, parseModelText } from '..';
import { readStructure, type CausalStructure } from '../identification';

/** The part of a model file estimation uses: its structure, and its states where it declares them. */
export interface EstimationModel {
  readonly structure: CausalStructure;
  /** Declared states by variable; absent for a bare graph, whose states come from the data. */
  readonly states: ReadonlyMap<string, readonly string[]>;
  /**
   * Variables the CSV may have columns for, when more than the structure's
   * nodes (the graph's other variables, for a part of the graph): their
   * values are checked against their states and then unused.
   */
  readonly columns?: readonly { readonly id: string; readonly states?: readonly string[] }[];
}

/**
 * Reads GRAPH.json for `fit` and `estimate`: a bare graph
 * `{"nodes": ["A"], "edges": [{"from", "to"}], "confounded"}`, or a CPT /
 * noisy-OR / BIF model of which only the structure and the state names are
 * used (noisy-OR variables are `false`/`true`). Numbers in the file are ignored.
 */
export function readEstimationModel(text: string): EstimationModel {
  const structure = readStructure(text);
  const body = text.replace(/^\uFEFF/, '').trimStart();
  const states = new Map<string, readonly string[]>();
  if (!body.startsWith('{')) {
    // BIF states sit in `variable` blocks; the model parser reads them.
    for (const v of parseModelText(body).variables) states.set(v.id, v.states);
    return { structure, states };
  }
  const doc = JSON.parse(body) as Record<string, unknown>; // readStructure has parsed it once already, so this cannot throw
  if (Array.isArray(doc.variables)) {
    for (const v of doc.variables as Array<{ id: string; states?: unknown }>) {
      if (Array.isArray(v.states) && v.states.every((s) => typeof s === 'string')) states.set(v.id, v.states as string[]);
    }
  } else if (Array.isArray(doc.nodes) && doc.nodes.some((n) => typeof n === 'object' && n !== null)) {
    for (const id of structure.nodes) states.set(id, NOISY_OR_STATES);
  }
  return { structure, states };
}
