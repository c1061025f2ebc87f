import fc from 'fast-check';
import { lengthSortedBatches } from '../../../src/grounding/lengthSortedBatches';

describe('lengthSortedBatches', () => {
  it('covers every index once, in batches of at most maxBatch, shortest first', () => {
    const lengths = [5, 2, 9, 2, 7, 1, 3];
    const batches = lengthSortedBatches(lengths, { maxBatch: 3, maxPaddingRatio: Infinity });
    expect(batches).toEqual([[5, 1, 3], [6, 0, 4], [2]]);
  });

  it('starts a new batch when padding would exceed the ratio', () => {
    // Four 10-token items then a 60-token one: padding 5×60 = 300 vs 100 real tokens.
    const batches = lengthSortedBatches([10, 10, 10, 10, 60], { maxBatch: 32, maxPaddingRatio: 1.25, minBatch: 2 });
    expect(batches).toEqual([[0, 1, 2, 3], [4]]);
    // Below minBatch nothing is split off.
    expect(lengthSortedBatches([10, 60], { maxBatch: 32, maxPaddingRatio: 1.25, minBatch: 4 })).toEqual([[0, 1]]);
  });

  it('returns no batch for no input', () => {
    expect(lengthSortedBatches([], 8)).toEqual([]);
  });

  it('is a partition respecting maxBatch, with padding bounded once batches reach minBatch', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 2, max: 256 }), { maxLength: 300 }), fc.integer({ min: 1, max: 64 }), (lengths, maxBatch) => {
        const batches = lengthSortedBatches(lengths, { maxBatch, maxPaddingRatio: 1.25, minBatch: 4 });
        expect(batches.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
        for (const batch of batches) {
          expect(batch.length).toBeGreaterThan(0);
          expect(batch.length).toBeLessThanOrEqual(maxBatch);
          const ls = batch.map((i) => lengths[i]!);
          const padded = batch.length * Math.max(...ls);
          const real = ls.reduce((a, b) => a + b, 0);
          // A batch only grows past minBatch while its padding stays within the ratio.
          if (batch.length > 4) expect(padded).toBeLessThanOrEqual(1.25 * real + 1e-9);
        }
      }),
    );
  });
});
