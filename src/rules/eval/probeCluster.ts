/** An open-addressing entry whose row was deleted, until its probe cluster is placed again. */
export const REMOVED = -1;

/**
 * Linear probing cannot just empty a slot (entries further on would become
 * unreachable): the whole cluster around `at` is emptied and its live entries
 * placed again by their hashes. `entries` holds the slots (0 empty, REMOVED
 * deleted), `companions` what travels with each entry, `hashOf` an entry's
 * hash. Clusters stay short (load ≤ 1/2). Used by Relation's hash set and
 * HashIndex after rows are deleted.
 */
export function reinsertCluster(entries: Int32Array, companions: Int32Array, mask: number, at: number, hashOf: (entry: number, companion: number) => number): void {
  if (entries[at] !== REMOVED) return; // cleared with an earlier cluster
  let start = at;
  while (entries[(start - 1) & mask] !== 0) start = (start - 1) & mask;
  const live: number[] = [];
  for (let s = start; entries[s] !== 0; s = (s + 1) & mask) {
    if (entries[s] !== REMOVED) live.push(entries[s], companions[s]);
    entries[s] = 0;
  }
  for (let k = 0; k < live.length; k += 2) {
    let slot = hashOf(live[k], live[k + 1]) & mask;
    while (entries[slot] !== 0) slot = (slot + 1) & mask;
    entries[slot] = live[k];
    companions[slot] = live[k + 1];
  }
}
