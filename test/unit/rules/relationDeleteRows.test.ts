import { Relation } from '../../../src/rules/eval/Relation';
import { mulberry32 } from '../../../src/util/mulberry32';

/** Deleting rows in place keeps every other row findable, in order, in the right epoch and index chain. */
describe('Relation.deleteRows', () => {
  it.each([1, 2, 3, 4])('matches a relation built from the kept rows (seed %i)', (seed) => {
    const random = mulberry32(seed);
    const rel = new Relation('p/2', 2);
    const index = rel.indexOn([0]);
    const epochOf: number[] = [];
    for (let epoch = 0; epoch < 4; epoch++) {
      if (epoch > 0) rel.beginEpoch(epoch);
      for (let k = 0; k < 300; k++) if (rel.insert(Int32Array.of(Math.floor(random() * 40), Math.floor(random() * 1000)))) epochOf.push(epoch);
    }
    const before = Array.from({ length: rel.size }, (_, r) => [rel.data[2 * r], rel.data[2 * r + 1]]);
    const drop = new Set(before.map((_, r) => r).filter(() => random() < 0.3));
    // Every row of one key goes too, so a key leaves the index.
    before.forEach(([key], r) => key === 7 && drop.add(r));

    rel.deleteRows(drop);

    const kept = before.filter((_, r) => !drop.has(r));
    const keptEpochs = epochOf.filter((_, r) => !drop.has(r));
    expect(rel.size).toBe(kept.length);
    kept.forEach(([a, b], r) => {
      expect(rel.find(Int32Array.of(a, b))).toBe(r);
      expect(rel.epochOfRow(r)).toBe(keptEpochs[r]);
    });
    for (const r of drop) expect(rel.find(Int32Array.of(before[r][0], before[r][1]))).toBe(-1);
    for (let epoch = 0; epoch <= 4; epoch++) expect(rel.rowsBefore(epoch)).toBe(keptEpochs.filter((e) => e < epoch).length);
    for (let key = 0; key < 40; key++) {
      const chain: number[] = [];
      for (let row = index.first(rel.data, Int32Array.of(key)); row >= 0; row = index.next[row]) chain.push(row);
      expect(chain).toEqual(kept.flatMap(([a], r) => (a === key ? [r] : [])));
    }
    // Still a working relation: deleted tuples go in again, at the end and at the end of their key's chain (the tails moved right).
    for (let key = 0; key < 40; key++) {
      const row = rel.size;
      expect(rel.insert(Int32Array.of(key, 5000 + key))).toBe(true);
      expect(rel.find(Int32Array.of(key, 5000 + key))).toBe(row);
      const chain: number[] = [];
      for (let r = index.first(rel.data, Int32Array.of(key)); r >= 0; r = index.next[r]) chain.push(r);
      expect(chain).toEqual([...kept.flatMap(([a], r) => (a === key ? [r] : [])), row]);
    }
  });
});
