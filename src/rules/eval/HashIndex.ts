import { finish, mix } from './hash';

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
   * The same index over a relation whose rows moved (`remap[old]` = new row,
   * or -1 for a dropped one; `data` the moved rows): each key's chain is
   * walked once and kept in order, and a key with rows left is placed again
   * by its hash (a removed key would break the probe sequences past it).
   */
  remapped(data: Int32Array, remap: Int32Array, rows: number): HashIndex {
    const out = new HashIndex(this.columns, this.arity);
    out.heads = new Int32Array(this.heads.length);
    out.tails = new Int32Array(this.heads.length);
    out.mask = this.mask;
    out.next = new Int32Array(Math.max(16, rows));
    for (let s = 0; s < this.heads.length; s++) {
      if (this.heads[s] === 0) continue;
      let first = -1;
      let last = -1;
      for (let row = this.heads[s] - 1; row >= 0; row = this.next[row]) {
        const moved = remap[row];
        if (moved < 0) continue;
        if (first < 0) first = moved;
        else out.next[last] = moved;
        last = moved;
      }
      if (first < 0) continue;
      out.next[last] = -1;
      const base = first * this.arity;
      let h = 0x2545f491;
      for (const c of this.columns) h = mix(h, data[base + c]);
      let slot = finish(h) & out.mask;
      while (out.heads[slot] !== 0) slot = (slot + 1) & out.mask;
      out.heads[slot] = first + 1;
      out.tails[slot] = last;
      out.keys += 1;
    }
    return out;
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
      const base = (head - 1) * this.arity;
      let h = 0x2545f491;
      for (const c of this.columns) h = mix(h, data[base + c]);
      let slot = finish(h) & this.mask;
      while (this.heads[slot] !== 0) slot = (slot + 1) & this.mask;
      this.heads[slot] = head;
      this.tails[slot] = oldTails[s];
    }
  }
}
