/**
 * A factor over discrete variables: a table indexed row-major over `vars`
 * (ascending variable numbers, the last varying fastest). Values may be
 * negative: the noisy-OR decomposition of Díez & Galán (2003) uses a factor
 * with −1 entries, which sum-product handles unchanged.
 */
export interface Factor {
  readonly vars: Int32Array;
  readonly card: Int32Array;
  readonly values: Float64Array;
}

/** Product of the entries of `cards`, as a float so an overflowing size stays comparable. */
export function tableSize(cards: ArrayLike<number>): number {
  let size = 1;
  for (let i = 0; i < cards.length; i++) size *= cards[i]!;
  return size;
}

/**
 * Σ_v Π factors — the one step of variable elimination, done in a single pass
 * over the result's assignments so the full product table is never stored.
 * `cardOf` gives the cardinality of any variable.
 */
export function multiplyAndSumOut(factors: readonly Factor[], eliminated: number, cardOf: (v: number) => number): Factor {
  const k = factors.length;
  // Sorted union of the scopes, without the eliminated variable (scopes are short: plain arrays beat a Set).
  const union: number[] = [];
  for (let fi = 0; fi < k; fi++) {
    const fv = factors[fi]!.vars;
    for (let i = 0; i < fv.length; i++) {
      const v = fv[i]!;
      if (v !== eliminated && !union.includes(v)) union.push(v);
    }
  }
  union.sort((a, b) => a - b);
  const m = union.length;
  const vars = Int32Array.from(union);
  const card = new Int32Array(m);
  let size = 1;
  for (let j = 0; j < m; j++) size *= card[j] = cardOf(vars[j]!);
  // Scratch reused across calls (elimination runs thousands of these small steps per query).
  const { strides, vStride, offsets, digits } = scratchFor(k, m);
  strides.fill(0, 0, k * m);
  for (let fi = 0; fi < k; fi++) {
    const f = factors[fi]!;
    let stride = 1;
    vStride[fi] = 0;
    offsets[fi] = 0;
    for (let i = f.vars.length - 1; i >= 0; i--) {
      const v = f.vars[i]!;
      if (v === eliminated) vStride[fi] = stride;
      else strides[fi * m + union.indexOf(v)] = stride;
      stride *= f.card[i]!;
    }
  }
  digits.fill(0, 0, m);
  const vCard = cardOf(eliminated);
  const values = new Float64Array(size);
  for (let out = 0; out < size; out++) {
    let sum = 0;
    for (let s = 0; s < vCard; s++) {
      let product = 1;
      for (let fi = 0; fi < k; fi++) product *= factors[fi]!.values[offsets[fi]! + s * vStride[fi]!]!;
      sum += product;
    }
    values[out] = sum;
    // Odometer step over the result's assignment, keeping every factor's offset in step.
    for (let j = m - 1; j >= 0; j--) {
      if (++digits[j]! < card[j]!) {
        for (let fi = 0; fi < k; fi++) offsets[fi]! += strides[fi * m + j]!;
        break;
      }
      digits[j] = 0;
      for (let fi = 0; fi < k; fi++) offsets[fi]! -= strides[fi * m + j]! * (card[j]! - 1);
    }
  }
  return { vars, card, values };
}

let scratch = { strides: new Int32Array(64), vStride: new Int32Array(8), offsets: new Int32Array(8), digits: new Int32Array(8) };

/** Index arithmetic stays in int32: tables are far below 2^31 entries (the limits cap them at 2^24 by default). */
function scratchFor(k: number, m: number) {
  if (scratch.strides.length < k * m || scratch.vStride.length < k || scratch.digits.length < m) {
    const n = Math.max(k, m, 8) * 2;
    scratch = { strides: new Int32Array(Math.max(k * m, n * n)), vStride: new Int32Array(n), offsets: new Int32Array(n), digits: new Int32Array(n) };
  }
  return scratch;
}

/** Π factors that are over one variable (all the same one) or constants, as a vector over its states. */
export function multiplyOnto(factors: readonly Factor[], cardinality: number): Float64Array {
  const result = new Float64Array(cardinality).fill(1);
  for (const f of factors) {
    if (f.vars.length === 0) {
      for (let s = 0; s < cardinality; s++) result[s]! *= f.values[0]!;
    } else {
      for (let s = 0; s < cardinality; s++) result[s]! *= f.values[s]!;
    }
  }
  return result;
}
