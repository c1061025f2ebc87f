import {
  estimateEffect,
  estimateFromCsv,
  identify,
  parseObservations,
  readEstimationModel,
  refute,
  type EffectQuery,
  type RefutationTarget,
} from '../../../../src/causal/estimation';
import { isCausewayError } from '../../../../src/errors';
import {
  BACKDOOR_GRAPH,
  BACKDOOR_MODEL,
  FRONTDOOR_GRAPH,
  FRONTDOOR_MODEL,
  NAPKIN_GRAPH,
  NAPKIN_MODEL,
  simulateCsv,
  trueInterventional,
  type SimVariable,
} from './simulate';

const ate: EffectQuery = { treatment: { variable: 'X', state: '1' }, control: { variable: 'X', state: '0' }, outcome: { variable: 'Y', state: '1' } };
const fast = { bootstrap: 200, simulations: 30 };

function trueAte(model: SimVariable[]): number {
  return trueInterventional(model, { X: '1' }, 'Y', '1') - trueInterventional(model, { X: '0' }, 'Y', '1');
}

function thrown(run: () => unknown): { code: string; message: string; details?: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    if (isCausewayError(error)) return { code: error.code, message: error.message, details: error.details };
    throw error;
  }
  throw new Error('expected a typed error');
}

describe.each([
  ['back-door', BACKDOOR_MODEL, BACKDOOR_GRAPH, [] as string[], 'backdoor'],
  ['front-door', FRONTDOOR_MODEL, FRONTDOOR_GRAPH, ['U'], 'frontdoor'],
  ['napkin (ID algorithm)', NAPKIN_MODEL, NAPKIN_GRAPH, ['U1', 'U2'], 'id'],
])('%s graph', (_name, model, graph, hidden, method) => {
  const csv = simulateCsv(model, 20_000, 2024, hidden);
  const answer = estimateFromCsv(readEstimationModel(JSON.stringify(graph)), csv, ate, fast);

  test(`identifies by ${method} and recovers the true ATE inside its 95% bootstrap interval`, () => {
    expect(answer.method).toBe(method);
    const truth = trueAte(model);
    const [lo, hi] = answer.interval.ate!;
    expect(lo).toBeLessThanOrEqual(truth);
    expect(hi).toBeGreaterThanOrEqual(truth);
    expect(hi - lo).toBeLessThan(0.06); // an interval, not a shrug
    expect(answer.ate).toBeCloseTo(answer.pDo - answer.pControl!, 15);
    expect(answer.pDo).toBeCloseTo(trueInterventional(model, { X: '1' }, 'Y', '1'), 1);
  });

  test('the refuters pass on the correct model', () => {
    const r = answer.refutations!;
    expect(r.placeboTreatment.pass).toBe(true);
    expect(Math.abs(r.placeboTreatment.meanEffect)).toBeLessThanOrEqual(r.placeboTreatment.tolerance);
    expect(r.placeboTreatment.pValue).toBeLessThan(0.05); // the real effect stands out from every placebo
    expect(r.randomCommonCause.pass).toBe(true);
    expect(r.dataSubset.pass).toBe(true);
    expect(r.dataSubset.simulations).toBe(30);
  });
});

test('on the back-door graph the naive contrast is biased and adjustment removes the bias', () => {
  const csv = simulateCsv(BACKDOOR_MODEL, 20_000, 99);
  const truth = trueAte(BACKDOOR_MODEL);
  const pointOnly = { bootstrap: 2, simulations: 0 };
  const adjusted = estimateFromCsv(readEstimationModel(JSON.stringify(BACKDOOR_GRAPH)), csv, ate, pointOnly);
  const unconfounded = estimateFromCsv(readEstimationModel(JSON.stringify({ nodes: ['Z', 'X', 'Y'], edges: [{ from: 'X', to: 'Y' }] })), csv, ate, pointOnly);
  expect(adjusted.adjustmentSet).toEqual(['Z']);
  expect(unconfounded.adjustmentSet).toEqual([]);
  expect(Math.abs(adjusted.ate! - truth)).toBeLessThan(0.02);
  expect(unconfounded.ate! - truth).toBeGreaterThan(0.1); // confounding by Z inflates P(y|x1) − P(y|x0)
});

test('the effect without a control is C(X,Y) = P(y|do(x)) − P(y), with its interval', () => {
  const csv = simulateCsv(BACKDOOR_MODEL, 5_000, 3);
  const answer = estimateFromCsv(readEstimationModel(JSON.stringify(BACKDOOR_GRAPH)), csv, { treatment: ate.treatment, outcome: ate.outcome }, { ...fast, simulations: 0 });
  expect(answer.ate).toBeUndefined();
  expect(answer.effect).toBe(answer.pDo - answer.pBaseline);
  const observed = csv.trim().split('\n').slice(1).filter((line) => line.endsWith(',1')).length / 5_000;
  expect(answer.pBaseline).toBeCloseTo(observed, 12);
  expect(answer.interval.effect![0]).toBeLessThan(answer.effect);
  expect(answer.interval.effect![1]).toBeGreaterThan(answer.effect);
  expect(answer.refutations).toBeNull();
});

test('the same data and seed give the same answer bit for bit; another seed another interval', () => {
  const csv = simulateCsv(FRONTDOOR_MODEL, 5_000, 8, ['U']);
  const graph = readEstimationModel(JSON.stringify(FRONTDOOR_GRAPH));
  const a = estimateFromCsv(graph, csv, ate, { bootstrap: 50, simulations: 5, seed: 1 });
  const b = estimateFromCsv(graph, csv, ate, { bootstrap: 50, simulations: 5, seed: 1 });
  const c = estimateFromCsv(graph, csv, ate, { bootstrap: 50, simulations: 5, seed: 2 });
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  expect(c.ate).toBe(a.ate);
  expect(c.interval.ate).not.toEqual(a.interval.ate);
});

test('the certificate table recomputes the point estimate by the back-door formula', () => {
  const csv = simulateCsv(BACKDOOR_MODEL, 3_000, 4);
  const answer = estimateFromCsv(readEstimationModel(JSON.stringify(BACKDOOR_GRAPH)), csv, ate, { bootstrap: 20, simulations: 0 });
  const { variables, counts, rows } = answer.certificate.table;
  expect(variables.map((v) => v.id)).toEqual(['Z', 'X', 'Y']);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(rows);
  const [z, x, y] = variables.map((v) => v.states.length);
  const n = (zi: number, xi: number, yi: number) => counts[(zi * x + xi) * y + yi];
  const x1 = variables[1].states.indexOf('1');
  const y1 = variables[2].states.indexOf('1');
  let pDo = 0;
  for (let zi = 0; zi < z; zi++) {
    const nz = [0, 1].reduce((s, xi) => s + n(zi, xi, 0) + n(zi, xi, 1), 0);
    pDo += (n(zi, x1, y1) / (n(zi, x1, 0) + n(zi, x1, 1))) * (nz / rows);
  }
  expect(answer.pDo).toBeCloseTo(pDo, 14);
  expect(answer.certificate.identification.estimandTree).toEqual({
    kind: 'sum',
    over: ['Z'],
    body: { kind: 'product', factors: [{ kind: 'prob', head: ['Y'], given: ['X', 'Z'] }, { kind: 'prob', head: ['Z'], given: [] }] },
  });
});

test('the placebo refuter catches an estimator that ignores the treatment column it is given', () => {
  const csv = simulateCsv(BACKDOOR_MODEL, 10_000, 21);
  const graph = readEstimationModel(JSON.stringify(BACKDOOR_GRAPH));
  const honest = estimateFromCsv(graph, csv, ate, fast);
  // A leaky pipeline: whatever treatment it is handed, it reports the effect of the real one.
  const fake: RefutationTarget = {
    rows: 10_000,
    estimate: honest.ate!,
    standardError: honest.interval.standardError,
    placebo: () => honest.ate!,
    randomCommonCause: () => honest.ate!,
    subset: () => honest.ate!,
  };
  const caught = refute(fake, { simulations: 30, subsetFraction: 0.8, seed: 0 });
  expect(caught.placeboTreatment.pass).toBe(false);
  expect(caught.placeboTreatment.pValue).toBe(1);
  expect(honest.refutations!.placeboTreatment.pass).toBe(true);
});

test('the data-subset and random-common-cause refuters catch estimates that drift', () => {
  const target: RefutationTarget = {
    rows: 1_000,
    estimate: 0.2,
    standardError: 0.01,
    placebo: () => 0,
    randomCommonCause: () => 0.25, // a covariate that should not matter moves the estimate by 5 SE
    subset: (rows) => 0.2 + rows.length / 1e4, // estimates that depend on how much data they see
  };
  const r = refute(target, { simulations: 20, subsetFraction: 0.8, seed: 0 });
  expect(r.placeboTreatment.pass).toBe(true);
  expect(r.randomCommonCause.pass).toBe(false);
  expect(r.dataSubset.pass).toBe(false);
});

test('a non-identifiable effect is NOT_IDENTIFIABLE naming the hedge', () => {
  const bow = readEstimationModel(JSON.stringify({ nodes: ['X', 'Y'], edges: [{ from: 'X', to: 'Y' }], confounded: [['X', 'Y']] }));
  const e = thrown(() => estimateFromCsv(bow, 'X,Y\n0,1\n1,0\n', ate));
  expect(e.code).toBe('NOT_IDENTIFIABLE');
  expect(e.message).toMatch(/hedge with F = \{X, Y\} and F′ = \{Y\}/);
  expect(e.details?.hedge).toBeDefined();
});

test('an empty stratum is ZERO_PROBABILITY_EVIDENCE naming it, never NaN; --alpha smooths it', () => {
  // Z=c occurs, but never with X=1: P(y | x=1, z=c) is undefined.
  const csv = 'Z,X,Y\na,0,0\na,1,1\nb,0,1\nb,1,0\nc,0,0\nc,0,1\n';
  const graph = readEstimationModel(JSON.stringify(BACKDOOR_GRAPH));
  const e = thrown(() => estimateFromCsv(graph, csv, ate, { bootstrap: 10, simulations: 0 }));
  expect(e.code).toBe('ZERO_PROBABILITY_EVIDENCE');
  expect(e.details?.stratum).toEqual({ Z: 'c', X: '1' });
  expect(e.message).toMatch(/--alpha/);
  const smoothed = estimateFromCsv(graph, csv, ate, { bootstrap: 10, simulations: 0, alpha: 1 });
  // Σ_z P(y=1 | x, z) P(z), each conditional (n + 1) / (n_xz + 2), P(z) = (n_z + 1) / (6 + 3).
  const pz = [3 / 9, 3 / 9, 3 / 9];
  const pDo = pz[0] * (2 / 3) + pz[1] * (1 / 3) + pz[2] * (1 / 2);
  expect(smoothed.pDo).toBeCloseTo(pDo, 14);
  for (const v of [smoothed.pDo, smoothed.pControl!, smoothed.ate!, ...smoothed.interval.ate!, smoothed.interval.standardError]) expect(Number.isFinite(v)).toBe(true);
});

test('query mistakes are INVALID_QUERY', () => {
  const graph = readEstimationModel(JSON.stringify(BACKDOOR_GRAPH));
  const csv = simulateCsv(BACKDOOR_MODEL, 200, 1);
  expect(thrown(() => estimateFromCsv(graph, csv, { ...ate, treatment: { variable: 'X', state: '7' } })).code).toBe('INVALID_QUERY');
  expect(thrown(() => estimateFromCsv(graph, csv, { ...ate, control: { variable: 'Z', state: 'low' } })).code).toBe('INVALID_QUERY');
  expect(thrown(() => estimateFromCsv(graph, csv, { ...ate, outcome: { variable: 'Q', state: '1' } })).code).toBe('INVALID_QUERY');
});

test('only the columns the estimand reads are required', () => {
  // Front-door reads X, M, Y; a graph with an extra unobserved-in-data node W still estimates.
  const graph = { ...FRONTDOOR_GRAPH, nodes: [...FRONTDOOR_GRAPH.nodes, 'W'], edges: [...FRONTDOOR_GRAPH.edges, { from: 'Y', to: 'W' }] };
  const csv = simulateCsv(FRONTDOOR_MODEL, 2_000, 5, ['U']);
  const model = readEstimationModel(JSON.stringify(graph));
  const answer = estimateFromCsv(model, csv, ate, { bootstrap: 20, simulations: 0 });
  expect(answer.method).toBe('frontdoor');
  const obs = parseObservations(csv, { variables: graph.nodes.map((id) => ({ id })), required: ['X', 'M', 'Y'] });
  expect(estimateEffect(model.structure, identify(model.structure, ate), obs, ate, { bootstrap: 20, simulations: 0 }).ate).toBe(answer.ate);
});

test('the random common cause enters the back-door estimand and moves it a little; front-door never reads it', () => {
  const backdoor = estimateFromCsv(readEstimationModel(JSON.stringify(BACKDOOR_GRAPH)), simulateCsv(BACKDOOR_MODEL, 5_000, 6), ate, { bootstrap: 50, simulations: 10 });
  const frontdoor = estimateFromCsv(readEstimationModel(JSON.stringify(FRONTDOOR_GRAPH)), simulateCsv(FRONTDOOR_MODEL, 5_000, 6, ['U']), ate, { bootstrap: 50, simulations: 10 });
  const moved = backdoor.refutations!.randomCommonCause;
  expect(moved.sdEffect).toBeGreaterThan(0); // stratifying by W changes finite-sample estimates…
  expect(moved.sdEffect).toBeLessThan(backdoor.interval.standardError); // …by much less than their sampling error
  expect(frontdoor.refutations!.randomCommonCause.sdEffect).toBe(0);
  expect(frontdoor.refutations!.randomCommonCause.meanEffect).toBe(frontdoor.ate);
});
