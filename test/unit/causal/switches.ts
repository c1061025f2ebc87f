import fc from 'fast-check';
import { buildNoisyOrModel, type NoisyOrEdgeInput } from '../../../src/causal';

/**
 * A noisy-OR SCM by its definition: node i (ids "0", "1", … in topological
 * order) is on iff its leak switch fires or an active cause's switch fires,
 * and no active preventer's switch fires. The tests enumerate the switches.
 */
export interface SwitchSpec {
  leaks: number[];
  edges: NoisyOrEdgeInput[];
}

export function switchCount(spec: SwitchSpec): number {
  return spec.leaks.length + spec.edges.length;
}

/** Probability of one switch configuration. */
export function weightOf(spec: SwitchSpec, mask: number): number {
  const n = spec.leaks.length;
  let weight = 1;
  for (let i = 0; i < switchCount(spec); i++) {
    const p = i < n ? spec.leaks[i]! : spec.edges[i - n]!.strength;
    weight *= (mask >> i) & 1 ? p : 1 - p;
  }
  return weight;
}

/** The world a switch configuration produces, with `doing` forcing some variables. */
export function worldOf(spec: SwitchSpec, mask: number, doing: ReadonlyMap<number, number>): number[] {
  const n = spec.leaks.length;
  const value: number[] = [];
  for (let v = 0; v < n; v++) {
    if (doing.has(v)) {
      value.push(doing.get(v)!);
      continue;
    }
    let on = (mask >> v) & 1;
    let blocked = 0;
    spec.edges.forEach((e, i) => {
      if (Number(e.to) !== v || value[Number(e.from)] !== 1 || !((mask >> (n + i)) & 1)) return;
      if (e.kind === 'CAUSES') on = 1;
      else blocked = 1;
    });
    value.push(on && !blocked ? 1 : 0);
  }
  return value;
}

/** P(Y_{do} = 1 | actual evidence): weight each switch setting by its probability, keep those consistent with the evidence, replay with do(). */
export function counterfactualBySwitches(spec: SwitchSpec, target: number, doing: Map<number, number>, given: Map<number, number>): number | 'zero' {
  let evidence = 0;
  let hit = 0;
  for (let mask = 0; mask < 1 << switchCount(spec); mask++) {
    const weight = weightOf(spec, mask);
    if (weight === 0) continue;
    const actual = worldOf(spec, mask, new Map());
    if ([...given].some(([v, s]) => actual[v] !== s)) continue;
    evidence += weight;
    if (worldOf(spec, mask, doing)[target] === 1) hit += weight;
  }
  return evidence === 0 ? 'zero' : hit / evidence;
}


/** Probabilities in [0, 1], with those below `floor` drawn as 0 (callers say why their floor). */
export function probabilityArbitrary(floor: number): fc.Arbitrary<number> {
  return fc.oneof(
    fc.double({ min: 0, max: 1, noNaN: true }).map((p) => (p < floor ? 0 : p)),
    fc.constantFrom(0, 1),
  );
}

/** Random noisy-OR SCMs of 2–5 variables; edges only from a lower to a higher index (a DAG). */
export function switchSpecArbitrary(probability: fc.Arbitrary<number>): fc.Arbitrary<SwitchSpec> {
  return fc.integer({ min: 2, max: 5 }).chain((n) =>
    fc.record({
      leaks: fc.array(probability, { minLength: n, maxLength: n }),
      edges: fc
        .array(
          fc.record({ from: fc.nat(n - 1), to: fc.nat(n - 1), kind: fc.constantFrom<'CAUSES' | 'PREVENTS'>('CAUSES', 'PREVENTS'), strength: probability }),
          { maxLength: 7 },
        )
        .map((edges) => edges.filter((e) => e.from < e.to).map((e) => ({ from: String(e.from), to: String(e.to), kind: e.kind, strength: e.strength }))),
    }),
  );
}

/** The engine's model of a spec: leaks as base rates, edges as given. */
export function noisyOrModelOf(spec: SwitchSpec) {
  return buildNoisyOrModel(spec.leaks.map((leak, i) => ({ id: String(i), baseRate: leak })), spec.edges);
}
