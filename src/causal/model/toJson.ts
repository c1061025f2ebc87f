import type { CausalModel } from './types';

/**
 * The model as noisy-OR JSON or CPT JSON (design.md formats) — what a service
 * embeds in a certificate for a graph-built model, and what `causal import`
 * round-trips. A model mixing both mechanisms (or `asCpt`) is written as CPT JSON,
 * noisy-OR nodes expanded to their tables.
 */
export function modelToJson(model: CausalModel, only?: ReadonlySet<string>, options: { asCpt?: boolean } = {}): Record<string, unknown> {
  const asCpt = options.asCpt ?? false;
  const variables = model.variables.filter((v) => !only || only.has(v.id));
  if (!asCpt && variables.every((v) => v.mechanism.type === 'noisy-or')) {
    return {
      nodes: variables.map((v) => ({ id: v.id, leak: v.mechanism.type === 'noisy-or' ? v.mechanism.leak : 0 })),
      edges: variables.flatMap((v) => {
        const m = v.mechanism;
        if (m.type !== 'noisy-or') return [];
        return v.parents.flatMap((parent, i) => [
          ...(m.causeStrength[i]! > 0 ? [{ from: parent, to: v.id, kind: 'CAUSES', strength: m.causeStrength[i] }] : []),
          ...(m.preventStrength[i]! > 0 ? [{ from: parent, to: v.id, kind: 'PREVENTS', strength: m.preventStrength[i] }] : []),
        ]);
      }),
      confounded: model.confounded,
    };
  }
  return {
    variables: variables.map((v) => ({ id: v.id, states: v.states })),
    cpts: variables.map((v) => ({ variable: v.id, parents: v.parents, table: cptRows(model, v.id) })),
    confounded: model.confounded,
  };
}

function cptRows(model: CausalModel, id: string): number[][] {
  const byId = new Map(model.variables.map((v) => [v.id, v]));
  const v = byId.get(id)!;
  const width = v.states.length;
  const m = v.mechanism;
  if (m.type === 'cpt') {
    const rows: number[][] = [];
    for (let r = 0; r < m.table.length / width; r++) rows.push(Array.from(m.table.subarray(r * width, (r + 1) * width)));
    return rows;
  }
  // Noisy-OR expanded to a table (states false, true; parents binary, first slowest).
  const n = v.parents.length;
  const rows: number[][] = [];
  for (let r = 0; r < 1 << n; r++) {
    let a = 1 - m.leak;
    let b = 1;
    for (let i = 0; i < n; i++) {
      if ((r >> (n - 1 - i)) & 1) {
        a *= 1 - m.causeStrength[i]!;
        b *= 1 - m.preventStrength[i]!;
      }
    }
    const pTrue = (1 - a) * b;
    rows.push([1 - pTrue, pTrue]);
  }
  return rows;
}
