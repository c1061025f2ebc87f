import fc from 'fast-check';
import {
  buildNoisyOrModel,
  counterfactualQuery,
  modelToJson,
  parseModelText,
  pnBounds,
  pnsBounds,
  probabilitiesOfCausation,
  psBounds,
  queryDistribution,
  type CausalModel,
} from '../../../src/causal';
import { counterfactualBySwitches, noisyOrModelOf, probabilityArbitrary, switchCount, switchSpecArbitrary, weightOf, worldOf, type SwitchSpec } from './switches';

/**
 * Counterfactuals on noisy-OR SCMs against abduction–action–prediction done
 * by hand over the exogenous switches; bounds on CPT models against Tian &
 * Pearl (2000) and against the exact value of the SCM the CPTs came from.
 */
// Below 1e-9 a switch probability is drawn as 0: the exact comparisons allow 1e-9.
const probability = probabilityArbitrary(1e-9);
const specArbitrary = switchSpecArbitrary(probability);
const STATES = ['false', 'true'];

test('twin-network counterfactuals equal abduction–action–prediction over the switches', () => {
  fc.assert(
    fc.property(specArbitrary, fc.nat(), fc.nat(), fc.boolean(), fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 3 }), (spec, t, d, doState, evidence) => {
      const n = spec.leaks.length;
      const target = t % n;
      const doVar = d % n;
      const given = new Map<number, number>();
      for (const [v, s] of evidence) given.set(v % n, s ? 1 : 0); // may include the target and the intervened variable
      const expected = counterfactualBySwitches(spec, target, new Map([[doVar, doState ? 1 : 0]]), given);
      const run = () =>
        counterfactualQuery(noisyOrModelOf(spec), {
          target: String(target),
          do: { [String(doVar)]: STATES[doState ? 1 : 0]! },
          given: Object.fromEntries([...given].map(([v, s]) => [String(v), STATES[s]!])),
        });
      if (expected === 'zero') return expect(run).toThrow(expect.objectContaining({ code: 'ZERO_PROBABILITY_EVIDENCE' }));
      const answer = run();
      expect('distribution' in answer).toBe(true);
      if ('distribution' in answer) expect(Math.abs(answer.distribution.true! - expected)).toBeLessThanOrEqual(1e-9);
    }),
    { numRuns: 250 },
  );
});

/** Denser models (4–7 variables) so the twin network keeps elimination steps to compile. */
const denseSpecArbitrary = fc.integer({ min: 4, max: 7 }).chain((n) =>
  fc.record({
    leaks: fc.array(fc.double({ min: 0.05, max: 0.6, noNaN: true }), { minLength: n, maxLength: n }),
    edges: fc
      .array(fc.record({ from: fc.nat(n - 1), to: fc.nat(n - 1), kind: fc.constantFrom<'CAUSES' | 'PREVENTS'>('CAUSES', 'PREVENTS'), strength: fc.double({ min: 0.1, max: 0.9, noNaN: true }) }), { minLength: n, maxLength: 2 * n })
      .map((edges) => edges.filter((e) => e.from < e.to).map((e) => ({ ...e, from: String(e.from), to: String(e.to) }))),
  }),
);

test('warm repeats (compiled elimination, reused scratch) give the switches\' answer every time', () => {
  // A factor set's first elimination runs the plain way, later ones a compiled program: both must be exact.
  fc.assert(
    fc.property(denseSpecArbitrary, fc.nat(), fc.boolean(), fc.boolean(), (spec, d, doState, targetState) => {
      const n = spec.leaks.length;
      const target = n - 1;
      const doVar = d % (n - 1);
      const given = new Map([[doVar, doState ? 0 : 1], [target, targetState ? 1 : 0]]);
      const expected = counterfactualBySwitches(spec, target, new Map([[doVar, doState ? 1 : 0]]), given);
      if (expected === 'zero') return;
      const model = noisyOrModelOf(spec);
      const query = { target: String(target), do: { [String(doVar)]: STATES[doState ? 1 : 0]! }, given: Object.fromEntries([...given].map(([v, s]) => [String(v), STATES[s]!])) };
      for (let repeat = 0; repeat < 3; repeat++) {
        const answer = counterfactualQuery(model, query);
        expect('distribution' in answer && Math.abs(answer.distribution.true! - expected)).toBeLessThanOrEqual(1e-9);
      }
      const interventional = enumerateInterventional(spec, target, doVar, doState ? 1 : 0);
      for (let repeat = 0; repeat < 3; repeat++) {
        expect(Math.abs(queryDistribution(model, { target: String(target), do: query.do }).distribution.true! - interventional)).toBeLessThanOrEqual(1e-9);
      }
    }),
    { numRuns: 100 },
  );
});

/** P(target = true | do(x = state)) by the switches. */
function enumerateInterventional(spec: SwitchSpec, target: number, x: number, state: number): number {
  let p = 0;
  for (let mask = 0; mask < 1 << switchCount(spec); mask++) {
    const w = weightOf(spec, mask);
    if (w !== 0 && worldOf(spec, mask, new Map([[x, state]]))[target] === 1) p += w;
  }
  return p;
}

/** PN, PS, PNS by the switches (Pearl 2009, §9.2). */
function causationBySwitches(spec: SwitchSpec, x: number, y: number) {
  let pns = 0;
  const joint = new Map<string, number>();
  const cond = new Map<string, number>();
  for (let mask = 0; mask < 1 << switchCount(spec); mask++) {
    const w = weightOf(spec, mask);
    if (w === 0) continue;
    const actual = worldOf(spec, mask, new Map());
    const y1 = worldOf(spec, mask, new Map([[x, 1]]))[y]!;
    const y0 = worldOf(spec, mask, new Map([[x, 0]]))[y]!;
    if (y1 === 1 && y0 === 0) pns += w;
    const key = `${actual[x]}${actual[y]}`;
    joint.set(key, (joint.get(key) ?? 0) + w);
    if (key === '11' && y0 === 0) cond.set('pn', (cond.get('pn') ?? 0) + w);
    if (key === '00' && y1 === 1) cond.set('ps', (cond.get('ps') ?? 0) + w);
  }
  const ratio = (num: string, den: string) => ((joint.get(den) ?? 0) > 0 ? (cond.get(num) ?? 0) / joint.get(den)! : null);
  return { pn: ratio('pn', '11'), ps: ratio('ps', '00'), pns };
}

/** The same SCM as a CPT model: it no longer determines counterfactuals. */
const asCpt = (model: CausalModel) => parseModelText(JSON.stringify(modelToJson(model, undefined, { asCpt: true })));

test('PN, PS, PNS: exact on noisy-OR by the switches, and inside the Tian–Pearl bounds of the same model as CPTs', () => {
  fc.assert(
    fc.property(specArbitrary, fc.nat(), fc.nat(), (spec, a, b) => {
      const n = spec.leaks.length;
      const x = Math.min(a % n, b % n);
      const y = Math.max(a % n, b % n);
      if (x === y) return;
      const expected = causationBySwitches(spec, x, y);
      const model = noisyOrModelOf(spec);
      const treatment = { variable: String(x), state: 'true' };
      const outcome = { variable: String(y), state: 'true' };
      const exact = probabilitiesOfCausation(model, treatment, outcome);
      const bounded = probabilitiesOfCausation(asCpt(model), treatment, outcome);
      for (const key of ['pn', 'ps', 'pns'] as const) {
        const want = expected[key];
        const got = exact[key];
        const interval = bounded[key];
        if (want === null) {
          expect(got).toBeNull();
          expect(interval).toBeNull();
          continue;
        }
        expect(typeof got).toBe('number');
        expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(1e-9);
        expect(Array.isArray(interval)).toBe(true);
        const [lo, hi] = interval as [number, number];
        expect(lo).toBeLessThanOrEqual(want + 1e-9);
        expect(hi).toBeGreaterThanOrEqual(want - 1e-9);
      }
    }),
    { numRuns: 200 },
  );
});

test('counterfactual bounds on a CPT model contain the exact value of the SCM it came from', () => {
  fc.assert(
    fc.property(specArbitrary, fc.nat(), fc.nat(), fc.boolean(), fc.boolean(), fc.boolean(), (spec, a, b, xDo, xSeen, ySeen) => {
      const n = spec.leaks.length;
      const x = String(Math.min(a % n, b % n));
      const y = String(Math.max(a % n, b % n));
      if (x === y) return;
      const query = { target: y, do: { [x]: STATES[+xDo]! }, given: { [x]: STATES[+xSeen]!, [y]: STATES[+ySeen]! } };
      let exact: Record<string, number>;
      try {
        const answer = counterfactualQuery(noisyOrModelOf(spec), query);
        exact = 'distribution' in answer ? answer.distribution : {};
      } catch {
        return; // impossible evidence: covered above
      }
      const answer = counterfactualQuery(asCpt(noisyOrModelOf(spec)), query);
      expect('bounds' in answer).toBe(true);
      if (!('bounds' in answer)) return;
      for (const s of STATES) {
        expect(answer.bounds[s]![0]).toBeLessThanOrEqual(exact[s]! + 1e-9);
        expect(answer.bounds[s]![1]).toBeGreaterThanOrEqual(exact[s]! - 1e-9);
      }
    }),
    { numRuns: 150 },
  );
});

test('Pearl (2009), §9.3.4, Table 9.2: the drug was the cause of death with certainty (PN = 1)', () => {
  // Experimental: 16/1000 deaths treated, 14/1000 untreated. Observational: 2 of 1000 treated-and-died,
  // 28 treated-and-survived, 28 untreated-and-died, 942 untreated-and-survived.
  const p = { pyDoX: 0.016, pyDoNotX: 0.014, pXY: 0.002, pXNotY: 0.028, pNotXY: 0.028, pNotXNotY: 0.942 };
  expect(pnBounds(p)).toEqual([1, 1]);
  // PNS is identified here: P(y) − P(y_x') = 0.016 = P(y_x) meets from below and above.
  const [lo, hi] = pnsBounds(p);
  expect(lo).toBeCloseTo(0.016, 12);
  expect(hi).toBeCloseTo(0.016, 12);
  const [psLo, psHi] = psBounds(p);
  expect(psLo).toBe(0);
  expect(psHi).toBeCloseTo(0.014 / 0.942, 12);
});

describe('what CPT models cannot answer', () => {
  const model = asCpt(buildNoisyOrModel([{ id: 'a', baseRate: 0.3 }, { id: 'b', baseRate: 0.2 }, { id: 'c', baseRate: 0.1 }], [
    { from: 'a', to: 'b', kind: 'CAUSES', strength: 0.5 },
    { from: 'b', to: 'c', kind: 'CAUSES', strength: 0.5 },
  ]));
  test.each([
    [{ target: 'c', do: { a: 'true', b: 'true' } }, /intervenes on 2 variables.*no LP solver/],
    [{ target: 'c', do: { a: 'true' }, given: { b: 'true' } }, /evidence on b.*no LP solver/],
  ])('%j is NOT_IDENTIFIABLE without an LP solver, with the reason', (query, message) => {
    expect(() => counterfactualQuery(model, query)).toThrow(expect.objectContaining({ code: 'NOT_IDENTIFIABLE', message: expect.stringMatching(message) }));
  });
});

test('a copy with more parents than COMPACT_MAX_PARENTS keeps explicit switches and gives the same answer', () => {
  // X → c1…c5 → Y and X → Y: Y's copy would have 1 + 6 + 6 = 13 parents, over the compact limit of 12;
  // the c_i take the compact one-table form, so both constructions meet in one twin network.
  const leaks = [0.3, 0.1, 0.2, 0.05, 0.15, 0.25, 0.02];
  const edges: SwitchSpec['edges'] = [];
  for (let c = 1; c <= 5; c++) edges.push({ from: '0', to: String(c), kind: 'CAUSES', strength: 0.2 + c * 0.1 });
  for (let c = 1; c <= 5; c++) edges.push({ from: String(c), to: '6', kind: c === 3 ? 'PREVENTS' : 'CAUSES', strength: 0.3 + c * 0.05 });
  edges.push({ from: '0', to: '6', kind: 'CAUSES', strength: 0.4 });
  const spec: SwitchSpec = { leaks, edges };
  const answer = counterfactualQuery(noisyOrModelOf(spec), { target: '6', do: { '0': 'false' }, given: { '0': 'true', '6': 'true', '2': 'false' } });
  const expected = counterfactualBySwitches(spec, 6, new Map([[0, 0]]), new Map([[0, 1], [6, 1], [2, 0]]));
  expect(expected).not.toBe('zero');
  expect('distribution' in answer && answer.distribution.true).toBeCloseTo(expected as number, 12);
  expect(answer.certificate.twin!.query.relevantVariables.some((v) => v.startsWith('~sw('))).toBe(true);
  expect(answer.certificate.twin!.query.relevantVariables).toContain('1@cf');
  expect(answer.certificate.twin!.query.relevantVariables.some((v) => v.startsWith('~sw(0->1'))).toBe(false);
});

test('the twin network holds only ancestors of the target, evidence and intervened variables', () => {
  const spec: SwitchSpec = {
    leaks: [0.3, 0.1, 0.2, 0.05, 0.15],
    edges: [
      { from: '0', to: '1', kind: 'CAUSES', strength: 0.6 },
      { from: '1', to: '2', kind: 'CAUSES', strength: 0.7 },
      { from: '0', to: '3', kind: 'CAUSES', strength: 0.5 }, // 3 and 4 are downstream of X but not ancestors of the target
      { from: '3', to: '4', kind: 'CAUSES', strength: 0.5 },
    ],
  };
  const answer = counterfactualQuery(noisyOrModelOf(spec), { target: '2', do: { '0': 'false' }, given: { '0': 'true', '2': 'true' } });
  expect([...answer.certificate.twin!.copied].sort()).toEqual(['0', '1', '2']);
  const expected = counterfactualBySwitches(spec, 2, new Map([[0, 0]]), new Map([[0, 1], [2, 1]]));
  expect('distribution' in answer && answer.distribution.true).toBeCloseTo(expected as number, 12);
});
