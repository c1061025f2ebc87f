export interface BatchingOptions {
  /** Most items in one batch. */
  maxBatch: number;
  /**
   * Most padded tokens per real token in a batch (≥ 1). A batch pads every
   * sequence to its longest, so mixing 10- and 60-token sentences runs ~3× the
   * work; past this ratio a new batch starts (once it holds minBatch items).
   * Infinity turns the split off.
   */
  maxPaddingRatio?: number;
  /** Batches smaller than this are never split off for padding's sake. */
  minBatch?: number;
}

/**
 * Groups item indices into batches, shortest first, so that each batch pads
 * to a similar width (attention is quadratic and every layer linear in the
 * padded length). Every index appears exactly once.
 */
export function lengthSortedBatches(lengths: readonly number[], options: BatchingOptions | number): number[][] {
  const { maxBatch, maxPaddingRatio = 1.25, minBatch = 4 } = typeof options === 'number' ? { maxBatch: options } : options;
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const batches: number[][] = [];
  let current: number[] = [];
  let tokens = 0;
  for (const index of order) {
    const length = lengths[index]!;
    // Sorted ascending, so `length` would be the new batch's padded width.
    const padded = (current.length + 1) * length;
    const full = current.length >= maxBatch;
    const wasteful = current.length >= minBatch && padded > maxPaddingRatio * (tokens + length);
    if (full || wasteful) {
      batches.push(current);
      current = [];
      tokens = 0;
    }
    current.push(index);
    tokens += length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
