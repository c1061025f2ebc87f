import { CausewayError, badUserInput } from '../../errors';
import { buildCausalGraph, identifyEffect, type CausalStructure, type Identification, type IdentificationMethod, type NamedExpr } from '../identification';
import { percentileInterval, resampleCounts, summarize } from './bootstrap';
import { countCells } from './contingency';
import { buildEffectEstimator, positivityError, type EffectEstimator, type EffectParts, type EffectQuery } from './effectEstimator';
import type { EstimationModel } from './modelStructure';
import { parseObservations, type Observations } from './observations';
import { deriveSeed, seededRandom } from './random';
import { refute, type Refutations } from './refute';

export interface EstimateOptions {
  /** Bootstrap resamples (default 200). */
  bootstrap?: number;
  /** Interval level (default 0.95). */
  level?: number;
  /** Seed of every random draw (default 0): same data and seed, same answer bit for bit. */
  seed?: number;
  /** Dirichlet pseudo-count per cell of each conditional (default 0: plain frequencies; zero strata are errors). */
  alpha?: number;
  /** Simulations per refuter (default 100, DoWhy's); 0 skips the refutations. */
  simulations?: number;
  /** Share of rows in each data-subset simulation (default 0.8, DoWhy's). */
  subsetFraction?: number;
}

export const ESTIMATE_DEFAULTS = { bootstrap: 200, level: 0.95, seed: 0, alpha: 0, simulations: 100, subsetFraction: 0.8 } as const;

export interface EstimateAnswer extends EffectParts {
  interval: { level: number; bootstrap: number; standardError: number; undefinedResamples: number; ate?: [number, number]; effect?: [number, number] };
  method: IdentificationMethod;
  adjustmentSet: string[] | null;
  frontdoorSet?: string[];
  estimand: string;
  refutations: Refutations | null;
  certificate: EstimateCertificate;
}

export interface EstimateCertificate {
  type: 'causeway.causal.estimate';
  version: 1;
  graph: CausalStructure;
  query: EffectQuery;
  identification: { method: IdentificationMethod; adjustmentSet?: string[]; frontdoorSet?: string[]; estimand: string; estimandTree: NamedExpr };
  /**
   * The sufficient statistic the numbers are computed from: counts of every
   * joint value of the estimand's variables, first variable varying slowest.
   * Evaluating `estimandTree` on it (with `alpha`) gives pDo, pControl and
   * pBaseline bit for bit; the bootstrap and refutations replay from the rows and `seed`.
   */
  table: { variables: Array<{ id: string; states: string[] }>; counts: number[]; rows: number };
  alpha: number;
  seed: number;
  bootstrap: number;
  simulations: number;
  assumptions: string[];
  result: EffectParts;
}

/**
 * Estimates P(y | do(x)) (and the ATE against a control) from CSV text:
 *  1. identify the effect from the graph (back-door, front-door or ID); a
 *     hedge is a NOT_IDENTIFIABLE error naming it;
 *  2. read the CSV, requiring the columns the estimand reads;
 *  3. evaluate the estimand on the empirical distribution (counts);
 *  4. bootstrap it (seeded percentile interval) and run the refuters.
 */
export function estimateFromCsv(model: EstimationModel, csvText: string, query: EffectQuery, options: EstimateOptions = {}): EstimateAnswer {
  const identification = identify(model.structure, query);
  const observations = parseObservations(csvText, {
    variables: model.columns ?? model.structure.nodes.map((id) => ({ id, states: model.states.get(id) })),
    required: requiredColumns(identification.expression, query),
  });
  return estimateEffect(model.structure, identification, observations, query, options);
}

export function identify(structure: CausalStructure, query: EffectQuery): Identification & { identifiable: true } {
  const identification = identifyEffect(buildCausalGraph(structure), [query.treatment.variable], [query.outcome.variable]);
  if (!identification.identifiable) {
    const { hedge } = identification;
    throw new CausewayError(
      `P(${query.outcome.variable} | do(${query.treatment.variable})) is not identifiable from observational data: ` +
        `hedge with F = {${hedge.F.nodes.join(', ')}} and F′ = {${hedge.Fprime.nodes.join(', ')}} rooted at {${hedge.roots.join(', ')}}`,
      { code: 'NOT_IDENTIFIABLE', details: { hedge } },
    );
  }
  return identification;
}

export function estimateEffect(
  structure: CausalStructure,
  identification: Identification & { identifiable: true },
  observations: Observations,
  query: EffectQuery,
  options: EstimateOptions = {},
): EstimateAnswer {
  // Options left undefined (a CLI flag not given) keep their default.
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const settings: Required<EstimateOptions> = { ...ESTIMATE_DEFAULTS, ...given };
  checkSettings(settings);
  const estimator = buildEffectEstimator(identification.expression, observations, query, settings.alpha);
  const point = estimator.parts(estimator.counts);
  const headline = point.ate ?? point.effect;
  if (Number.isNaN(headline)) throw positivityError(estimator.emptyStratum(), `P(${query.outcome.variable} | do(${query.treatment.variable}))`);

  const replicates = bootstrapReplicates(estimator, settings.bootstrap, deriveSeed(settings.seed, 'bootstrap'));
  const spread = summarize(replicates);
  const undefinedResamples = replicates.length - spread.defined;
  const interval = percentileInterval(replicates, settings.level);
  const refutations =
    settings.simulations > 0
      ? refute(refutationTarget(structure, observations, estimator, query, settings.alpha, headline, spread.sd), settings)
      : null;

  return {
    ...point,
    interval: {
      [point.ate !== undefined ? 'ate' : 'effect']: interval,
      level: settings.level,
      bootstrap: settings.bootstrap,
      standardError: spread.sd,
      undefinedResamples,
    },
    method: identification.method,
    adjustmentSet: identification.adjustmentSet ?? null,
    ...(identification.frontdoorSet ? { frontdoorSet: identification.frontdoorSet } : {}),
    estimand: identification.estimand,
    refutations,
    certificate: {
      type: 'causeway.causal.estimate',
      version: 1,
      graph: structure,
      query,
      identification: {
        method: identification.method,
        ...(identification.adjustmentSet ? { adjustmentSet: identification.adjustmentSet } : {}),
        ...(identification.frontdoorSet ? { frontdoorSet: identification.frontdoorSet } : {}),
        estimand: identification.estimand,
        estimandTree: identification.expression,
      },
      table: {
        variables: estimator.variables.map((id, i) => ({ id, states: [...observations.states[estimator.coding.columns[i]]] })),
        counts: Array.from(estimator.counts),
        rows: observations.rows,
      },
      alpha: settings.alpha,
      seed: settings.seed,
      bootstrap: settings.bootstrap,
      simulations: settings.simulations,
      assumptions: [
        'rows are independent draws from one distribution that the graph describes',
        settings.alpha > 0 ? `each conditional smoothed with Dirichlet pseudo-count ${settings.alpha} per cell` : 'plain empirical frequencies (no smoothing)',
      ],
      result: point,
    },
  };
}

/** B resampled estimates; a resample that empties a needed stratum gives NaN and is counted, not hidden. */
function bootstrapReplicates(estimator: EffectEstimator, b: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const counts = new Float64Array(estimator.coding.cells);
  const out = new Float64Array(b);
  for (let i = 0; i < b; i++) out[i] = estimator.headline(resampleCounts(estimator.coding.codes, random, counts));
  return out;
}

/** The three alterations the refuters ask for, each a recount of joint cells. */
function refutationTarget(
  structure: CausalStructure,
  observations: Observations,
  estimator: EffectEstimator,
  query: EffectQuery,
  alpha: number,
  estimate: number,
  standardError: number,
) {
  const { codes, cells, columns, strides } = estimator.coding;
  const n = observations.rows;
  const scratch = new Int32Array(n);
  const counts = new Float64Array(cells);

  const xColumn = observations.names.indexOf(query.treatment.variable);
  const xValues = observations.columns[xColumn];
  const xStride = strides[columns.indexOf(xColumn)];

  // The random common cause W joins the graph as a parent of X and Y; the
  // augmented graph is identified once and its estimator built once over a
  // W column of zeros, so each simulation only adds W's stride to the codes.
  let w = 'random_common_cause';
  while (structure.nodes.includes(w)) w = `_${w}`;
  const augmented: CausalStructure = {
    nodes: [...structure.nodes, w],
    edges: [...structure.edges, { from: w, to: query.treatment.variable }, { from: w, to: query.outcome.variable }],
    confounded: structure.confounded,
  };
  const withCause = identify(augmented, query);
  const augmentedObservations: Observations = {
    names: [...observations.names, w],
    states: [...observations.states, ['0', '1']],
    columns: [...observations.columns, new Int32Array(n)],
    rows: n,
  };
  const causeEstimator = buildEffectEstimator(withCause.expression, augmentedObservations, query, alpha);
  const wPosition = causeEstimator.coding.columns.indexOf(observations.names.length);
  const wStride = wPosition >= 0 ? causeEstimator.coding.strides[wPosition] : 0;
  const causeCounts = new Float64Array(causeEstimator.coding.cells);

  return {
    rows: n,
    estimate,
    standardError,
    placebo(perm: Int32Array): number {
      for (let r = 0; r < n; r++) scratch[r] = codes[r] + (xValues[perm[r]] - xValues[r]) * xStride;
      return estimator.headline(countCells(scratch, cells, undefined, counts));
    },
    randomCommonCause(covariate: Int32Array): number {
      const base = causeEstimator.coding.codes;
      for (let r = 0; r < n; r++) scratch[r] = base[r] + covariate[r] * wStride;
      return causeEstimator.headline(countCells(scratch, causeEstimator.coding.cells, undefined, causeCounts));
    },
    subset(rows: Int32Array): number {
      return estimator.headline(countCells(codes, cells, rows, counts));
    },
  };
}

function requiredColumns(expression: NamedExpr, query: EffectQuery): string[] {
  const names = new Set<string>([query.treatment.variable, query.outcome.variable]);
  const walk = (e: NamedExpr): void => {
    if (e.kind === 'prob') [...e.head, ...e.given].forEach((v) => names.add(v));
    else if (e.kind === 'product') e.factors.forEach(walk);
    else if (e.kind === 'sum') walk(e.body);
    else walk(e.numerator), walk(e.denominator);
  };
  walk(expression);
  return [...names];
}

function checkSettings(s: Required<EstimateOptions>): void {
  if (!Number.isSafeInteger(s.bootstrap) || s.bootstrap < 2) throw badUserInput(`bootstrap must be an integer ≥ 2, got ${s.bootstrap}`, 'bootstrap');
  if (!(s.level > 0 && s.level < 1)) throw badUserInput(`level must be in (0, 1), got ${s.level}`, 'level');
  if (!(s.alpha >= 0 && Number.isFinite(s.alpha))) throw badUserInput(`alpha must be a finite number ≥ 0, got ${s.alpha}`, 'alpha');
  if (!Number.isSafeInteger(s.simulations) || s.simulations < 0) throw badUserInput(`simulations must be an integer ≥ 0, got ${s.simulations}`, 'simulations');
  if (!(s.subsetFraction > 0 && s.subsetFraction < 1)) throw badUserInput(`subset fraction must be in (0, 1), got ${s.subsetFraction}`, 'subsetFraction');
  if (!Number.isSafeInteger(s.seed)) throw badUserInput(`seed must be an integer, got ${s.seed}`, 'seed');
}
