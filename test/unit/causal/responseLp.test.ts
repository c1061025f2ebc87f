import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  buildNoisyOrModel,
  counterfactualQuery,
  lpAnswer,
  modelToJson,
  oppositeArmBounds,
  parseModelText,
  type CausalModel,
  type CounterfactualAnswer,
  type LinearProgram,
  type LpSolver,
} from '../../../src/causal';
import { loadLpSolver } from '../../../src/services/causal';
import { verifyCausalOutput } from '../../../src/verify/causal';
import { counterfactualBySwitches, type SwitchSpec } from './switches';

/**
 * The response-function LP (Balke & Pearl 1994): equal to Tian & Pearl's
 * closed forms where those apply, containing the exact value of the SCM a
 * CPT model came from, against an independently written LP on a ternary
 * treatment, and its certificates checked (and tampered ones rejected) by
 * `causeway verify`.
 */
let lpSolver: LpSolver;
beforeAll(async () => {
  lpSolver = await loadLpSolver();
});

const STATES = ['false', 'true'];
const asCpt = (model: CausalModel) => parseModelText(JSON.stringify(modelToJson(model, undefined, { asCpt: true })));
const modelOf = (spec: SwitchSpec) => buildNoisyOrModel(spec.leaks.map((leak, i) => ({ id: String(i), baseRate: leak })), spec.edges);
type Query = { target: string; do: Record<string, string>; given: Record<string, string> };
const viaLp = (model: CausalModel, query: Query) => lpAnswer(model, query, query.given, { lpSolver }, 'forced for the test') as Extract<CounterfactualAnswer, { bounds: unknown }>;
const boundsOf = (answer: CounterfactualAnswer) => {
  if (!('bounds' in answer)) throw new Error('expected bounds');
  return answer.bounds;
};

function cptModel(variables: { id: string; states: string[] }[], cpts: { variable: string; parents: string[]; table: number[][] }[]): CausalModel {
  return parseModelText(JSON.stringify({ variables, cpts }));
}

const probability = fc.double({ min: 0.02, max: 0.98, noNaN: true });
const row = fc.tuple(probability).map(([p]) => [1 - p, p]);

test('binary X → Y: the LP gives Tian & Pearl’s closed-form bounds for every evidence pattern', () => {
  fc.assert(
    fc.property(row, row, row, fc.boolean(), fc.option(fc.boolean()), fc.option(fc.boolean()), (px, py0, py1, xDo, xSeen, ySeen) => {
      const model = cptModel(
        [{ id: 'X', states: ['0', '1'] }, { id: 'Y', states: ['0', '1'] }],
        [{ variable: 'X', parents: [], table: [px] }, { variable: 'Y', parents: ['X'], table: [py0, py1] }],
      );
      const given: Record<string, string> = {};
      if (xSeen !== null) given.X = xSeen ? '1' : '0';
      if (ySeen !== null) given.Y = ySeen ? '1' : '0';
      const query = { target: 'Y', do: { X: xDo ? '1' : '0' }, given };
      const closed = boundsOf(counterfactualQuery(model, query));
      const lp = boundsOf(viaLp(model, query));
      for (const s of ['0', '1']) {
        expect(lp[s]![0]).toBeCloseTo(closed[s]![0], 7);
        expect(lp[s]![1]).toBeCloseTo(closed[s]![1], 7);
      }
    }),
    { numRuns: 60 },
  );
});

const smallSpec = fc.integer({ min: 2, max: 3 }).chain((n) =>
  fc.record({
    leaks: fc.array(fc.double({ min: 0.05, max: 0.9, noNaN: true }), { minLength: n, maxLength: n }),
    edges: fc
      .array(fc.record({ from: fc.nat(n - 1), to: fc.nat(n - 1), kind: fc.constantFrom<'CAUSES' | 'PREVENTS'>('CAUSES', 'PREVENTS'), strength: fc.double({ min: 0.05, max: 0.95, noNaN: true }) }), { maxLength: 3 })
      .map((edges) => edges.filter((e) => e.from < e.to).map((e) => ({ ...e, from: String(e.from), to: String(e.to) }))),
  }),
);

test('random binary models: the LP contains the exact counterfactual of the SCM, and lies inside the closed-form bounds where those apply', () => {
  fc.assert(
    fc.property(
      smallSpec,
      fc.nat(),
      fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 1, maxLength: 2 }),
      fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 2 }),
      (spec, t, doing, evidence) => {
        const n = spec.leaks.length;
        const target = t % n;
        const doMap = new Map(doing.map(([v, s]) => [v % n, s ? 1 : 0]));
        const givenMap = new Map(evidence.map(([v, s]) => [v % n, s ? 1 : 0]));
        const exact = counterfactualBySwitches(spec, target, doMap, givenMap);
        if (exact === 'zero') return;
        const query: Query = {
          target: String(target),
          do: Object.fromEntries([...doMap].map(([v, s]) => [String(v), STATES[s]!])),
          given: Object.fromEntries([...givenMap].map(([v, s]) => [String(v), STATES[s]!])),
        };
        const model = asCpt(modelOf(spec));
        const lp = boundsOf(viaLp(model, query));
        expect(lp.true![0]).toBeLessThanOrEqual(exact + 1e-7);
        expect(lp.true![1]).toBeGreaterThanOrEqual(exact - 1e-7);
        const closedFormApplies = doMap.size === 1 && [...givenMap.keys()].every((v) => v === target || doMap.has(v));
        if (closedFormApplies) {
          const closed = boundsOf(counterfactualQuery(model, query));
          expect(lp.true![0]).toBeGreaterThanOrEqual(closed.true![0] - 1e-7);
          expect(lp.true![1]).toBeLessThanOrEqual(closed.true![1] + 1e-7);
        }
        const answer = counterfactualQuery(model, query, { lpSolver, source: { kind: 'inline', embedded: modelToJson(model) } });
        expect(verifyCausalOutput(JSON.parse(JSON.stringify(answer)), { baseDir: '.' })).toMatchObject({ valid: true });
      },
    ),
    { numRuns: 40 },
  );
});

test('ternary outcome, binary treatment: the LP equals the Fréchet bounds P(Y_x = y, Y = y0 | X = x′)', () => {
  const px = [0.35, 0.65];
  const py = [
    [0.5, 0.3, 0.2],
    [0.1, 0.3, 0.6],
  ];
  const model = cptModel(
    [{ id: 'X', states: ['a', 'b'] }, { id: 'Y', states: ['lo', 'mid', 'hi'] }],
    [{ variable: 'X', parents: [], table: [px] }, { variable: 'Y', parents: ['X'], table: py }],
  );
  // P(Y_{X=b} = y | X = a, Y = mid): X is a root, so P(Y_b = y) = P(y | b) and a(y) = P(Y_b = y, X = a) = P(y | b)·P(a).
  const lp = boundsOf(viaLp(model, { target: 'Y', do: { X: 'b' }, given: { X: 'a', Y: 'mid' } }));
  ['lo', 'mid', 'hi'].forEach((y, i) => {
    const [lo, hi] = oppositeArmBounds(py[1]![i]! * px[0]!, py[0]![1]! * px[0]!, px[0]!);
    expect(lp[y]![0]).toBeCloseTo(lo, 8);
    expect(lp[y]![1]).toBeCloseTo(hi, 8);
  });
});

/**
 * An independent formulation for a ternary root X → binary Y: a joint
 * distribution over (X, Y_{x0}, Y_{x1}, Y_{x2}) — 3 · 8 cells — matching
 * P(X = x, Y_x = y) = P(x)P(y | x) and P(Y_x = y) = P(y | x). Written here
 * cell by cell, solved by the same solver.
 */
function potentialOutcomeBounds(px: number[], py: number[][], doX: number, seenX: number, seenY: number, y: number): [number, number] {
  const cells: { x: number; outcomes: number[] }[] = [];
  for (let x = 0; x < 3; x++) for (let o = 0; o < 8; o++) cells.push({ x, outcomes: [o & 1, (o >> 1) & 1, (o >> 2) & 1] });
  const rows: { coefficients: number[]; rhs: number }[] = [];
  for (let x = 0; x < 3; x++) {
    for (let v = 0; v < 2; v++) {
      rows.push({ coefficients: cells.map((c) => (c.x === x && c.outcomes[x] === v ? 1 : 0)), rhs: px[x]! * py[x]![v]! });
      rows.push({ coefficients: cells.map((c) => (c.outcomes[x] === v ? 1 : 0)), rhs: py[x]![v]! });
    }
  }
  const cost = Float64Array.from(cells, (c) => (c.x === seenX && c.outcomes[seenX] === seenY && c.outcomes[doX] === y ? 1 : 0));
  const start: number[] = [0];
  const index: number[] = [];
  const value: number[] = [];
  cells.forEach((_, j) => {
    rows.forEach((r, i) => {
      if (r.coefficients[j] !== 0) {
        index.push(i);
        value.push(r.coefficients[j]!);
      }
    });
    start.push(index.length);
  });
  const solve = (sense: 'min' | 'max') => {
    const program: LinearProgram = {
      numCols: cells.length,
      numRows: rows.length,
      sense,
      cost,
      rhs: Float64Array.from(rows, (r) => r.rhs),
      start: Int32Array.from(start),
      index: Int32Array.from(index),
      value: Float64Array.from(value),
    };
    const solution = lpSolver.solve(program);
    expect(solution.status).toBe('optimal');
    return solution.objective / (px[seenX]! * py[seenX]![seenY]!);
  };
  return [solve('min'), solve('max')];
}

test('ternary treatment: the LP agrees with an independent potential-outcome formulation', () => {
  const px = [0.2, 0.5, 0.3];
  const py = [
    [0.7, 0.3],
    [0.4, 0.6],
    [0.1, 0.9],
  ];
  const model = cptModel(
    [{ id: 'X', states: ['x0', 'x1', 'x2'] }, { id: 'Y', states: ['n', 'y'] }],
    [{ variable: 'X', parents: [], table: [px] }, { variable: 'Y', parents: ['X'], table: py }],
  );
  for (const [doX, seenX, seenY] of [
    [0, 1, 1],
    [2, 0, 0],
    [1, 2, 1],
  ] as const) {
    const answer = counterfactualQuery(model, { target: 'Y', do: { X: `x${doX}` }, given: { X: `x${seenX}`, Y: ['n', 'y'][seenY]! } }, { lpSolver });
    expect(answer.certificate.method).toBe('response-function-lp');
    const bounds = boundsOf(answer);
    for (const [y, state] of ['n', 'y'].entries()) {
      const [lo, hi] = potentialOutcomeBounds(px, py, doX, seenX, seenY, y);
      expect(bounds[state]![0]).toBeCloseTo(lo, 8);
      expect(bounds[state]![1]).toBeCloseTo(hi, 8);
    }
  }
});

test('Tian & Pearl (2000) via the LP: with exogenous X, PN is bounded by [max(0, 1 − P(y′|x′)/P(y|x)), …] on the same data', () => {
  // Tian & Pearl (2000), §4 (exogeneity): PN ≥ max(0, [P(y|x) − P(y|x′)] / P(y|x)) (the excess risk ratio), upper bound min(1, P(y′|x′)/P(y|x)).
  const model = cptModel(
    [{ id: 'X', states: ['0', '1'] }, { id: 'Y', states: ['0', '1'] }],
    [{ variable: 'X', parents: [], table: [[0.5, 0.5]] }, { variable: 'Y', parents: ['X'], table: [[0.86, 0.14], [0.28, 0.72]] }],
  );
  const pn = boundsOf(viaLp(model, { target: 'Y', do: { X: '0' }, given: { X: '1', Y: '1' } }))['0']!;
  expect(pn[0]).toBeCloseTo((0.72 - 0.14) / 0.72, 8);
  expect(pn[1]).toBeCloseTo(Math.min(1, 0.86 / 0.72), 8);
});

test('evidence off the treatment–outcome pair, and two interventions, go to the LP; its certificate verifies', () => {
  const chain = asCpt(
    buildNoisyOrModel([{ id: 'a', baseRate: 0.3 }, { id: 'b', baseRate: 0.2 }, { id: 'c', baseRate: 0.1 }], [
      { from: 'a', to: 'b', kind: 'CAUSES', strength: 0.5 },
      { from: 'b', to: 'c', kind: 'CAUSES', strength: 0.5 },
      { from: 'a', to: 'c', kind: 'PREVENTS', strength: 0.3 },
    ]),
  );
  const source = { kind: 'inline' as const, embedded: modelToJson(chain) };
  for (const query of <Query[]>[
    { target: 'c', do: { a: 'true', b: 'true' }, given: {} },
    { target: 'c', do: { a: 'false' }, given: { b: 'true', c: 'true' } },
  ]) {
    const answer = counterfactualQuery(chain, query, { lpSolver, source });
    expect(answer.certificate.method).toBe('response-function-lp');
    // Columns: 2 · 4 · 16 response profiles; rows: 7 proper subsets × 8 assignments; one entry per (subset, setting): Σ_S 2^|S| = 3³ − 2³.
    expect(answer.certificate.lp!.size).toEqual({ columns: 2 * 4 * 16, rows: 7 * 8, nonzeros: 2 * 4 * 16 * (3 ** 3 - 2 ** 3) });
    const verdict = verifyCausalOutput(JSON.parse(JSON.stringify(answer)), { baseDir: '.' });
    expect(verdict).toMatchObject({ valid: true, checked: expect.stringContaining('response-function LP rebuilt') });
  }
});

test('above the size limit: LIMIT_EXCEEDED naming the program size, never a number', () => {
  const asia = parseModelText(readFileSync(join(__dirname, '../../../../shared/datasets/bn/asia.bif'), 'utf8'));
  expect(() => counterfactualQuery(asia, { target: 'dysp', do: { smoke: 'no' }, given: { xray: 'yes', dysp: 'yes' } }, { lpSolver })).toThrow(
    expect.objectContaining({ code: 'LIMIT_EXCEEDED', message: expect.stringMatching(/262144 columns.*over the limits/) }),
  );
});

test('a solver that runs out of time is TIMEOUT, one that fails is INTERNAL — never a bound', () => {
  const model = cptModel(
    [{ id: 'X', states: ['0', '1', '2'] }, { id: 'Y', states: ['0', '1'] }],
    [{ variable: 'X', parents: [], table: [[0.2, 0.5, 0.3]] }, { variable: 'Y', parents: ['X'], table: [[0.7, 0.3], [0.4, 0.6], [0.1, 0.9]] }],
  );
  const query = { target: 'Y', do: { X: '0' }, given: { X: '1', Y: '1' } };
  const answering = (status: 'time-limit' | 'failed'): LpSolver => ({
    solve: (p) => ({ status, primal: new Float64Array(p.numCols), dual: new Float64Array(p.numRows), objective: 0, solver: 'stub' }),
  });
  expect(() => counterfactualQuery(model, query, { lpSolver: answering('time-limit') })).toThrow(expect.objectContaining({ code: 'TIMEOUT' }));
  expect(() => counterfactualQuery(model, query, { lpSolver: answering('failed') })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
});

describe('tampered LP certificates are rejected by verify', () => {
  const model = cptModel(
    [{ id: 'Z', states: ['0', '1'] }, { id: 'X', states: ['0', '1', '2'] }, { id: 'Y', states: ['0', '1'] }],
    [
      { variable: 'Z', parents: [], table: [[0.4, 0.6]] },
      { variable: 'X', parents: ['Z'], table: [[0.5, 0.3, 0.2], [0.2, 0.3, 0.5]] },
      { variable: 'Y', parents: ['X', 'Z'], table: [[0.9, 0.1], [0.7, 0.3], [0.6, 0.4], [0.4, 0.6], [0.3, 0.7], [0.2, 0.8]] },
    ],
  );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let genuine: any;
  beforeAll(() => {
    const answer = counterfactualQuery(model, { target: 'Y', do: { X: '2' }, given: { X: '0', Y: '0' } }, { lpSolver, source: { kind: 'inline', embedded: modelToJson(model) } });
    genuine = JSON.parse(JSON.stringify(answer));
  });
  const verify = (doc: unknown) => verifyCausalOutput(doc, { baseDir: '.' });
  const clone = () => JSON.parse(JSON.stringify(genuine));

  test('the genuine certificate is accepted', () => {
    expect(genuine.certificate.method).toBe('response-function-lp');
    expect(verify(genuine)).toMatchObject({ valid: true });
  });

  test.each<[string, string, (d: any) => void]>([ // eslint-disable-line @typescript-eslint/no-explicit-any
    ['a tighter lower bound (answer and certificate)', 'lp-primal', (d) => {
      const lower = d.certificate.lp.programs['1'].lower;
      lower.objective += 0.01;
      lower.value += 0.01 / d.certificate.lp.evidenceProbability;
      d.certificate.result.bounds['1'][0] = lower.value;
      d.bounds['1'][0] = lower.value;
    }],
    ['a primal point moved off A q = b', 'lp-primal', (d) => {
      const primal = d.certificate.lp.programs['0'].upper.primal;
      primal[0][1] += 0.01;
    }],
    ['a dual that no longer proves optimality', 'lp-dual', (d) => {
      const dual = d.certificate.lp.programs['1'].upper.dual;
      const i = dual.findIndex((y: number) => y !== 0);
      dual[i] += 0.05;
    }],
    ['a primal entry on a column that does not exist', 'lp-primal', (d) => {
      d.certificate.lp.programs['0'].lower.primal.push([d.certificate.lp.size.columns, 0]);
    }],
    ['a wrong evidence probability', 'lp', (d) => {
      d.certificate.lp.evidenceProbability *= 1.1;
    }],
    ['a variable dropped from the scope', 'lp', (d) => {
      d.certificate.lp.variables.shift();
    }],
    ['bounds that differ from the programs', 'result', (d) => {
      d.bounds['0'][1] = 1;
      d.certificate.result.bounds['0'][1] = 1;
    }],
  ])('%s', (_, step, tamper) => {
    const doc = clone();
    tamper(doc);
    expect(verify(doc)).toMatchObject({ valid: false, step });
  });
});
