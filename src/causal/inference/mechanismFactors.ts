import type { CompiledModel } from '../model/compile';
import type { CptMechanism, NoisyOrMechanism } from '../model/types';
import type { Factor } from './factor';

/**
 * Turns one variable's mechanism into factors over local variable numbers,
 * with observed and intervened variables already substituted (restriction
 * before elimination). Noisy-OR nodes with many free parents are decomposed
 * so that no table grows as 2^parents.
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
  const members = free.map((i) => ({ local: sink.local(parents[i]!), slot: i as number | -1 }));
  if (fixed[v]! < 0) members.push({ local: sink.local(v), slot: -1 });
  members.sort((a, b) => a.local - b.local);
  const size = 1 << members.length;
  const values = new Float64Array(size);
  for (let index = 0; index < size; index++) {
    let a = q0;
    let b = b0;
    let self = fixed[v]!;
    members.forEach((member, j) => {
      const bit = (index >> (members.length - 1 - j)) & 1;
      if (member.slot < 0) self = bit;
      else if (bit) {
        a *= 1 - m.causeStrength[member.slot]!;
        b *= 1 - m.preventStrength[member.slot]!;
      }
    });
    const pTrue = (1 - a) * b;
    values[index] = self === 1 ? pTrue : 1 - pTrue;
  }
  sink.add({ vars: Int32Array.from(members, (x) => x.local), card: new Int32Array(members.length).fill(2), values });
}

/**
 * Multiplicative factorisation of noisy-OR (Díez & Galán 2003, "Efficient
 * computation for the noisy MAX", Int. J. Intelligent Systems 18(2)), extended
 * to inhibitors with a three-state auxiliary W ∈ {a, b, c}:
 *   P(X | u) = Σ_w h(X, w) · Π_i g_i(u_i, w),
 *   g_i(u, a) = 1,  g_i(u, b) = (1 − p_i)^u,  g_i(u, c) = (1 − c_i)^u (1 − p_i)^u,
 *   h(1, ·) = (0, b0, −q0·b0),  h(0, ·) = (1, −b0, q0·b0).
 * Each parent contributes a 2×3 factor, so a node with n parents costs O(n), not O(2^n).
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
  // Parents get their local numbers first, so each pair factor (u, w) is already in ascending order.
  const locals = free.map((i) => sink.local(parents[i]!));
  const w = sink.auxiliary(3);
  for (const [j, i] of free.entries()) {
    const u = locals[j]!;
    const r = 1 - m.preventStrength[i]!;
    const q = 1 - m.causeStrength[i]!;
    sink.add({ vars: Int32Array.of(u, w), card: Int32Array.of(2, 3), values: Float64Array.of(1, 1, 1, 1, r, q * r) });
  }
  const hTrue = [0, b0, -q0 * b0];
  const hFalse = [1, -b0, q0 * b0];
  const self = fixed[v]!;
  if (self >= 0) {
    sink.add({ vars: Int32Array.of(w), card: Int32Array.of(3), values: Float64Array.from(self === 1 ? hTrue : hFalse) });
  } else {
    const x = sink.local(v);
    const [first, second] = x < w ? [x, w] : [w, x];
    const values = new Float64Array(6);
    for (let s = 0; s < 2; s++) {
      for (let k = 0; k < 3; k++) {
        const value = s === 1 ? hTrue[k]! : hFalse[k]!;
        values[first === x ? s * 3 + k : k * 2 + s] = value;
      }
    }
    sink.add({ vars: Int32Array.of(first, second), card: x < w ? Int32Array.of(2, 3) : Int32Array.of(3, 2), values });
  }
}
