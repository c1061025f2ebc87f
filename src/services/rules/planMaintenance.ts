import type { Fact } from '../../rules';
import { factKey } from './factKeys';
import type { PremiseRef } from './model';

/** A derived fact as stored: where (a node, or a relationship of a type) and the premises its derivation names. */
export interface StoredDerived {
  relType: string | null;
  premises: PremiseRef[];
}

export interface MaintenancePlan {
  /** Stored derived facts to remove: no longer true, or true but their record names a premise that is gone. */
  toDelete: string[];
  /** Facts that need a (new) derivation record: newly true, or true again after the over-deletion. */
  toWrite: string[];
  /** Over-deleted facts that still hold (DRed's re-derivation step). */
  rederived: number;
}

/**
 * Delete–rederive (Gupta, Mumick, Subrahmanian, "Maintaining views
 * incrementally", SIGMOD 1993) over the stored derivation records, with
 * semi-naive insertion. Over-delete: every stored fact whose record names a
 * premise that is gone (a base fact no longer stored under that id, a derived
 * fact no longer true) and, transitively, every fact whose record names an
 * over-deleted one. Re-derive: of those, the ones the new fixpoint still holds
 * get a fresh derivation from it. Insert: facts not stored before are written.
 * Records of untouched facts stay as they are: their premises all survive, so
 * every proof rebuilt from the records stays well-founded (the records of
 * re-derived and new facts come from the fixpoint's rounds and only point at
 * older facts or at untouched ones, whose proofs never point back).
 */
export function planMaintenance(
  stored: ReadonlyMap<string, StoredDerived>,
  holding: ReadonlyMap<string, Fact>,
  baseRefs: ReadonlyMap<string, PremiseRef>,
  programFacts: ReadonlySet<string>,
): MaintenancePlan {
  const premiseGone = (p: PremiseRef): boolean => {
    if (p.kind === 'derived') return !holding.has(p.id);
    if (p.kind === 'program') return !programFacts.has(factKey(p.fact));
    const now = baseRefs.get(factKey(p.fact));
    return now === undefined || now.kind !== p.kind || now.id !== p.id;
  };
  const dependents = new Map<string, string[]>();
  const invalid = new Set<string>();
  const queue: string[] = [];
  for (const [id, record] of stored) {
    let gone = !holding.has(id);
    for (const p of record.premises) {
      if (p.kind === 'derived') {
        const list = dependents.get(p.id);
        if (list) list.push(id);
        else dependents.set(p.id, [id]);
      }
      if (!gone && premiseGone(p)) gone = true;
    }
    if (gone) {
      invalid.add(id);
      queue.push(id);
    }
  }
  while (queue.length > 0) {
    for (const dependent of dependents.get(queue.pop()!) ?? []) {
      if (!invalid.has(dependent)) {
        invalid.add(dependent);
        queue.push(dependent);
      }
    }
  }
  const toWrite: string[] = [];
  let rederived = 0;
  for (const id of holding.keys()) {
    if (!stored.has(id)) toWrite.push(id);
    else if (invalid.has(id)) {
      toWrite.push(id);
      rederived += 1;
    }
  }
  return { toDelete: [...invalid], toWrite, rederived };
}
