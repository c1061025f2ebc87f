import { modelToJson, parseModelText, queryDistribution } from '../../../../src/causal';
import { fitCpts, readEstimationModel } from '../../../../src/causal/estimation';
import { isCausewayError } from '../../../../src/errors';
import { BACKDOOR_GRAPH, BACKDOOR_MODEL, simulateCsv } from './simulate';

const graph = readEstimationModel(JSON.stringify(BACKDOOR_GRAPH));

test('fitted CPTs recover the generating ones within sampling tolerance', () => {
  const fitted = fitCpts(graph, simulateCsv(BACKDOOR_MODEL, 40_000, 11), { kind: 'uniform', alpha: 0 });
  for (const truth of BACKDOOR_MODEL) {
    const v = fitted.variables.find((f) => f.id === truth.id)!;
    expect(v.parents).toEqual(truth.parents);
    // Data-derived states sort by code unit; compare by state name, row by row.
    const table = v.mechanism.type === 'cpt' ? v.mechanism.table : new Float64Array();
    const width = v.states.length;
    const rowOf = (config: number[]) => config.reduce((row, s, i) => row * fitted.variables.find((p) => p.id === truth.parents[i])!.states.length + s, 0);
    truth.table.forEach((row, r) => {
      // Decode r in the truth's parent state order, then re-encode in the fitted order.
      const config: number[] = [];
      let rest = r;
      for (let i = truth.parents.length - 1; i >= 0; i--) {
        const parent = BACKDOOR_MODEL.find((p) => p.id === truth.parents[i])!;
        const state = parent.states[rest % parent.states.length];
        rest = Math.floor(rest / parent.states.length);
        config.unshift(fitted.variables.find((p) => p.id === parent.id)!.states.indexOf(state));
      }
      const fittedRow = rowOf(config);
      truth.states.forEach((state, k) => {
        expect(Math.abs(table[fittedRow * width + v.states.indexOf(state)] - row[k])).toBeLessThan(0.02);
      });
    });
  }
});

test('alpha 0 gives exact frequencies; the default BDeu prior adds 1/(q·r) per cell', () => {
  const csv = 'A,B\n0,0\n0,1\n0,1\n1,1\n';
  const structure = readEstimationModel(JSON.stringify({ nodes: ['A', 'B'], edges: [{ from: 'A', to: 'B' }] }));
  const ml = modelToJson(fitCpts(structure, csv, { kind: 'uniform', alpha: 0 })) as { cpts: Array<{ variable: string; table: number[][] }> };
  expect(ml.cpts.find((c) => c.variable === 'A')!.table).toEqual([[0.75, 0.25]]);
  expect(ml.cpts.find((c) => c.variable === 'B')!.table).toEqual([[1 / 3, 2 / 3], [0, 1]]);
  const bdeu = modelToJson(fitCpts(structure, csv)) as { cpts: Array<{ variable: string; table: number[][] }> };
  // B: q = 2 parent configurations, r = 2 states → 1/4 per cell; row A=1: (0 + 1/4, 1 + 1/4) / 1.5.
  expect(bdeu.cpts.find((c) => c.variable === 'B')!.table[1][0]).toBeCloseTo(0.25 / 1.5, 12);
  expect(bdeu.cpts.find((c) => c.variable === 'A')!.table[0][0]).toBeCloseTo(3.5 / 5, 12);
});

test('a parent configuration no row has is an error under maximum likelihood, and smoothed under a prior', () => {
  const structure = readEstimationModel(
    JSON.stringify({ variables: [{ id: 'A', states: ['0', '1', '2'] }, { id: 'B', states: ['0', '1'] }], cpts: [{ variable: 'A', parents: [] }, { variable: 'B', parents: ['A'] }] }),
  );
  const csv = 'A,B\n0,0\n1,1\n';
  let error: unknown;
  try {
    fitCpts(structure, csv, { kind: 'uniform', alpha: 0 });
  } catch (e) {
    error = e;
  }
  expect(isCausewayError(error) && error.code).toBe('BAD_USER_INPUT');
  expect((error as Error).message).toMatch(/no row has A=2/);
  const smoothed = fitCpts(structure, csv, { kind: 'uniform', alpha: 1 });
  const b = smoothed.variables.find((v) => v.id === 'B')!;
  expect(b.mechanism.type === 'cpt' && Array.from(b.mechanism.table.subarray(4))).toEqual([0.5, 0.5]);
});

test('the fitted model round-trips through the CPT JSON parser and answers queries like the truth', () => {
  const fitted = fitCpts(graph, simulateCsv(BACKDOOR_MODEL, 40_000, 5));
  const reread = parseModelText(JSON.stringify(modelToJson(fitted)));
  const p = queryDistribution(reread, { target: 'Y', do: { X: '1' }, given: {} }).distribution['1'];
  // Truth by hand: Σ_z P(z) P(Y=1 | z, X=1) = 0.5·0.3 + 0.3·0.6 + 0.2·0.9.
  expect(p).toBeCloseTo(0.5 * 0.3 + 0.3 * 0.6 + 0.2 * 0.9, 1);
});

test('a model file keeps its declared states and confounded pairs; numbers in it are ignored', () => {
  const structure = readEstimationModel(
    JSON.stringify({
      variables: [{ id: 'X', states: ['off', 'on', 'never'] }, { id: 'Y', states: ['n', 'y'] }],
      cpts: [{ variable: 'X', parents: [], table: [[1, 0, 0]] }, { variable: 'Y', parents: ['X'], table: [[1, 0], [1, 0], [1, 0]] }],
      confounded: [['X', 'Y']],
    }),
  );
  const fitted = fitCpts(structure, 'X,Y\non,y\noff,n\n');
  expect(fitted.variables.find((v) => v.id === 'X')!.states).toEqual(['off', 'on', 'never']);
  expect(fitted.confounded).toEqual([['X', 'Y']]);
});

test('a noisy-OR model file supplies states false/true, and values outside them are refused with their line', () => {
  const noisyOr = readEstimationModel(JSON.stringify({ nodes: [{ id: 'A', leak: 0.1 }, { id: 'B', leak: 0.2 }], edges: [{ from: 'A', to: 'B', kind: 'CAUSES', strength: 0.9 }] }));
  const fitted = fitCpts(noisyOr, 'A,B\ntrue,true\nfalse,false\nfalse,true\n', { kind: 'uniform', alpha: 0 });
  expect(fitted.variables.map((v) => v.states)).toEqual([['false', 'true'], ['false', 'true']]);
  const b = fitted.variables.find((v) => v.id === 'B')!;
  expect(b.mechanism.type === 'cpt' && Array.from(b.mechanism.table)).toEqual([0.5, 0.5, 0, 1]);
  let error: unknown;
  try {
    fitCpts(noisyOr, 'A,B\ntrue,true\nyes,false\n');
  } catch (e) {
    error = e;
  }
  expect(isCausewayError(error) && error.details?.line).toBe(3);
});
