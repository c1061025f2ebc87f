import { invariant } from '../../errors';
import type { Stratum } from '../analysis/stratify';
import { predicateKey } from '../syntax/ast';
import { rederivable, runDeltaRule } from './deltaJoin';
import { aggregateDelta, negationDelta, positiveDelta, relax, type DeltaRule } from './deltaRules';
import type { FactInput, Store } from './evaluate';
import type { Budget } from './limits';
import { bodyPredicates, lowerDeltas, readersAbove, readersOf, type NetChange, type Readers } from './readers';
import { Relation } from './Relation';
import { internTuple, lookupTuple, programFacts, rebuild, rowOf, scratchOf, unionOf } from './storeRows';

/** Base facts that changed since a store was evaluated: given facts to add and to remove. */
export interface InputChange {
  insert: FactInput;
  delete: FactInput;
}

/** Derived (not given) facts whose status an update changed, encoded as `[predicate key, tuple]`. */
export interface StoreDelta {
  /** Hold as derived facts now and did not before (new, or given before). */
  added: Array<[string, Int32Array]>;
  /** Held as derived facts before and do not now (gone, or given now). */
  removed: Array<[string, Int32Array]>;
  /** Held as derived facts before and still do, but lost a derivation on the way (DRed's re-derived facts, aggregates over changed or re-derived facts): their derivation may differ. */
  rewritten: Array<[string, Int32Array]>;
}

/**
 * Brings an evaluated store up to date with a change of its input facts
 * without evaluating from scratch, stratum by stratum (docs/rules.md,
 * "Incremental maintenance"): delete–rederive (Gupta, Mumick, Subrahmanian,
 * SIGMOD 1993) for what may no longer hold, semi-naive insertion for what
 * may now hold. A stratum sees the change of its given facts and the net
 * change of the strata below it:
 * - a positive atom: removed facts over-delete what was derived through
 *   them, added facts seed semi-naive insertion;
 * - a negated atom: added facts over-delete what relied on their absence,
 *   removed facts seed insertion (the atom read positively, from them);
 * - an aggregate: a changed fact of its body over-deletes the rule's facts of
 *   that group, and the rule is evaluated again for those groups.
 * Over-deletion runs when a fact is doomed, through every stratum above,
 * before any of them is touched (so it reads their old state; strata below
 * are already new: their positive atoms may only doom more, negations and
 * aggregates over what changed there are relaxed — deltaRules.ts — and
 * whatever is doomed but still holds is re-derived). Re-derivation and
 * insertion read the new state of the strata below.
 *
 * Keeps the epoch invariant the proof finder relies on: given facts are
 * epoch 0 and every derived fact has a derivation from facts of strictly
 * earlier epochs (facts the update derives get epochs after every existing
 * one; a fact it keeps lost no derivation, since every fact with a derivation
 * through a doomed fact — or relying on the absence of an added one, or
 * aggregating a changed group — is doomed too).
 *
 * Mutates the store (it is consumed: an Evaluation over it must not be read
 * any more) and returns the derived facts whose status changed.
 */
export function updateStore(store: Store, change: InputChange, budget: Budget): StoreDelta {
  return new StratifiedUpdate(store, budget).run(change);
}

/** One update's state: what is doomed, what each finished stratum changed, what was inserted. */
class StratifiedUpdate {
  private readonly readers: Readers;
  private readonly readAbove: ReturnType<typeof readersAbove>;
  /** Predicates whose stratum is up to date. */
  private readonly finished = new Set<string>();
  /** Net change of finished predicates that a later stratum reads, where not empty. */
  private readonly changes = new Map<string, NetChange>();
  private readonly changedKeys = new Set<string>();
  private readonly addedOrRemovedOf = new Map<string, Relation>();
  /** Over-deleted rows of the old relations, by key; the same facts as tuples; those of them that were derived (epoch > 0). */
  private readonly doomedRows = new Map<string, Set<number>>();
  private readonly doomed = new Map<string, Relation>();
  private readonly wasDerived = new Map<string, Relation>();
  /** Doomed facts whose consequences are not followed yet. */
  private frontier = new Map<string, Relation>();
  /** Derived facts that become given (rows of the old relations; the same as tuples). */
  private readonly promotedRows = new Map<string, Set<number>>();
  private readonly promoted = new Map<string, Relation>();
  /** Given facts to add; those of them that did not hold before. */
  private readonly newInputs = new Map<string, Relation>();
  private readonly freshInputs = new Map<string, Relation>();
  private readonly inserted: Array<[string, Int32Array]> = [];
  private readonly removed: Array<[string, Int32Array]> = [];
  private epoch: number;
  /** Whether the budget counts the model yet (after the first over-deletion). */
  private counting = false;

  constructor(
    private readonly store: Store,
    private readonly budget: Budget,
  ) {
    this.readers = readersOf(store.program.ast.rules);
    this.readAbove = readersAbove(store.program, this.readers);
    this.epoch = store.stats.rounds;
  }

  run(change: InputChange): StoreDelta {
    const { relations } = this.store;
    this.classify(change);
    let derived = 0;
    for (const rel of relations.values()) derived += rel.size - rel.rowsBefore(1);
    this.propagate();
    for (const rel of this.wasDerived.values()) derived -= rel.size;
    for (const [key, rows] of this.promotedRows) for (const row of rows) if (!this.doomedRows.get(key)?.has(row)) derived--;
    this.budget.resume(derived);
    this.counting = true;
    for (const stratum of this.store.program.strata) this.updateStratum(stratum);
    // Predicates no rule mentions only store their facts.
    for (const key of new Set([...this.doomedRows.keys(), ...this.newInputs.keys()])) {
      if (!this.finished.has(key)) relations.set(key, rebuild(relations.get(key)!, this.doomedRows.get(key), this.promotedRows.get(key), this.newInputs.get(key)));
    }
    this.store.stats.rounds = this.epoch;
    this.store.stats.derivedFacts = this.budget.derived;
    return this.result();
  }

  /** Dooms deleted given facts and sorts inserted ones into new, re-given and promoted (derived before). */
  private classify(change: InputChange): void {
    const { program, dictionary, relations } = this.store;
    const given = programFacts(program, dictionary);
    for (const [name, tuples] of change.delete) {
      for (const values of tuples) {
        const rel = relations.get(predicateKey(name, values.length));
        const tuple = lookupTuple(dictionary, values);
        if (!rel || !tuple || (given.get(rel.key)?.find(tuple) ?? -1) >= 0) continue;
        const row = rel.find(tuple);
        if (row >= 0 && rel.epochOfRow(row) === 0) this.markDoomed(rel, row, tuple);
      }
    }
    for (const [name, tuples] of change.insert) {
      for (const values of tuples) {
        const key = predicateKey(name, values.length);
        let rel = relations.get(key);
        if (!rel) relations.set(key, (rel = new Relation(key, values.length)));
        const tuple = internTuple(dictionary, name, values);
        const row = rel.find(tuple);
        if (row >= 0 && !this.doomedRows.get(key)?.has(row)) {
          if (rel.epochOfRow(row) === 0) continue;
          let rows = this.promotedRows.get(key);
          if (!rows) this.promotedRows.set(key, (rows = new Set()));
          if (!rows.has(row)) {
            this.removed.push([key, tuple.slice()]);
            scratchOf(this.promoted, rel).insert(tuple);
          }
          rows.add(row);
        }
        if (row < 0) scratchOf(this.freshInputs, rel).insert(tuple);
        scratchOf(this.newInputs, rel).insert(tuple);
      }
    }
  }

  private markDoomed(rel: Relation, row: number, tuple: Int32Array): void {
    invariant(!this.finished.has(rel.key), `over-deletion reached ${rel.key}, whose stratum is already up to date`);
    let rows = this.doomedRows.get(rel.key);
    if (!rows) this.doomedRows.set(rel.key, (rows = new Set()));
    if (rows.has(row)) return;
    rows.add(row);
    scratchOf(this.doomed, rel).insert(tuple);
    scratchOf(this.frontier, rel).insert(tuple);
    if (rel.epochOfRow(row) > 0) {
      scratchOf(this.wasDerived, rel).insert(tuple);
      if (this.counting && !this.promotedRows.get(rel.key)?.has(row)) this.budget.onRemoved();
    }
  }

  /** Runs a delta rule over `facts` and dooms the facts of its head it matches (open columns match anything); given facts stay. */
  private overDelete(delta: DeltaRule, facts: Relation): void {
    const rel = this.store.relations.get(delta.headKey)!;
    const consider = (row: number): void => {
      if (rel.epochOfRow(row) === 0 && !this.doomedRows.get(rel.key)?.has(row)) return;
      this.markDoomed(rel, row, rowOf(rel, row));
    };
    const known = delta.headColumns.flatMap((c, k) => (c < 0 ? [] : [k]));
    let emit: (tuple: Int32Array) => void;
    if (known.length === rel.arity) {
      emit = (tuple) => {
        const row = rel.find(tuple);
        if (row >= 0) consider(row);
      };
    } else if (known.length === 0) {
      let done = false;
      emit = () => {
        if (done) return;
        done = true;
        for (let row = 0; row < rel.size; row++) consider(row);
      };
    } else {
      const index = rel.indexOn(known);
      const key = new Int32Array(known.length);
      emit = (tuple) => {
        for (let i = 0; i < known.length; i++) key[i] = tuple[known[i]];
        for (let row = index.first(rel.data, key); row !== -1; row = index.next[row]) consider(row);
      };
    }
    runDeltaRule(this.store, delta, facts, this.budget, undefined, emit);
  }

  /** Over-deletes every fact with a derivation through a doomed fact, transitively, reading unfinished strata in their old state. */
  private propagate(): void {
    while (this.frontier.size > 0) {
      this.budget.check();
      const delta = this.frontier;
      this.frontier = new Map();
      for (const [key, facts] of delta) {
        for (const { rule, atomIndex } of this.readers.positive.get(key) ?? []) this.overDelete(relax(positiveDelta(rule, atomIndex), this.changedKeys), facts);
      }
    }
  }

  /** Applies a stratum's deletions and given facts, re-derives, inserts; then over-deletes above through its net change. */
  private updateStratum(stratum: Stratum): void {
    const { program, relations } = this.store;
    const members = new Set(stratum.predicates);
    const own = stratum.predicates.filter((key) => this.doomedRows.has(key) || this.newInputs.has(key));
    if (own.length === 0 && !stratum.rules.some((rule) => bodyPredicates(rule).some((key) => this.changedKeys.has(key)))) {
      for (const key of members) this.finished.add(key);
      return;
    }
    for (const key of own) relations.set(key, rebuild(relations.get(key)!, this.doomedRows.get(key), this.promotedRows.get(key), this.newInputs.get(key)));
    this.budget.resume(this.budget.derived); // the model without what this stratum lost must fit the limit

    const insertedHere = new Map<string, Relation>();
    let next = new Map<string, Relation>();
    const insert = (key: string) => (tuple: Int32Array): void => {
      const rel = relations.get(key)!;
      if (!rel.insert(tuple)) return;
      this.budget.onDerived();
      scratchOf(next, rel).insert(tuple);
      if (this.readAbove.has(key)) scratchOf(insertedHere, rel).insert(tuple);
      this.inserted.push([key, tuple.slice()]);
    };
    const sizesOfMembers = (): Map<string, number> => new Map(stratum.predicates.map((key) => [key, relations.get(key)!.size] as const));
    const beginEpoch = (): void => {
      this.epoch++;
      for (const key of members) relations.get(key)!.beginEpoch(this.epoch);
    };
    if (stratum.rules.length > 0) {
      // Re-derive: doomed facts with a one-step derivation from what remains.
      const derivable = rederivable(this.store, stratum.rules);
      const rederived: Array<[string, Int32Array]> = [];
      for (const key of members) {
        const gone = this.doomed.get(key);
        if (!gone || !program.derived.has(key)) continue;
        const current = relations.get(key)!;
        for (let r = 0; r < gone.size; r++) {
          const tuple = rowOf(gone, r);
          if (current.find(tuple) >= 0) continue; // given again
          this.budget.tick();
          if (derivable(key, tuple)) rederived.push([key, tuple]);
        }
      }
      const sizes = sizesOfMembers();
      beginEpoch();
      for (const [key, tuple] of rederived) insert(key)(tuple);
      // Derivations through facts of lower strata that changed, in the same epoch (they read this stratum's facts of earlier ones).
      for (const rule of stratum.rules) {
        for (const { variant, facts } of lowerDeltas(rule, members, this.changes, (key) => this.addedOrRemoved(key))) {
          runDeltaRule(this.store, variant, facts, this.budget, sizes, insert(variant.headKey));
        }
      }
    }
    for (const key of own) {
      const inputs = this.newInputs.get(key);
      if (inputs) for (let r = 0; r < inputs.size; r++) scratchOf(next, relations.get(key)!).insert(rowOf(inputs, r));
    }
    // Semi-naive insertion from the delta: one epoch per round, each reading only rows of earlier epochs.
    let delta = next;
    while (stratum.recursive && delta.size > 0) {
      this.budget.check();
      const sizes = sizesOfMembers();
      beginEpoch();
      next = new Map();
      for (const [key, facts] of delta) {
        for (const { rule, atomIndex } of this.readers.positive.get(key) ?? []) {
          const head = predicateKey(rule.head.predicate, rule.head.args.length);
          if (members.has(head)) runDeltaRule(this.store, positiveDelta(rule, atomIndex), facts, this.budget, sizes, insert(head));
        }
      }
      delta = next;
    }
    for (const key of members) this.finished.add(key);
    this.recordNetChange(members, insertedHere);
    this.overDeleteAbove(members);
  }

  /** The net change of a finished stratum's predicates that a later stratum reads (removed facts only where read negated or aggregated). */
  private recordNetChange(members: Set<string>, insertedHere: Map<string, Relation>): void {
    for (const key of members) {
      const above = this.readAbove.get(key);
      if (!above) continue;
      const rel = this.store.relations.get(key)!;
      const net: NetChange = { added: new Relation(key, rel.arity), removed: new Relation(key, rel.arity) };
      const gone = this.doomed.get(key);
      const mine = insertedHere.get(key);
      if (mine) for (let r = 0; r < mine.size; r++) if (!gone || gone.find(rowOf(mine, r)) < 0) net.added.insertRowOf(mine, r);
      const fresh = this.freshInputs.get(key);
      if (fresh) for (let r = 0; r < fresh.size; r++) net.added.insertRowOf(fresh, r);
      if (gone && above.negatedOrAggregated) for (let r = 0; r < gone.size; r++) if (rel.find(rowOf(gone, r)) < 0) net.removed.insertRowOf(gone, r);
      if (net.added.size + net.removed.size === 0) continue;
      this.changes.set(key, net);
      this.changedKeys.add(key);
    }
  }

  /**
   * Over-deletion above a finished stratum through what it changed: facts that
   * relied on the absence of added ones, aggregates over changed groups — and
   * over groups whose facts were re-derived: same value, but its facts moved
   * to later epochs, and proofs list premises before the facts that use them.
   * (Positive atoms were followed when their facts were doomed.)
   */
  private overDeleteAbove(members: Set<string>): void {
    for (const key of members) {
      const net = this.changes.get(key);
      const gone = this.doomed.get(key);
      if (net && net.added.size > 0) {
        for (const { rule, literalIndex } of this.readers.negated.get(key) ?? []) this.overDelete(relax(negationDelta(rule, literalIndex), this.changedKeys), net.added);
      }
      if (net || gone) {
        const touched = net && gone ? unionOf(net.added, gone) : gone ?? this.addedOrRemoved(key);
        for (const { rule, literalIndex, innerIndex } of this.readers.aggregated.get(key) ?? []) {
          this.overDelete(relax(aggregateDelta(rule, literalIndex, innerIndex), this.changedKeys), touched);
        }
      }
    }
    this.propagate();
  }

  private addedOrRemoved(key: string): Relation {
    let both = this.addedOrRemovedOf.get(key);
    if (!both) this.addedOrRemovedOf.set(key, (both = unionOf(this.changes.get(key)!.added, this.changes.get(key)!.removed)));
    return both;
  }

  /** What changed, for derived (not given) facts. */
  private result(): StoreDelta {
    const { relations } = this.store;
    const result: StoreDelta = { added: [], removed: this.removed, rewritten: [] };
    for (const [key, rel] of this.wasDerived) {
      const current = relations.get(key)!;
      for (let r = 0; r < rel.size; r++) {
        const tuple = rowOf(rel, r);
        if ((this.promoted.get(key)?.find(tuple) ?? -1) >= 0) continue; // reported when classified
        const row = current.find(tuple);
        (row >= 0 && current.epochOfRow(row) > 0 ? result.rewritten : result.removed).push([key, tuple]);
      }
    }
    for (const [key, tuple] of this.inserted) if ((this.wasDerived.get(key)?.find(tuple) ?? -1) < 0) result.added.push([key, tuple]);
    return result;
  }
}
