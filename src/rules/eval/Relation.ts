import type { Constant } from '../syntax/ast';
import type { Dictionary } from './Dictionary';
import { finish, mix } from './hash';
import { HashIndex } from './HashIndex';
import { REMOVED, reinsertCluster } from './probeCluster';

/**
 * The facts of one predicate: encoded tuples stored row after row in one
 * Int32Array, a hash set over rows for duplicate elimination, and the indexes
 * the plan asked for. Rows are never removed, and each round of evaluation
 * appends a contiguous block, so "the facts of round k" is a row range and
 * the round a fact was derived in costs nothing to remember (see `epochs`).
 */
export class Relation {
  data: Int32Array;
  size = 0;
  readonly indexes: HashIndex[] = [];
  /** Open addressing: row + 1 per slot (0 = empty), and the row's hash beside it, so that growing never re-reads tuples. */
  private slots: Int32Array;
  private slotHashes: Int32Array;
  private mask: number;
  /** Rows from `epochRows[i]` on were derived in epoch `epochIds[i]`; epoch 0 is input. */
  private epochRows: number[] = [0];
  private epochIds: number[] = [0];

  constructor(
    readonly key: string,
    readonly arity: number,
  ) {
    this.data = new Int32Array(Math.max(1, arity) * 16);
    this.slots = new Int32Array(32);
    this.slotHashes = new Int32Array(32);
    this.mask = 31;
  }

  /** Rows appended from now on belong to `epoch` (epochs increase). */
  beginEpoch(epoch: number): void {
    const last = this.epochRows.length - 1;
    if (this.epochRows[last] === this.size) this.epochIds[last] = epoch;
    else {
      this.epochRows.push(this.size);
      this.epochIds.push(epoch);
    }
  }

  /** The epoch blocks: rows from `starts[i]` on were derived in epoch `epochs[i]` (read-only views). */
  epochBlocks(): { starts: readonly number[]; epochs: readonly number[] } {
    return { starts: this.epochRows, epochs: this.epochIds };
  }

  epochOfRow(row: number): number {
    let lo = 0;
    let hi = this.epochRows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.epochRows[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return this.epochIds[lo];
  }

  /** Number of rows derived in epochs before `epoch`. */
  rowsBefore(epoch: number): number {
    // Binary search for the first block of epoch >= `epoch` (epochs increase).
    let lo = 0;
    let hi = this.epochIds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.epochIds[mid] < epoch) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.epochIds.length ? this.epochRows[lo] : this.size;
  }

  /** Index on `columns`, built over the rows present and kept up to date after. */
  indexOn(columns: readonly number[]): HashIndex {
    const existing = this.indexes.find((ix) => ix.columns.length === columns.length && ix.columns.every((c, i) => c === columns[i]));
    if (existing) return existing;
    const index = new HashIndex(columns, this.arity);
    for (let row = 0; row < this.size; row++) index.add(this.data, row);
    this.indexes.push(index);
    return index;
  }

  /** Appends the tuple unless present; true when it was new. */
  insert(tuple: Int32Array): boolean {
    const arity = this.arity;
    const h = hashTuple(tuple, arity);
    const slot = this.probe(tuple, h);
    if (slot < 0) return false;
    const row = this.size;
    if ((row + 1) * arity > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const target = this.data;
    const base = row * arity;
    for (let k = 0; k < arity; k++) target[base + k] = tuple[k];
    this.size = row + 1;
    this.slots[slot] = row + 1;
    this.slotHashes[slot] = h;
    if (this.size * 2 > this.mask) this.growSlots();
    const indexes = this.indexes;
    for (let i = 0; i < indexes.length; i++) indexes[i].add(target, row);
    return true;
  }

  /**
   * Appends row `row` of `source` (same arity) unless present, without an
   * intermediate tuple: rebuilding a relation of millions of rows (after an
   * incremental update removes some) then allocates nothing per row.
   */
  insertRowOf(source: Relation, row: number): boolean {
    const arity = this.arity;
    const from = row * arity;
    const src = source.data;
    let h = 0x1b873593;
    for (let k = 0; k < arity; k++) h = mix(h, src[from + k]);
    h = finish(h) | 0;
    const slot = this.probeAt(src, from, h);
    if (slot < 0) return false;
    const at = this.size;
    if ((at + 1) * arity > this.data.length) {
      const grown = new Int32Array(Math.max(this.data.length * 2, (at + 1) * arity));
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(src.subarray(from, from + arity), at * arity);
    this.size = at + 1;
    this.slots[slot] = at + 1;
    this.slotHashes[slot] = h;
    if (this.size * 2 > this.mask) this.growSlots();
    for (let i = 0; i < this.indexes.length; i++) this.indexes[i].add(this.data, at);
    return true;
  }

  /**
   * Removes the given rows in place, the others keeping their order (so
   * their epochs stay): the incremental update's deletion. Rows move down in
   * runs, hash-set entries and index chains are renumbered in one sequential
   * pass each, and only the probe clusters that held a removed row are
   * rebuilt — no tuple is hashed again and nothing of the relation's size is
   * allocated but the row map, so a relation of millions of rows losing a few
   * costs a pass over its arrays.
   */
  deleteRows(drop: ReadonlySet<number>): void {
    const arity = this.arity;
    const oldSize = this.size;
    const dropped = [...drop].filter((r) => r >= 0 && r < oldSize).sort((a, b) => a - b);
    if (dropped.length === 0) return;
    const remap = new Int32Array(oldSize);
    let size = 0;
    let from = 0;
    const moveRun = (end: number): void => {
      if (size !== from) this.data.copyWithin(size * arity, from * arity, end * arity);
      for (let r = from; r < end; r++) remap[r] = size++;
    };
    for (const row of dropped) {
      moveRun(row);
      remap[row] = -1;
      from = row + 1;
    }
    moveRun(oldSize);
    this.size = size;

    const removedSlots: number[] = [];
    const slots = this.slots;
    for (let s = 0; s < slots.length; s++) {
      const entry = slots[s];
      if (entry === 0) continue;
      const moved = remap[entry - 1];
      if (moved < 0) {
        slots[s] = REMOVED;
        removedSlots.push(s);
      } else slots[s] = moved + 1;
    }
    for (const s of removedSlots) reinsertCluster(slots, this.slotHashes, this.mask, s, (_, hash) => hash);

    // A block's new start: its old start less the dropped rows before it.
    let d = 0;
    this.epochRows = this.epochRows.map((start) => {
      while (d < dropped.length && dropped[d] < start) d++;
      return start - d;
    });
    for (const index of this.indexes) index.renumber(this.data, remap, oldSize, size);
  }

  /** Room for `rows` rows without growing (a rebuild knows its size). */
  reserve(rows: number): void {
    if (rows * this.arity > this.data.length) {
      const grown = new Int32Array(Math.max(1, rows * this.arity));
      grown.set(this.data.subarray(0, this.size * this.arity));
      this.data = grown;
    }
    while (rows * 2 > this.mask) this.growSlots();
  }

  /** The empty slot where the tuple at `values[from…]` belongs (≥ 0), or -(row + 1) when it is stored at `row`. */
  private probeAt(values: Int32Array, from: number, h: number): number {
    const arity = this.arity;
    const data = this.data;
    const slots = this.slots;
    const hashes = this.slotHashes;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const entry = slots[slot];
      if (entry === 0) return slot;
      if (hashes[slot] === h) {
        const base = (entry - 1) * arity;
        let same = true;
        for (let k = 0; k < arity; k++) {
          if (data[base + k] !== values[from + k]) {
            same = false;
            break;
          }
        }
        if (same) return -entry;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The row holding `tuple`, or -1. */
  find(tuple: Int32Array): number {
    const slot = this.probe(tuple, hashTuple(tuple, this.arity));
    return slot < 0 ? -slot - 1 : -1;
  }

  /** probeAt() for a tuple of its own. */
  private probe(tuple: Int32Array, h: number): number {
    return this.probeAt(tuple, 0, h);
  }

  decodeRow(row: number, dictionary: Dictionary): Constant[] {
    const values: Constant[] = new Array(this.arity);
    for (let k = 0; k < this.arity; k++) values[k] = dictionary.valueOf(this.data[row * this.arity + k]);
    return values;
  }

  private growSlots(): void {
    const capacity = this.slots.length * 2;
    const slots = new Int32Array(capacity);
    const hashes = new Int32Array(capacity);
    const mask = capacity - 1;
    const oldSlots = this.slots;
    const oldHashes = this.slotHashes;
    for (let s = 0; s < oldSlots.length; s++) {
      const entry = oldSlots[s];
      if (entry === 0) continue;
      const h = oldHashes[s];
      let slot = h & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
      hashes[slot] = h;
    }
    this.slots = slots;
    this.slotHashes = hashes;
    this.mask = mask;
  }
}

function hashTuple(tuple: Int32Array, arity: number): number {
  let h = 0x1b873593;
  for (let k = 0; k < arity; k++) h = mix(h, tuple[k]);
  return finish(h) | 0;
}
