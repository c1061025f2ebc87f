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
