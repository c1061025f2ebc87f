import type { NoisyOrMechanism } from '../model/types';

/**
 * The hypothetical copy V' of a noisy-OR node V as one CPT: P(V' | V, pa, pa'),
 * with V's exogenous switches (leak and one per edge, shared by both worlds)
 * summed out locally. Exact, because those switches enter no other mechanism;
 * it replaces 3k + 3 explicit switch and AND nodes by one table.
 *
 * `parentSlots[i]` says where parent i's hypothetical value is among the CPT's
 * parents: −1 when the parent is shared (not downstream of the intervention),
 * else its position. The CPT's parents are [V, pa_1..pa_k, copied pa'_j…],
 * first parent slowest, states (false, true).
 */
export function hypotheticalCpt(mechanism: NoisyOrMechanism, parentSlots: readonly number[], parentCount: number): Float64Array {
  const rows = 1 << parentCount;
  const table = new Float64Array(rows * 2);
  const k = parentSlots.length;
  const bit = (row: number, position: number) => (row >> (parentCount - 1 - position)) & 1;
  for (let row = 0; row < rows; row++) {
    const actualV = bit(row, 0);
    const actual = (i: number) => bit(row, 1 + i);
    const hypothetical = (i: number) => (parentSlots[i]! < 0 ? actual(i) : bit(row, parentSlots[i]!));
    const joint = switchJoint(mechanism, k, actual, hypothetical);
    // joint[a * 2 + b] = P(V = a, V' = b | pa, pa').
    const pV = joint[actualV * 2]! + joint[actualV * 2 + 1]!;
    const pTrue = pV > 0 ? joint[actualV * 2 + 1]! / pV : actualV; // unreachable row: any valid distribution
    table[row * 2] = 1 - pTrue;
    table[row * 2 + 1] = pTrue;
  }
  return table;
}

/**
 * P(V, V' | pa, pa') by a 16-state pass over the switches: the state packs
 * (cause fired in actual, in hypothetical, preventer fired in actual, in hypothetical).
 */
function switchJoint(m: NoisyOrMechanism, k: number, actual: (i: number) => number, hypothetical: (i: number) => number): Float64Array {
  let state = new Float64Array(16);
  state[0] = 1 - m.leak;
  state[0b0011] = m.leak;
  const step = (strength: number, mask: number) => {
    if (strength === 0 || mask === 0) return;
    const next = new Float64Array(16);
    for (let s = 0; s < 16; s++) {
      const p = state[s]!;
      if (p === 0) continue;
      next[s]! += p * (1 - strength);
      next[s | mask]! += p * strength;
    }
    state = next;
  };
  for (let i = 0; i < k; i++) {
    step(m.causeStrength[i]!, actual(i) | (hypothetical(i) << 1));
    step(m.preventStrength[i]!, (actual(i) << 2) | (hypothetical(i) << 3));
  }
  const joint = new Float64Array(4);
  for (let s = 0; s < 16; s++) {
    const v = s & 1 && !(s & 4) ? 1 : 0;
    const w = s & 2 && !(s & 8) ? 1 : 0;
    joint[v * 2 + w]! += state[s]!;
  }
  return joint;
}
