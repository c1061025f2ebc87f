import { summarize } from './bootstrap';
import { deriveSeed, seededRandom, shuffle } from './random';

/**
 * Refutations in DoWhy's spirit (Sharma & Kiciman 2020, dowhy.causal_refuters):
 * each re-estimates the effect on altered data, `simulations` times, and states
 * the tolerance its pass/fail used. They are falsification tests: passing
 * does not prove the model right, failing shows something is wrong.
 *
 * Tolerances scale with the estimate's bootstrap standard error SE and the
 * number of simulations S (z = 2.576, a two-sided 1% test):
 *  - placebo treatment: the treatment column randomly permuted, so it can
 *    have no effect; passes when |mean placebo effect| ≤ z·max(SE, sd)/√S,
 *    sd the placebo estimates' own spread;
 *  - random common cause: an independent fair coin W added to the graph as
 *    a parent of treatment and outcome, re-identified and re-estimated;
 *    passes when |mean − estimate| ≤ z·SE/√S;
 *  - data subset: re-estimated on random subsets of `subsetFraction` of the
 *    rows; passes when |mean − estimate| ≤ z·SE/√S (a subset estimate
 *    differs from the full one by about SE·√((1−f)/f), half SE at f = 0.8).
 * Simulations whose estimate is undefined (a stratum emptied by the
 * alteration, with no smoothing) are counted in `undefined` and left out.
 */
export interface RefutationTarget {
  readonly rows: number;
  /** The effect being refuted, on all the data. */
  readonly estimate: number;
  readonly standardError: number;
  /** The effect with the treatment of row r taken from row permutation[r]. */
  placebo(permutation: Int32Array): number;
  /** The effect with an extra binary common cause of treatment and outcome, valued covariate[r] in row r. */
  randomCommonCause(covariate: Int32Array): number;
  /** The effect on the listed rows only. */
  subset(rows: Int32Array): number;
}

export interface RefutationOptions {
  simulations: number;
  subsetFraction: number;
  seed: number;
}

export interface RefutationResult {
  simulations: number;
  /** Simulations with an undefined estimate, left out of mean and sd. */
  undefined: number;
  meanEffect: number;
  sdEffect: number;
  /** What `meanEffect` is compared with. */
  expected: number;
  tolerance: number;
  pass: boolean;
}

export interface Refutations {
  placeboTreatment: RefutationResult & {
    /** Share of placebo estimates at least as far from 0 as the real one (DoWhy's refutation p-value). */
    pValue: number;
  };
  randomCommonCause: RefutationResult;
  dataSubset: RefutationResult & { subsetFraction: number };
}

export const REFUTATION_Z = 2.576;
const TOLERANCE_FLOOR = 1e-9;

export function refute(target: RefutationTarget, options: RefutationOptions): Refutations {
  const { simulations: s, seed } = options;
  const n = target.rows;
  const se = target.standardError;

  const placeboRandom = seededRandom(deriveSeed(seed, 'placebo'));
  const order = new Int32Array(n).map((_, i) => i);
  const placebo = simulate(s, () => target.placebo(shuffle(order, placeboRandom)));
  const placeboStats = summarize(placebo);
  let asLarge = 0;
  for (const v of placebo) if (!Number.isNaN(v) && Math.abs(v) >= Math.abs(target.estimate)) asLarge++;

  const coinRandom = seededRandom(deriveSeed(seed, 'random-common-cause'));
  const covariate = new Int32Array(n);
  const common = simulate(s, () => {
    for (let r = 0; r < n; r++) covariate[r] = coinRandom.next() < 0.5 ? 1 : 0;
    return target.randomCommonCause(covariate);
  });

  const subsetRandom = seededRandom(deriveSeed(seed, 'data-subset'));
  const size = Math.max(1, Math.floor(options.subsetFraction * n));
  order.forEach((_, i) => (order[i] = i));
  const subsetRows = order.subarray(0, size);
  const subsets = simulate(s, () => {
    // Partial Fisher–Yates: the first `size` slots become a uniform random subset.
    for (let i = 0; i < size; i++) {
      const j = i + subsetRandom.below(n - i);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return target.subset(subsetRows);
  });

  // The floor keeps a zero-variance estimate (SE = 0) from failing on rounding alone.
  const bound = (spread: number) => Math.max((REFUTATION_Z * spread) / Math.sqrt(s), TOLERANCE_FLOOR);
  return {
    placeboTreatment: {
      ...judge(placebo, 0, bound(Math.max(se, placeboStats.sd))),
      pValue: placeboStats.defined > 0 ? asLarge / placeboStats.defined : NaN,
    },
    randomCommonCause: judge(common, target.estimate, bound(se)),
    dataSubset: { ...judge(subsets, target.estimate, bound(se)), subsetFraction: options.subsetFraction },
  };
}

function simulate(count: number, run: () => number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = run();
  return out;
}

function judge(values: Float64Array, expected: number, tolerance: number): RefutationResult {
  const { mean, sd, defined } = summarize(values);
  return {
    simulations: values.length,
    undefined: values.length - defined,
    meanEffect: mean,
    sdEffect: sd,
    expected,
    tolerance,
    pass: defined > 0 && Math.abs(mean - expected) <= tolerance,
  };
}
