import fc from 'fast-check';
import { buildNoisyOrModel, queryDistribution, type NoisyOrEdgeInput } from '../../../src/causal';
import { bruteForce } from './bruteForce';
import { noisyOrModelOf, probabilityArbitrary, switchCount, switchSpecArbitrary, weightOf, worldOf, type SwitchSpec as Spec } from './switches';

/**
 * Noisy-OR SCMs against their own definition: one exogenous switch per edge
 * and one leak switch per node (design.md, Causal semantics). The tests
 * enumerate the switches; the engine never sees them.
 */
/** P(target | do, given) by enumerating every exogenous switch and propagating in topological (index) order. */
function enumerateSwitches(spec: Spec, target: number, doing: Map<number, number>, given: Map<number, number>): number[] | 'zero' {
  const joint = [0, 0];
  for (let mask = 0; mask < 1 << switchCount(spec); mask++) {
    const weight = weightOf(spec, mask);
    if (weight === 0) continue;
    const value = worldOf(spec, mask, doing);
    if ([...given].some(([v, s]) => value[v] !== s)) continue;
    joint[value[target]!]! += weight;
  }
  const total = joint[0]! + joint[1]!;
  return total === 0 ? 'zero' : joint.map((p) => p / total);
}

/**
 * Probabilities: anything in [0, 1] except below 1e-12, where 1 − p rounds to 1
 * and no float computation of noisy-OR (the engine's 1 − (1 − leak)…) can keep p.
 */
const probability = probabilityArbitrary(1e-12);
const specArbitrary = switchSpecArbitrary(probability);

const states = ['false', 'true'];

test('interventional and observational queries equal the enumeration of exogenous switches', () => {
  fc.assert(
    fc.property(specArbitrary, fc.nat(), fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.boolean()), { maxLength: 3 }), (spec, t, fixes) => {
      const n = spec.leaks.length;
      const target = t % n;
      const doing = new Map<number, number>();
      const given = new Map<number, number>();
      for (const [v, isDo, state] of fixes) {
        const variable = v % n;
        if (variable === target || doing.has(variable) || given.has(variable)) continue;
        (isDo ? doing : given).set(variable, state ? 1 : 0);
      }
      const toRecord = (m: Map<number, number>) => Object.fromEntries([...m].map(([v, s]) => [String(v), states[s]!]));
      const expected = enumerateSwitches(spec, target, doing, given);
      const run = () => queryDistribution(noisyOrModelOf(spec), { target: String(target), do: toRecord(doing), given: toRecord(given) });
      if (expected === 'zero') {
        expect(run).toThrow(expect.objectContaining({ code: 'ZERO_PROBABILITY_EVIDENCE' }));
        return;
      }
      const answer = run().distribution;
      expect(Math.abs(answer.false! - expected[0]!)).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(answer.true! - expected[1]!)).toBeLessThanOrEqual(1e-9);
    }),
    { numRuns: 300 },
  );
});

test('wide noisy-OR nodes (decomposed, not tabulated) match enumeration, with evidence on the child', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 11, max: 13 }),
      fc.array(fc.tuple(probability, fc.boolean()), { minLength: 13, maxLength: 13 }),
      fc.double({ min: 0, max: 0.5, noNaN: true }),
      fc.boolean(),
      (parents, links, leak, childTrue) => {
        // A shared root R makes the parents dependent, so the decomposition is exercised beyond independent parents.
        const nodes = [{ id: 'R', baseRate: 0.3 }, { id: 'Y', baseRate: leak }];
        const edges: NoisyOrEdgeInput[] = [];
        for (let i = 0; i < parents; i++) {
          const [strength, prevents] = links[i]!;
          nodes.push({ id: `P${i}`, baseRate: 0.1 + 0.05 * i });
          edges.push({ from: 'R', to: `P${i}`, kind: 'CAUSES', strength: 0.5 });
          edges.push({ from: `P${i}`, to: 'Y', kind: prevents ? 'PREVENTS' : 'CAUSES', strength });
        }
        const model = buildNoisyOrModel(nodes, edges);
        const given = { Y: childTrue ? 'true' : 'false' };
        const expected = bruteForce(model, 'R', {}, given, 1 << 15);
        const run = () => queryDistribution(model, { target: 'R', given });
        if (expected === 'zero') return expect(run).toThrow(expect.objectContaining({ code: 'ZERO_PROBABILITY_EVIDENCE' }));
        const answer = run();
        expect(answer.certificate.eliminationOrder).toContain('Y#noisy-or.0');
        expect(Math.abs(answer.distribution.true! - expected!.true!)).toBeLessThanOrEqual(1e-9);
      },
    ),
    { numRuns: 40 },
  );
});

describe('a 200-parent noisy-OR node', () => {
  const n = 200;
  const strength = (i: number) => 0.002 + (i % 17) * 0.003;
  const prior = (i: number) => 0.05 + (i % 11) * 0.02;
  const prevents = (i: number) => i % 10 === 0;
  const leak = 0.01;
  const model = buildNoisyOrModel(
    [{ id: 'Y', baseRate: leak }, ...Array.from({ length: n }, (_, i) => ({ id: `X${i}`, baseRate: prior(i) }))],
    Array.from({ length: n }, (_, i) => ({
      from: `X${i}`,
      to: 'Y',
      kind: prevents(i) ? ('PREVENTS' as const) : ('CAUSES' as const),
      strength: strength(i),
    })),
  );
  /** Closed form for independent parents: P(Y=1) = Π E[r_i] − (1 − leak) Π E[q_i r_i]. */
  const closedForm = (forced: Map<number, number>) => {
    let b = 1;
    let qb = 1 - leak;
    for (let i = 0; i < n; i++) {
      const p = forced.has(i) ? forced.get(i)! : prior(i);
      const r = prevents(i) ? 1 - strength(i) : 1;
      const q = prevents(i) ? 1 : 1 - strength(i);
      b *= 1 - p + p * r;
      qb *= 1 - p + p * q * r;
    }
    return b - qb;
  };

  test('P(Y | do(X3 = true)) is exact and never builds a 2^200 table', () => {
    const answer = queryDistribution(model, { target: 'Y', do: { X3: 'true' } });
    expect(Math.abs(answer.distribution.true! - closedForm(new Map([[3, 1]])))).toBeLessThanOrEqual(1e-12);
    expect(answer.certificate.stats.maxTableEntries).toBeLessThanOrEqual(64);
  });

  test('P(X7 | Y = true) follows Bayes from the closed form', () => {
    const answer = queryDistribution(model, { target: 'X7', given: { Y: 'true' } });
    const pY = closedForm(new Map());
    const pYgivenX = closedForm(new Map([[7, 1]]));
    expect(Math.abs(answer.distribution.true! - (pYgivenX * prior(7)) / pY)).toBeLessThanOrEqual(1e-9);
  });
});
