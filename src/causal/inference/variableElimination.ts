import { multiplyAndSumOut, multiplyOnto, type Factor } from './factor';

/**
 * Sum-product variable elimination (Zhang & Poole 1994) along a given order.
 * Returns the product of what remains: a vector over `keep`'s states, or a
 * one-entry vector (the constant) when `keep` is −1.
 */
export function eliminate(
  factors: readonly Factor[],
  order: ArrayLike<number>,
  card: ArrayLike<number>,
  keep: number,
): Float64Array {
  const live: (Factor | null)[] = [...factors];
  const containing: number[][] = Array.from({ length: card.length }, () => []);
  live.forEach((f, i) => f!.vars.forEach((v) => containing[v]!.push(i)));
  const cardOf = (v: number) => card[v]!;
  for (let step = 0; step < order.length; step++) {
    const v = order[step]!;
    const bucket: Factor[] = [];
    for (const i of containing[v]!) {
      const f = live[i];
      if (f) {
        bucket.push(f);
        live[i] = null;
      }
    }
    containing[v] = [];
    if (bucket.length === 0) continue;
    const result = multiplyAndSumOut(bucket, v, cardOf);
    const index = live.length;
    live.push(result);
    result.vars.forEach((u) => containing[u]!.push(index));
  }
  const rest = live.filter((f): f is Factor => f !== null);
  return multiplyOnto(rest, keep >= 0 ? card[keep]! : 1);
}
