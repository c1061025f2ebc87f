import { finish, mix } from './hash';
import { REMOVED, reinsertCluster } from './probeCluster';

/**
 * A hash index on some columns of a relation: key → the rows holding it, as a
 * linked list in insertion order. Rows only ever grow, so every list is sorted
 * by row number, and a reader that wants "rows before N" (the semi-naive views
 * of Bancilhon 1986) stops at the first row ≥ N.
 */
export class HashIndex {
  /** Per slot: first row with this key, plus one (0 = empty slot). */
  private heads: Int32Array;
  /** Per slot: last row with this key, where the next row is chained. */
  private tails: Int32Array;
  /** Per row: the next row with the same key, or -1. */
  next: Int32Array;
  private mask: number;
  private keys = 0;

  constructor(
    readonly columns: readonly number[],
    private readonly arity: number,
  ) {
    this.heads = new Int32Array(16);
    this.tails = new Int32Array(16);
    this.mask = 15;
    this.next = new Int32Array(16);
  }

  /** Registers `row` (already written in `data`). */
  add(data: Int32Array, row: number): void {
    if (row >= this.next.length) {
      const grown = new Int32Array(Math.max(16, this.next.length * 2));
      grown.set(this.next);
      this.next = grown;
    }
    this.next[row] = -1;
    const base = row * this.arity;
    const columns = this.columns;
    let h = 0x2545f491;
    for (let k = 0; k < columns.length; k++) h = mix(h, data[base + columns[k]]);
    let slot = finish(h) & this.mask;
    for (;;) {
      const head = this.heads[slot];
      if (head === 0) {
        this.heads[slot] = row + 1;
        this.tails[slot] = row;
        if (++this.keys * 2 > this.mask) this.grow(data);
        return;
      }
      if (this.sameKey(data, head - 1, base)) {
        this.next[this.tails[slot]] = row;
        this.tails[slot] = row;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** First row whose key columns equal `key`, or -1; follow `next` for the rest. */
  first(data: Int32Array, key: Int32Array): number {
    const columns = this.columns;
    const arity = this.arity;
    let h = 0x2545f491;
    for (let k = 0; k < columns.length; k++) h = mix(h, key[k]);
    let slot = finish(h) & this.mask;
    for (;;) {
      const head = this.heads[slot];
      if (head === 0) return -1;
      const base = (head - 1) * arity;
      let same = true;
      for (let k = 0; k < columns.length; k++) {
        if (data[base + columns[k]] !== key[k]) {
          same = false;
          break;
        }
      }
      if (same) return head - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /**
   * Renumbers the index after rows were deleted and the rest moved down
   * (`remap[old]` = new row, or -1 for a deleted one; `data` the moved rows):
   * one sequential pass over the rows' links, one over the keys; a key left
   * with no rows is removed with its probe cluster placed again (emptying
   * its slot alone would cut the probe sequences through it).
   */
  renumber(data: Int32Array, remap: Int32Array, oldRows: number, rows: number): void {
    const next = this.next;
    const keptFrom = (row: number): number => {
      while (row >= 0 && remap[row] < 0) row = next[row];
      return row;
    };
    const renumbered = new Int32Array(Math.max(16, rows));
    for (let row = 0; row < oldRows; row++) {
      if (remap[row] < 0) continue;
      const after = keptFrom(next[row]);
      renumbered[remap[row]] = after < 0 ? -1 : remap[after];
    }
    const emptied: number[] = [];
    for (let s = 0; s < this.heads.length; s++) {
      if (this.heads[s] === 0) continue;
      const first = keptFrom(this.heads[s] - 1);
      if (first < 0) {
        this.heads[s] = REMOVED;
        emptied.push(s);
        continue;
      }
      this.heads[s] = remap[first] + 1;
      let last = this.tails[s];
      if (remap[last] < 0) {
        // The tail went: the new one is the chain's last kept row.
        last = first;
        for (let row = keptFrom(next[last]); row >= 0; row = keptFrom(next[row])) last = row;
      }
      this.tails[s] = remap[last];
    }
    this.next = renumbered;
    for (const s of emptied) reinsertCluster(this.heads, this.tails, this.mask, s, (head) => this.hashOfRow(data, head - 1));
    this.keys -= emptied.length;
  }

  /** The hash of the key columns of `row` (as `add` computes it from the row's data). */
  private hashOfRow(data: Int32Array, row: number): number {
    const base = row * this.arity;
    let h = 0x2545f491;
    for (const c of this.columns) h = mix(h, data[base + c]);
    return finish(h);
  }

  private sameKey(data: Int32Array, row: number, base: number): boolean {
    const other = row * this.arity;
    const columns = this.columns;
    for (let k = 0; k < columns.length; k++) if (data[other + columns[k]] !== data[base + columns[k]]) return false;
    return true;
  }

  private grow(data: Int32Array): void {
    const oldHeads = this.heads;
    const oldTails = this.tails;
    const capacity = oldHeads.length * 2;
    this.heads = new Int32Array(capacity);
    this.tails = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let s = 0; s < oldHeads.length; s++) {
      const head = oldHeads[s];
      if (head === 0) continue;
      let slot = this.hashOfRow(data, head - 1) & this.mask;
      while (this.heads[slot] !== 0) slot = (slot + 1) & this.mask;
      this.heads[slot] = head;
      this.tails[slot] = oldTails[s];
    }
  }
}
