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
  let width = 0;
  for (let fi = 0; fi < k; fi++) width += factors[fi]!.vars.length;
  const { strides, vStride, offsets, digits, union, tables } = scratchFor(k, width);
  // Sorted union of the scopes without the eliminated variable, by insertion (scopes are short).
  let m = 0;
  for (let fi = 0; fi < k; fi++) {
    const fv = factors[fi]!.vars;
    for (let i = 0; i < fv.length; i++) {
      const v = fv[i]!;
      if (v === eliminated) continue;
      let j = m - 1;
      while (j >= 0 && union[j]! > v) j--;
      if (j >= 0 && union[j] === v) continue;
      for (let t = m; t > j + 1; t--) union[t] = union[t - 1]!;
      union[j + 1] = v;
      m++;
    }
  }
  const vars = union.slice(0, m);
  const card = new Int32Array(m);
  let size = 1;
  for (let j = 0; j < m; j++) size *= card[j] = cardOf(vars[j]!);
  // strides[f * m + j]: how far factor f's index moves when result variable j steps by one.
  strides.fill(0, 0, k * m);
  for (let fi = 0; fi < k; fi++) {
    const f = factors[fi]!;
    tables[fi] = f.values;
    vStride[fi] = 0;
    let stride = 1;
    let j = m - 1;
    for (let i = f.vars.length - 1; i >= 0; i--) {
      const v = f.vars[i]!;
      if (v === eliminated) vStride[fi] = stride;
      else {
        while (vars[j] !== v) j--; // both scopes ascend, so the position only moves down
        strides[fi * m + j] = stride;
      }
      stride *= f.card[i]!;
    }
  }
  const values = new Float64Array(size);
  sumProductInto(values, tables, offsets, vStride, strides, digits, card, k, cardOf(eliminated));
  tables.fill(EMPTY, 0, k); // keep no table alive past the step
  return { vars, card, values };
}

/**
 * One bucket's arithmetic: for each assignment of the result's variables (in
 * odometer order), values[out] = Σ over the eliminated variable's states s of
 * Π_f tables[f][offset_f + s · vStride[f]]. Offsets start at 0;
 * strides[f · m + j] is how far factor f's offset moves when result variable
 * j steps by one (m = card.length). `digits` is scratch of at least m entries.
 */
export function sumProductInto(
  values: Float64Array,
  tables: ArrayLike<Float64Array | undefined>,
  offsets: Int32Array,
  vStride: Int32Array,
  strides: Int32Array,
  digits: Int32Array,
  card: Int32Array,
  k: number,
  vCard: number,
): void {
  const m = card.length;
  const size = values.length;
  digits.fill(0, 0, m);
  offsets.fill(0, 0, k);
  for (let out = 0; out < size; out++) {
    if (vCard === 2) {
      // The common case (binary variables), both terms in one pass over the factors.
      let off = 1;
      let on = 1;
      for (let fi = 0; fi < k; fi++) {
        const table = tables[fi]!;
        const o = offsets[fi]!;
        off *= table[o]!;
        on *= table[o + vStride[fi]!]!;
      }
      values[out] = off + on;
    } else {
      let sum = 0;
      for (let s = 0; s < vCard; s++) {
        let product = 1;
        for (let fi = 0; fi < k; fi++) product *= tables[fi]![offsets[fi]! + s * vStride[fi]!]!;
        sum += product;
      }
      values[out] = sum;
    }
    // Odometer step over the result's assignment, keeping every factor's offset in step.
    for (let j = m - 1; j >= 0; j--) {
      if (++digits[j]! < card[j]!) {
        for (let fi = 0; fi < k; fi++) offsets[fi]! += strides[fi * m + j]!;
        break;
      }
      digits[j] = 0;
      const back = card[j]! - 1;
      for (let fi = 0; fi < k; fi++) offsets[fi]! -= strides[fi * m + j]! * back;
    }
  }
}

const EMPTY = new Float64Array(0);

interface Scratch {
  strides: Int32Array;
  vStride: Int32Array;
  offsets: Int32Array;
  digits: Int32Array;
  union: Int32Array;
  tables: Float64Array[];
}

let scratch: Scratch = makeScratch(8, 32);

function makeScratch(k: number, width: number): Scratch {
  return {
    strides: new Int32Array(k * width),
    vStride: new Int32Array(k),
    offsets: new Int32Array(k),
    digits: new Int32Array(width),
    union: new Int32Array(width),
    tables: new Array<Float64Array>(k).fill(EMPTY),
  };
}

/**
 * Buffers reused across calls (elimination runs many small steps per query).
 * Index arithmetic stays in int32: tables are far below 2^31 entries (the
 * limits cap them at 2^24 by default).
 */
function scratchFor(k: number, width: number): Scratch {
  if (scratch.vStride.length < k || scratch.union.length < width) scratch = makeScratch(Math.max(k, scratch.vStride.length) * 2, Math.max(width, scratch.union.length) * 2);
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
