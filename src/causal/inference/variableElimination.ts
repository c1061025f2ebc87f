import { multiplyAndSumOut, multiplyOnto, sumProductInto, type Factor } from './factor';

/**
 * Sum-product variable elimination (Zhang & Poole 1994) along a given order.
 * Returns the product of what remains: a vector over `keep`'s states, or a
 * one-entry vector (the constant) when `keep` is −1.
 *
 * Which factors meet in each bucket, the scope of each product and every
 * index stride depend only on the factors' scopes and the order, never on
 * their numbers. Warm queries reuse the same restricted factor set (cached
 * with the plan), so that symbolic part is worked out once per factor set
 * (an `EliminationProgram`) and each call only runs the arithmetic. A factor
 * set's first elimination runs directly: compiling only pays off once it is
 * reused, and a plan computed for one query should not pay for it.
 */
export function eliminate(
  factors: readonly Factor[],
  order: ArrayLike<number>,
  card: ArrayLike<number>,
  keep: number,
): Float64Array {
  let program = programs.get(factors);
  if (!program && !seenOnce.has(factors)) {
    seenOnce.add(factors);
    return eliminateOnce(factors, order, card, keep);
  }
  if (!program || program.order !== order || program.keep !== keep) {
    program = compileElimination(factors, order, card, keep);
    programs.set(factors, program);
  }
  return runElimination(program, factors);
}

/** One bucket: multiply the factors in `inputs` (slot numbers) and sum out one variable. */
interface Step {
  readonly inputs: Int32Array;
  /** Per input, its stride along the eliminated variable. */
  readonly vStride: Int32Array;
  /** strides[input * width + j]: how far the input's index moves when result variable j steps by one. */
  readonly strides: Int32Array;
  readonly card: Int32Array;
  readonly size: number;
  readonly vCard: number;
  /**
   * For small steps, each input's offset at every result entry (index[input * size + out]),
   * so the run is straight gathers with no odometer; null above INDEXED_STEP_MAX entries.
   */
  readonly index: Int32Array | null;
  /** Where the step writes its result: a view into the program's arena, or null to allocate per run. */
  out: Float64Array | null;
}

/** Steps up to this many (input, result entry) pairs get precomputed offsets: a few KiB per plan at most. */
const INDEXED_STEP_MAX = 4096;

/**
 * Programs whose intermediate tables hold at most this many entries in all keep
 * them in one arena reused by every run (512 KiB at most), so a warm query
 * allocates nothing per step. Runs are synchronous, so one arena is never shared.
 */
const ARENA_MAX_ENTRIES = 1 << 16;

export interface EliminationProgram {
  readonly order: ArrayLike<number>;
  readonly keep: number;
  readonly steps: readonly Step[];
  /** Slots left after the last step, multiplied onto the answer; `restIsConstant` marks the scalar ones. */
  readonly rest: Int32Array;
  readonly restIsConstant: Uint8Array;
  readonly answerSize: number;
  /** Per-run work space, reused (runs are synchronous). */
  readonly slots: Float64Array[];
  readonly digits: Int32Array;
  readonly offsets: Int32Array;
  readonly tables: Float64Array[];
}

/** Keyed by the factor array itself: a cached factor set is only ever eliminated along its plan's order. */
const programs = new WeakMap<readonly Factor[], EliminationProgram>();
const seenOnce = new WeakSet<readonly Factor[]>();

/** The symbolic run: the same bucket bookkeeping as elimination, on scopes only. */
export function compileElimination(factors: readonly Factor[], order: ArrayLike<number>, card: ArrayLike<number>, keep: number): EliminationProgram {
  const scopes: (Int32Array | null)[] = factors.map((f) => f.vars);
  const cards: Int32Array[] = factors.map((f) => f.card);
  const containing: number[][] = Array.from({ length: card.length }, () => []);
  scopes.forEach((vars, i) => vars!.forEach((v) => containing[v]!.push(i)));
  const cardOf = (v: number) => card[v]!;
  const steps: Step[] = [];
  let maxWidth = 0;
  let maxInputs = 0;
  for (let step = 0; step < order.length; step++) {
    const v = order[step]!;
    const inputs = containing[v]!.filter((i) => scopes[i] !== null);
    if (inputs.length === 0) continue;
    const union = new Set<number>();
    for (const i of inputs) for (const u of scopes[i]!) if (u !== v) union.add(u);
    const vars = Int32Array.from(union).sort();
    const m = vars.length;
    const resultCard = Int32Array.from(vars, cardOf);
    const strides = new Int32Array(inputs.length * m);
    const vStride = new Int32Array(inputs.length);
    inputs.forEach((slot, fi) => {
      const scope = scopes[slot]!;
      let stride = 1;
      for (let i = scope.length - 1; i >= 0; i--) {
        const u = scope[i]!;
        if (u === v) vStride[fi] = stride;
        else strides[fi * m + vars.indexOf(u)] = stride;
        stride *= cards[slot]![i]!;
      }
      scopes[slot] = null;
    });
    const size = resultCard.reduce((n, c) => n * c, 1);
    const index = inputs.length * size <= INDEXED_STEP_MAX ? offsetTable(strides, resultCard, inputs.length, size) : null;
    steps.push({ inputs: Int32Array.from(inputs), vStride, strides, card: resultCard, size, vCard: cardOf(v), index, out: null });
    maxWidth = Math.max(maxWidth, m);
    maxInputs = Math.max(maxInputs, inputs.length);
    const slot = scopes.length;
    scopes.push(vars);
    cards.push(resultCard);
    for (const u of vars) containing[u]!.push(slot);
  }
  const rest: number[] = [];
  scopes.forEach((vars, i) => {
    if (vars !== null) rest.push(i);
  });
  const arenaSize = steps.reduce((n, step) => n + step.size, 0);
  if (arenaSize <= ARENA_MAX_ENTRIES) {
    const arena = new Float64Array(arenaSize);
    let at = 0;
    for (const step of steps) {
      step.out = arena.subarray(at, at + step.size);
      at += step.size;
    }
  }
  return {
    order,
    keep,
    steps,
    rest: Int32Array.from(rest),
    restIsConstant: Uint8Array.from(rest, (i) => (scopes[i]!.length === 0 ? 1 : 0)),
    answerSize: keep >= 0 ? card[keep]! : 1,
    slots: new Array<Float64Array>(factors.length + steps.length),
    digits: new Int32Array(maxWidth),
    offsets: new Int32Array(maxInputs),
    tables: new Array<Float64Array>(maxInputs),
  };
}

/** Every input's offset at each result entry, by the same odometer the run would step. */
function offsetTable(strides: Int32Array, card: Int32Array, k: number, size: number): Int32Array {
  const m = card.length;
  const index = new Int32Array(k * size);
  const digits = new Int32Array(m);
  for (let out = 0; out < size; out++) {
    for (let fi = 0; fi < k; fi++) {
      let offset = 0;
      for (let j = 0; j < m; j++) offset += digits[j]! * strides[fi * m + j]!;
      index[fi * size + out] = offset;
    }
    for (let j = m - 1; j >= 0; j--) {
      if (++digits[j]! < card[j]!) break;
      digits[j] = 0;
    }
  }
  return index;
}

/** The arithmetic of a compiled elimination on the factors' current numbers. */
export function runElimination(program: EliminationProgram, factors: readonly Factor[]): Float64Array {
  const { slots, digits, offsets, tables } = program;
  for (let i = 0; i < factors.length; i++) slots[i] = factors[i]!.values;
  let next = factors.length;
  for (const step of program.steps) {
    const { inputs, vStride, strides, card, size, vCard, index } = step;
    const k = inputs.length;
    for (let fi = 0; fi < k; fi++) tables[fi] = slots[inputs[fi]!]!;
    const values = step.out ?? new Float64Array(size);
    if (index !== null && vCard === 2) {
      gatherBinaryStep(values, tables, index, vStride, k, size);
      slots[next++] = values;
      continue;
    }
    sumProductInto(values, tables, offsets, vStride, strides, digits, card, k, vCard);
    slots[next++] = values;
  }
  const answer = new Float64Array(program.answerSize).fill(1);
  for (let r = 0; r < program.rest.length; r++) {
    const values = slots[program.rest[r]!]!;
    if (program.restIsConstant[r]) for (let s = 0; s < answer.length; s++) answer[s]! *= values[0]!;
    else for (let s = 0; s < answer.length; s++) answer[s]! *= values[s]!;
  }
  // Tables allocated for this run alone must not stay reachable from the cached program.
  if (program.steps.length > 0 && program.steps[0]!.out === null) slots.fill(NO_TABLE, factors.length);
  tables.fill(NO_TABLE);
  return answer;
}

const NO_TABLE = new Float64Array(0);

/** Σ over a binary variable of the product of the inputs, reading precomputed offsets. */
function gatherBinaryStep(values: Float64Array, tables: Float64Array[], index: Int32Array, vStride: Int32Array, k: number, size: number): void {
  if (k === 1) {
    const t = tables[0]!;
    const s = vStride[0]!;
    for (let out = 0; out < size; out++) {
      const o = index[out]!;
      values[out] = t[o]! + t[o + s]!;
    }
    return;
  }
  if (k === 2) {
    const a = tables[0]!;
    const b = tables[1]!;
    const sa = vStride[0]!;
    const sb = vStride[1]!;
    for (let out = 0; out < size; out++) {
      const oa = index[out]!;
      const ob = index[size + out]!;
      values[out] = a[oa]! * b[ob]! + a[oa + sa]! * b[ob + sb]!;
    }
    return;
  }
  for (let out = 0; out < size; out++) {
    let off = 1;
    let on = 1;
    for (let fi = 0; fi < k; fi++) {
      const table = tables[fi]!;
      const o = index[fi * size + out]!;
      off *= table[o]!;
      on *= table[o + vStride[fi]!]!;
    }
    values[out] = off + on;
  }
}

/** Elimination with the bucket bookkeeping done as it goes (a factor set's first use). */
function eliminateOnce(
  factors: readonly Factor[],
  order: ArrayLike<number>,
  card: ArrayLike<number>,
  keep: number,
): Float64Array {
  const live: (Factor | null)[] = factors.slice();
  // Which live factors mention each variable: index lists, appended as factors are made.
  const containing: number[][] = new Array(card.length);
  for (let v = 0; v < card.length; v++) containing[v] = [];
  for (let i = 0; i < factors.length; i++) {
    const vars = factors[i]!.vars;
    for (let j = 0; j < vars.length; j++) containing[vars[j]!]!.push(i);
  }
  const cardOf = (v: number) => card[v]!;
  const bucket: Factor[] = [];
  for (let step = 0; step < order.length; step++) {
    const v = order[step]!;
    const mentions = containing[v]!;
    bucket.length = 0;
    for (let i = 0; i < mentions.length; i++) {
      const f = live[mentions[i]!];
      if (f) {
        bucket.push(f);
        live[mentions[i]!] = null;
      }
    }
    if (bucket.length === 0) continue;
    const result = multiplyAndSumOut(bucket, v, cardOf);
    const index = live.length;
    live.push(result);
    for (let j = 0; j < result.vars.length; j++) containing[result.vars[j]!]!.push(index);
  }
  const rest: Factor[] = [];
  for (const f of live) if (f !== null) rest.push(f);
  return multiplyOnto(rest, keep >= 0 ? card[keep]! : 1);
}
