import { buildCptModel, queryDistribution } from '../../../../src/causal';
import { mulberry32 } from '../../../../src/util/mulberry32';

/** A CPT variable for simulation, listed in topological order. */
export interface SimVariable {
  id: string;
  states: string[];
  parents: string[];
  /** One row per parent configuration, first parent varying slowest. */
  table: number[][];
}

/** Forward-samples `rows` rows and writes the visible variables as CSV. */
export function simulateCsv(variables: SimVariable[], rows: number, seed: number, hidden: string[] = []): string {
  const random = mulberry32(seed);
  const index = new Map(variables.map((v, i) => [v.id, i]));
  const visible = variables.filter((v) => !hidden.includes(v.id));
  const value = new Array<number>(variables.length);
  const lines = [visible.map((v) => v.id).join(',')];
  for (let r = 0; r < rows; r++) {
    variables.forEach((v, i) => {
      let row = 0;
      for (const p of v.parents) row = row * variables[index.get(p)!].states.length + value[index.get(p)!];
      const u = random();
      let k = 0;
      let cumulative = v.table[row][0];
      while (u >= cumulative && k < v.states.length - 1) cumulative += v.table[row][++k];
      value[i] = k;
    });
    lines.push(visible.map((v) => v.states[value[index.get(v.id)!]]).join(','));
  }
  return lines.join('\n') + '\n';
}

/** The true P(target = state | do(x)) by Causal engine I's exact inference on the full model, latents included. */
export function trueInterventional(variables: SimVariable[], x: Record<string, string>, target: string, state: string): number {
  const model = buildCptModel(
    variables.map((v) => ({ id: v.id, states: v.states })),
    variables.map((v) => ({ variable: v.id, parents: v.parents, table: v.table })),
  );
  return queryDistribution(model, { target, do: x, given: {} }).distribution[state];
}

/** Z → X, Z → Y, X → Y with a three-valued confounder Z (states deliberately not in sort order). */
export const BACKDOOR_MODEL: SimVariable[] = [
  { id: 'Z', states: ['low', 'mid', 'high'], parents: [], table: [[0.5, 0.3, 0.2]] },
  { id: 'X', states: ['0', '1'], parents: ['Z'], table: [[0.8, 0.2], [0.5, 0.5], [0.15, 0.85]] },
  {
    id: 'Y',
    states: ['0', '1'],
    parents: ['Z', 'X'],
    table: [[0.9, 0.1], [0.7, 0.3], [0.6, 0.4], [0.4, 0.6], [0.3, 0.7], [0.1, 0.9]],
  },
];
export const BACKDOOR_GRAPH = { nodes: ['Z', 'X', 'Y'], edges: [{ from: 'Z', to: 'X' }, { from: 'Z', to: 'Y' }, { from: 'X', to: 'Y' }] };

/** U → X, U → Y with U latent; X → M → Y: only the front-door criterion identifies the effect. */
export const FRONTDOOR_MODEL: SimVariable[] = [
  { id: 'U', states: ['0', '1'], parents: [], table: [[0.6, 0.4]] },
  { id: 'X', states: ['0', '1'], parents: ['U'], table: [[0.8, 0.2], [0.25, 0.75]] },
  { id: 'M', states: ['0', '1'], parents: ['X'], table: [[0.85, 0.15], [0.2, 0.8]] },
  { id: 'Y', states: ['0', '1'], parents: ['M', 'U'], table: [[0.9, 0.1], [0.5, 0.5], [0.6, 0.4], [0.15, 0.85]] },
];
export const FRONTDOOR_GRAPH = { nodes: ['X', 'M', 'Y'], edges: [{ from: 'X', to: 'M' }, { from: 'M', to: 'Y' }], confounded: [['X', 'Y']] };

/**
 * The napkin (Pearl 2009 §3.7; Shpitser & Pearl 2006): W1 → W2 → X → Y with
 * latents U1 (W1, X) and U2 (W1, Y). Neither back-door nor front-door applies;
 * the ID algorithm's estimand is a quotient with W2 free.
 */
export const NAPKIN_MODEL: SimVariable[] = [
  { id: 'U1', states: ['0', '1'], parents: [], table: [[0.5, 0.5]] },
  { id: 'U2', states: ['0', '1'], parents: [], table: [[0.6, 0.4]] },
  { id: 'W1', states: ['0', '1'], parents: ['U1', 'U2'], table: [[0.8, 0.2], [0.4, 0.6], [0.5, 0.5], [0.1, 0.9]] },
  { id: 'W2', states: ['0', '1'], parents: ['W1'], table: [[0.7, 0.3], [0.2, 0.8]] },
  { id: 'X', states: ['0', '1'], parents: ['W2', 'U1'], table: [[0.8, 0.2], [0.4, 0.6], [0.5, 0.5], [0.1, 0.9]] },
  { id: 'Y', states: ['0', '1'], parents: ['X', 'U2'], table: [[0.85, 0.15], [0.5, 0.5], [0.45, 0.55], [0.1, 0.9]] },
];
export const NAPKIN_GRAPH = {
  nodes: ['W1', 'W2', 'X', 'Y'],
  edges: [{ from: 'W1', to: 'W2' }, { from: 'W2', to: 'X' }, { from: 'X', to: 'Y' }],
  confounded: [['W1', 'X'], ['W1', 'Y']],
};
