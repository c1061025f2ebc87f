import type { CompiledModel } from '../model/compile';
import type { CptMechanism, NoisyOrMechanism } from '../model/types';
import type { Factor } from './factor';

/**
 * Turns one variable's mechanism into factors over local variable numbers,
 * with observed and intervened variables already substituted (restriction
 * before elimination). Noisy-OR nodes with many free parents are decomposed
 * into a chain so that no table grows as 2^parents.
 */
export interface FactorSink {
  /** Local number of a model variable, allocated on first use. */
  local(v: number): number;
  /** A fresh auxiliary variable with `card` states (never a model variable). */
  auxiliary(card: number): number;
  add(factor: Factor): void;
}

/** Up to this many free parents a noisy-OR node becomes one plain table (exact, no cancellation). */
export const NOISY_OR_TABLE_MAX_PARENTS = 10;

export function addMechanismFactors(model: CompiledModel, v: number, fixed: Int32Array, sink: FactorSink): void {
  const mechanism = model.mechanisms[v]!;
  if (mechanism.type === 'cpt') addCptFactor(model, v, mechanism, fixed, sink);
  else addNoisyOrFactors(model, v, mechanism, fixed, sink);
}

/** The CPT restricted to the fixed variables of its family. */
function addCptFactor(model: CompiledModel, v: number, mechanism: CptMechanism, fixed: Int32Array, sink: FactorSink): void {
  const family = [...model.parents[v]!, v];
  // Stride of each family member in the CPT's row-major layout (first parent slowest, state fastest).
  const tableStride = new Array<number>(family.length);
  let stride = 1;
  for (let i = family.length - 1; i >= 0; i--) {
    tableStride[i] = stride;
    stride *= model.card[family[i]!]!;
  }
  let base = 0;
  const free: { local: number; card: number; stride: number }[] = [];
  family.forEach((u, i) => {
    if (fixed[u]! >= 0) base += fixed[u]! * tableStride[i]!;
    else free.push({ local: sink.local(u), card: model.card[u]!, stride: tableStride[i]! });
  });
  free.sort((a, b) => a.local - b.local);
  sink.add(gather(mechanism.table, base, free));
}

function gather(table: Float64Array, base: number, free: { local: number; card: number; stride: number }[]): Factor {
  const card = Int32Array.from(free, (f) => f.card);
  const size = card.reduce((n, c) => n * c, 1);
  const values = new Float64Array(size);
  const digits = new Int32Array(free.length);
  let offset = base;
  for (let out = 0; out < size; out++) {
    values[out] = table[offset]!;
    for (let j = free.length - 1; j >= 0; j--) {
      if (++digits[j]! < card[j]!) {
        offset += free[j]!.stride;
        break;
      }
      digits[j] = 0;
      offset -= free[j]!.stride * (card[j]! - 1);
    }
  }
  return { vars: Int32Array.from(free, (f) => f.local), card, values };
}

/**
 * Noisy-OR with inhibitors. Fixed parents fold into two constants:
 *   q0 = (1 − leak) · Π_{fixed active causes}(1 − c),  b0 = Π_{fixed active preventers}(1 − p),
 * so P(X=1 | free parents u) = b0·B(u) − q0·b0·A(u)B(u) with A(u) = Π(1 − c_i)^{u_i}
 * and B(u) = Π(1 − p_i)^{u_i}.
 */
function addNoisyOrFactors(model: CompiledModel, v: number, m: NoisyOrMechanism, fixed: Int32Array, sink: FactorSink): void {
  let q0 = 1 - m.leak;
  let b0 = 1;
  const free: number[] = [];
  model.parents[v]!.forEach((p, i) => {
    if (fixed[p]! < 0) free.push(i);
    else if (fixed[p] === 1) {
      q0 *= 1 - m.causeStrength[i]!;
      b0 *= 1 - m.preventStrength[i]!;
    }
  });
  if (free.length <= NOISY_OR_TABLE_MAX_PARENTS) addNoisyOrTable(model, v, m, fixed, free, q0, b0, sink);
  else addNoisyOrDecomposition(model, v, m, fixed, free, q0, b0, sink);
}

function addNoisyOrTable(
  model: CompiledModel,
  v: number,
  m: NoisyOrMechanism,
  fixed: Int32Array,
  free: number[],
  q0: number,
  b0: number,
  sink: FactorSink,
): void {
  const parents = model.parents[v]!;
  const members = free.map((i) => ({ local: sink.local(parents[i]!), slot: i as number }));
  if (fixed[v]! < 0) members.push({ local: sink.local(v), slot: -1 });
  members.sort((a, b) => a.local - b.local);
  const k = members.length;
  // Per member, what its bit does: the child's own state, or a parent's factors on A and B.
  const selfBit = members.findIndex((m) => m.slot < 0);
  const causeFactor = new Float64Array(k);
  const preventFactor = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const slot = members[j]!.slot;
    causeFactor[j] = slot < 0 ? 1 : 1 - m.causeStrength[slot]!;
    preventFactor[j] = slot < 0 ? 1 : 1 - m.preventStrength[slot]!;
  }
  const size = 1 << k;
  const values = new Float64Array(size);
  for (let index = 0; index < size; index++) {
    let a = q0;
    let b = b0;
    for (let j = 0; j < k; j++) {
      if ((index >> (k - 1 - j)) & 1) {
        a *= causeFactor[j]!;
        b *= preventFactor[j]!;
      }
    }
    const self = selfBit < 0 ? fixed[v]! : (index >> (k - 1 - selfBit)) & 1;
    const pTrue = (1 - a) * b;
    values[index] = self === 1 ? pTrue : 1 - pTrue;
  }
  sink.add({ vars: Int32Array.from(members, (x) => x.local), card: new Int32Array(members.length).fill(2), values });
}

/**
 * The sequential ("temporal") decomposition of noisy-OR (Heckerman 1993,
 * "Causal independence for knowledge acquisition and inference"; Heckerman &
 * Breese 1996): a chain of binary auxiliaries s_0 … s_m where s_0 is the leak
 * (with the fixed active causes folded in), each free cause i adds
 *   s_i = s_{i−1} ∨ (u_i ∧ switch_i),
 * each free preventer j then applies
 *   s_j = s_{j−1} ∧ ¬(u_j ∧ switch_j),
 * and the last link, times the fixed preventers b0, is X itself. Every factor
 * has at most 8 non-negative entries, so a node with n parents costs O(n) and
 * there is no cancellation (the multiplicative factorisation of Díez & Galán
 * 2003 uses −1 entries and loses all precision when P(X=1 | u) is tiny).
 */
function addNoisyOrDecomposition(
  model: CompiledModel,
  v: number,
  m: NoisyOrMechanism,
  fixed: Int32Array,
  free: number[],
  q0: number,
  b0: number,
  sink: FactorSink,
): void {
  const parents = model.parents[v]!;
  const steps: { parent: number; on: boolean; strength: number }[] = [];
  for (const i of free) if (m.causeStrength[i]! > 0) steps.push({ parent: sink.local(parents[i]!), on: true, strength: m.causeStrength[i]! });
  for (const i of free) if (m.preventStrength[i]! > 0) steps.push({ parent: sink.local(parents[i]!), on: false, strength: m.preventStrength[i]! });
  let previous = sink.auxiliary(2);
  sink.add({ vars: Int32Array.of(previous), card: Int32Array.of(2), values: Float64Array.of(q0, 1 - q0) });
  for (const step of steps) {
    const next = sink.auxiliary(2);
    // P(next = 1 | previous, parent): an OR step for a cause, an AND-NOT step for a preventer.
    const pOn = (prev: number, u: number) =>
      step.on ? (prev ? 1 : u * step.strength) : prev ? 1 - u * step.strength : 0;
    addTriple(sink, previous, step.parent, next, pOn);
    previous = next;
  }
  const self = fixed[v]!;
  if (self >= 0) {
    const pSelf = self === 1 ? [0, b0] : [1, 1 - b0];
    sink.add({ vars: Int32Array.of(previous), card: Int32Array.of(2), values: Float64Array.from(pSelf) });
  } else {
    const x = sink.local(v);
    const values = new Float64Array(4);
    for (let prev = 0; prev < 2; prev++) {
      for (let s = 0; s < 2; s++) {
        const p = s === 1 ? prev * b0 : 1 - prev * b0;
        values[previous < x ? prev * 2 + s : s * 2 + prev] = p;
      }
    }
    sink.add({ vars: Int32Array.of(Math.min(previous, x), Math.max(previous, x)), card: Int32Array.of(2, 2), values });
  }
}

/** A factor P(next | previous, parent) over three binary variables, laid out in ascending variable order. */
function addTriple(sink: FactorSink, previous: number, parent: number, next: number, pOn: (prev: number, u: number) => number): void {
  const vars = [previous, parent, next].sort((a, b) => a - b);
  const values = new Float64Array(8);
  for (let prev = 0; prev < 2; prev++) {
    for (let u = 0; u < 2; u++) {
      for (let s = 0; s < 2; s++) {
        const bitOf = (w: number) => (w === previous ? prev : w === parent ? u : s);
        const index = bitOf(vars[0]!) * 4 + bitOf(vars[1]!) * 2 + bitOf(vars[2]!);
        const on = pOn(prev, u);
        values[index] = s === 1 ? on : 1 - on;
      }
    }
  }
  sink.add({ vars: Int32Array.from(vars), card: Int32Array.of(2, 2, 2), values });
}
