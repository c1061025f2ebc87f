import type { Fact } from '../../rules';
import { derivedFactId, factKey } from './factKeys';
import type { PremiseRef } from './model';

/** A derived fact as stored: where (a node, or a relationship of a type) and the premises its derivation names. */
export interface StoredDerived {
  relType: string | null;
  premises: readonly PremiseRef[];
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

/** The derived facts of a snapshot: changed in place by `planFromChange`. */
export interface HoldingFacts {
  holding: Map<string, Fact>;
  idsByKey: Map<string, string>;
  stored: ReadonlyMap<string, StoredDerived>;
}

/**
 * The plan when the engine maintained the model itself (Evaluation.update):
 * it names the derived facts whose status changed, so the plan is read off
 * them instead of diffing every stored record. Re-derived facts get a new
 * record (their old one may name a fact that is gone); every fact whose
 * record names an over-deleted fact was over-deleted too (its record is a
 * derivation through it), so the untouched records stay well-founded.
 * Updates `holding` and `idsByKey` in place.
 */
export function planFromChange(ruleSet: string, facts: HoldingFacts, changed: { added: Fact[]; removed: Fact[]; rewritten: Fact[] }): Pick<HoldingFacts, 'holding' | 'idsByKey'> & { plan: MaintenancePlan } {
  const { holding, idsByKey, stored } = facts;
  const toDelete: string[] = [];
  const toWrite: string[] = [];
  const idOf = (fact: Fact): string => idsByKey.get(factKey(fact)) ?? derivedFactId(ruleSet, fact);
  for (const fact of changed.removed) {
    const id = idOf(fact);
    holding.delete(id);
    idsByKey.delete(factKey(fact));
    if (stored.has(id)) toDelete.push(id);
  }
  for (const fact of [...changed.rewritten, ...changed.added]) {
    const id = idOf(fact);
    holding.set(id, fact);
    idsByKey.set(factKey(fact), id);
    if (stored.has(id)) toDelete.push(id);
    toWrite.push(id);
  }
  return { holding, idsByKey, plan: { toDelete, toWrite, rederived: changed.rewritten.length } };
}
