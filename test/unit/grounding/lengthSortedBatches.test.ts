import { lengthSortedBatches } from '../../../src/grounding/lengthSortedBatches';

describe('lengthSortedBatches', () => {
  it('covers every index once, in batches of at most maxBatch, shortest first', () => {
    const lengths = [5, 2, 9, 2, 7, 1, 3];
    const batches = lengthSortedBatches(lengths, 3);
    expect(batches).toEqual([[5, 1, 3], [6, 0, 4], [2]]);
    expect(batches.flat().sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('returns no batch for no input', () => {
    expect(lengthSortedBatches([], 8)).toEqual([]);
  });
});
