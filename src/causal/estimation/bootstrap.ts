import type { Random } from './random';

/**
 * Counts of one nonparametric bootstrap resample (Efron 1979): n rows drawn
 * with replacement, tallied straight into the cell counts — no index array,
 * no per-row allocation.
 */
export function resampleCounts(codes: Int32Array, random: Random, into: Float64Array): Float64Array {
  into.fill(0);
  const n = codes.length;
  for (let i = 0; i < n; i++) into[codes[random.below(n)]] += 1;
  return into;
}

/** Linear-interpolation quantile (Hyndman & Fan type 7) of sorted values. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Mean and sample standard deviation; undefined values (NaN) are left out. */
export function summarize(values: ArrayLike<number>): { mean: number; sd: number; defined: number } {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    n++;
    const delta = v - mean; // Welford: stable for near-equal values
    mean += delta / n;
    m2 += delta * (v - mean);
  }
  return { mean: n > 0 ? mean : NaN, sd: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0, defined: n };
}

/** The percentile interval at `level` from replicates (NaN replicates dropped). */
export function percentileInterval(replicates: Float64Array, level: number): [number, number] {
  const defined = Float64Array.from(replicates.filter((v) => !Number.isNaN(v))).sort();
  if (defined.length === 0) return [NaN, NaN];
  const tail = (1 - level) / 2;
  return [quantileSorted(defined, tail), quantileSorted(defined, 1 - tail)];
}
