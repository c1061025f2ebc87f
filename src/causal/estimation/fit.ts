import { badUserInput } from '../../errors';
import { buildCptModel, type CausalModel } from '..';
import { buildCausalGraph } from '../identification';
import { codeCells, countCells } from './contingency';
import type { EstimationModel } from './modelStructure';
import { parseObservations, type Observations } from './observations';

/**
 * The Dirichlet prior on each CPT row. `bdeu`: pseudo-count ess / (q·r) per
 * cell, q the variable's parent configurations and r its states — the BDeu
 * prior (Buntine 1991; Heckerman, Geiger & Chickering 1995), whose total
 * weight `ess` does not grow with the number of parents. `uniform`: the same
 * pseudo-count `alpha` in every cell (alpha = 1 is Laplace's rule, 0 plain
 * maximum likelihood).
 */
export type DirichletPrior = { kind: 'bdeu'; ess: number } | { kind: 'uniform'; alpha: number };

export const DEFAULT_PRIOR: DirichletPrior = { kind: 'bdeu', ess: 1 };

/**
 * Fits the CPT of every variable of the graph from observations: the
 * posterior mean under the Dirichlet prior,
 *   θ_ijk = (n_ijk + α_ijk) / (n_ij + Σ_k α_ijk),
 * n_ijk the rows with X_i = k and parents in configuration j (first parent
 * varying slowest, as the design's CPT JSON). With zero pseudo-counts this is
 * the maximum-likelihood estimate, and a parent configuration no row has
 * is a BAD_USER_INPUT naming it — never a made-up row. Confounded pairs are
 * carried over (they matter to identification, not to the CPTs of the
 * observed factorisation's parents).
 */
export function fitCpts(model: EstimationModel, csvText: string, prior: DirichletPrior = DEFAULT_PRIOR): CausalModel {
  const observations = parseObservations(csvText, {
    variables: model.columns ?? model.structure.nodes.map((id) => ({ id, states: model.states.get(id) })),
    required: model.structure.nodes,
  });
  return fitCptsFrom(model, observations, prior);
}

export function fitCptsFrom(model: EstimationModel, observations: Observations, prior: DirichletPrior = DEFAULT_PRIOR): CausalModel {
  checkPrior(prior);
  const graph = buildCausalGraph(model.structure); // validates: known names, no cycle
  const columnOf = new Map(observations.names.map((name, i) => [name, i]));
  const cpts = graph.names.map((variable, v) => {
    const parents = graph.parents[v].map((p) => graph.names[p]);
    const columns = [...parents, variable].map((name) => columnOf.get(name)!);
    const coding = codeCells(observations, columns);
    const counts = countCells(coding.codes, coding.cells);
    const r = observations.states[columnOf.get(variable)!].length;
    const q = coding.cells / r;
    const pseudo = prior.kind === 'bdeu' ? prior.ess / (q * r) : prior.alpha;
    const table: number[][] = [];
    for (let j = 0; j < q; j++) {
      let total = 0;
      for (let k = 0; k < r; k++) total += counts[j * r + k] + pseudo;
      if (total === 0) {
        // Row j holds cells j·r … j·r + r − 1; decode the parents from the first.
        const configuration = parents.map((p, i) => `${p}=${observations.states[columns[i]][Math.floor((j * r) / coding.strides[i]) % coding.cardinalities[i]]}`);
        throw badUserInput(
          `no row has ${configuration.join(', ')}, so the CPT row of "${variable}" for it has no maximum-likelihood estimate; use a prior with pseudo-counts > 0`,
          'data',
          { variable, parents: configuration },
        );
      }
      const row = new Array<number>(r);
      for (let k = 0; k < r; k++) row[k] = (counts[j * r + k] + pseudo) / total;
      table.push(row);
    }
    return { variable, parents, table };
  });
  const variables = graph.names.map((id) => ({ id, states: observations.states[columnOf.get(id)!] }));
  const described = prior.kind === 'bdeu' ? `BDeu prior, equivalent sample size ${prior.ess}` : `Dirichlet prior, pseudo-count ${prior.alpha} per cell`;
  return buildCptModel(variables, cpts, {
    confounded: model.structure.confounded,
    format: 'cpt-json',
    assumptions: [`CPTs fitted from ${observations.rows} rows: posterior mean under a ${described}`],
  });
}

function checkPrior(prior: DirichletPrior): void {
  const value = prior.kind === 'bdeu' ? prior.ess : prior.alpha;
  if (!(value >= 0 && Number.isFinite(value))) throw badUserInput(`the prior's pseudo-count must be a finite number ≥ 0, got ${value}`, 'alpha');
}
