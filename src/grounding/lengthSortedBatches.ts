/**
 * Groups item indices into batches of at most `maxBatch`, sorted by length so
 * that each batch pads to a similar width (padding costs compute: attention is
 * quadratic and every layer linear in the padded length).
 */
export function lengthSortedBatches(lengths: readonly number[], maxBatch: number): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += maxBatch) batches.push(order.slice(start, start + maxBatch));
  return batches;
}
