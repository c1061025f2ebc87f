import { badUserInput, invariant } from '../../errors';
import type { Program } from '../compile';
import { predicateKey, type Atom, type Constant, type Rule } from '../syntax/ast';
import type { Dictionary } from './Dictionary';
import { rederivable, runDeltaRule } from './deltaJoin';
import { aggregateDelta, negationDelta, positiveDelta, relax, type DeltaRule } from './deltaRules';
import type { Store, FactInput } from './evaluate';
import type { Budget } from './limits';
import { Relation } from './Relation';

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
  /** Held as derived facts before and still do, but lost a derivation on the way (DRed's re-derived facts): their derivation may differ. */
  rewritten: Array<[string, Int32Array]>;
}

/** The net change of a predicate's facts after its stratum is brought up to date. */
interface NetChange {
  added: Relation;
  removed: Relation;
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
 * are already new: reading them may only doom more, and whatever is doomed
 * but still holds is re-derived). Re-derivation and insertion read the new
 * state of the strata below.
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
  const { program, dictionary, relations } = store;
  const given = programFacts(program, dictionary);
  const readers = readersOf(program.ast.rules);
  const readAbove = readersAbove(program, readers);
  const finished = new Set<string>(); // predicates whose stratum is up to date
  const changes = new Map<string, NetChange>(); // of finished predicates, where not empty
  const changedKeys = new Set<string>();

  // 1. Classify the change against the store as it is.
  const doomedRows = new Map<string, Set<number>>(); // key → over-deleted rows of the old relation
  const doomed = new Map<string, Relation>(); // the same facts, as tuples
  const wasDerived = new Map<string, Relation>(); // those of them that were derived (epoch > 0)
  const promotedRows = new Map<string, Set<number>>(); // derived facts that become given
  const promoted = new Map<string, Relation>(); // the same, as tuples
  let frontier = new Map<string, Relation>();
  let counting = false; // once the budget counts the model
  const markDoomed = (rel: Relation, row: number, tuple: Int32Array): void => {
    invariant(!finished.has(rel.key), `over-deletion reached ${rel.key}, whose stratum is already up to date`);
    let rows = doomedRows.get(rel.key);
    if (!rows) doomedRows.set(rel.key, (rows = new Set()));
    if (rows.has(row)) return;
    rows.add(row);
    scratchOf(doomed, rel).insert(tuple);
    scratchOf(frontier, rel).insert(tuple);
    if (rel.epochOfRow(row) > 0) {
      scratchOf(wasDerived, rel).insert(tuple);
      if (counting && !promotedRows.get(rel.key)?.has(row)) budget.onRemoved();
    }
  };
  for (const [name, tuples] of change.delete) {
    for (const values of tuples) {
      const rel = relations.get(predicateKey(name, values.length));
      const tuple = lookupTuple(dictionary, values);
      if (!rel || !tuple || (given.get(rel.key)?.find(tuple) ?? -1) >= 0) continue;
      const row = rel.find(tuple);
      if (row >= 0 && rel.epochOfRow(row) === 0) markDoomed(rel, row, tuple);
    }
  }
  const newInputs = new Map<string, Relation>();
  const freshInputs = new Map<string, Relation>(); // new inputs that did not hold before
  const removed: Array<[string, Int32Array]> = [];
  for (const [name, tuples] of change.insert) {
    for (const values of tuples) {
      const key = predicateKey(name, values.length);
      let rel = relations.get(key);
      if (!rel) relations.set(key, (rel = new Relation(key, values.length)));
      const tuple = internTuple(dictionary, name, values);
      const row = rel.find(tuple);
      if (row >= 0 && !doomedRows.get(key)?.has(row)) {
        if (rel.epochOfRow(row) === 0) continue;
        let rows = promotedRows.get(key);
        if (!rows) promotedRows.set(key, (rows = new Set()));
        if (!rows.has(row)) {
          removed.push([key, tuple.slice()]);
          scratchOf(promoted, rel).insert(tuple);
        }
        rows.add(row);
      }
      if (row < 0) scratchOf(freshInputs, rel).insert(tuple);
      scratchOf(newInputs, rel).insert(tuple);
    }
  }

  /** Dooms the facts of the delta rule's head that its emitted tuples match (open columns match anything); given facts stay. */
  const doomMatches = (delta: DeltaRule): ((tuple: Int32Array) => void) => {
    const rel = relations.get(delta.headKey)!;
    const consider = (row: number): void => {
      if (rel.epochOfRow(row) === 0 && !doomedRows.get(rel.key)?.has(row)) return;
      markDoomed(rel, row, rowOf(rel, row));
    };
    const known = delta.headColumns.flatMap((c, k) => (c < 0 ? [] : [k]));
    if (known.length === rel.arity) {
      return (tuple) => {
        const row = rel.find(tuple);
        if (row >= 0) consider(row);
      };
    }
    if (known.length === 0) {
      let done = false;
      return () => {
        if (done) return;
        done = true;
        for (let row = 0; row < rel.size; row++) consider(row);
      };
    }
    const index = rel.indexOn(known);
    const key = new Int32Array(known.length);
    return (tuple) => {
      for (let i = 0; i < known.length; i++) key[i] = tuple[known[i]];
      for (let row = index.first(rel.data, key); row !== -1; row = index.next[row]) consider(row);
    };
  };

  // 2. Over-delete: every fact with a derivation through a doomed fact, transitively.
  const propagate = (): void => {
    while (frontier.size > 0) {
      budget.check();
      const delta = frontier;
      frontier = new Map();
      for (const [key, facts] of delta) {
        for (const { rule, atomIndex } of readers.positive.get(key) ?? []) {
          const variant = relax(positiveDelta(rule, atomIndex), changedKeys);
          runDeltaRule(store, variant, facts, budget, undefined, doomMatches(variant));
        }
      }
    }
  };
  let derived = 0;
  for (const rel of relations.values()) derived += rel.size - rel.rowsBefore(1);
  propagate();
  for (const rel of wasDerived.values()) derived -= rel.size;
  for (const [key, rows] of promotedRows) for (const row of rows) if (!doomedRows.get(key)?.has(row)) derived--;
  budget.resume(derived);
  counting = true;

  // 3. Each stratum in turn: apply its deletions and given facts, re-derive, insert; then over-delete above through its net change.
  let epoch = store.stats.rounds;
  const inserted: Array<[string, Int32Array]> = [];
  const bothOf = new Map<string, Relation>();
  const addedOrRemoved = (key: string): Relation => {
    let both = bothOf.get(key);
    if (!both) bothOf.set(key, (both = unionOf(changes.get(key)!.added, changes.get(key)!.removed)));
    return both;
  };
  for (const stratum of program.strata) {
    const members = new Set(stratum.predicates);
    const own = stratum.predicates.filter((key) => doomedRows.has(key) || newInputs.has(key));
    if (own.length === 0 && !stratum.rules.some((rule) => bodyPredicates(rule).some((key) => changedKeys.has(key)))) {
      for (const key of members) finished.add(key);
      continue;
    }
    for (const key of own) relations.set(key, rebuild(relations.get(key)!, doomedRows.get(key), promotedRows.get(key), newInputs.get(key)));
    budget.resume(budget.derived); // the model without what this stratum lost must fit the limit

    const insertedHere = new Map<string, Relation>();
    let next = new Map<string, Relation>();
    const insert = (key: string) => (tuple: Int32Array): void => {
      const rel = relations.get(key)!;
      if (!rel.insert(tuple)) return;
      budget.onDerived();
      scratchOf(next, rel).insert(tuple);
      if (readAbove.has(key)) scratchOf(insertedHere, rel).insert(tuple);
      inserted.push([key, tuple.slice()]);
    };
    const sizesOfMembers = (): Map<string, number> => new Map(stratum.predicates.map((key) => [key, relations.get(key)!.size] as const));
    const beginEpoch = (): void => {
      epoch++;
      for (const key of members) relations.get(key)!.beginEpoch(epoch);
    };
    if (stratum.rules.length > 0) {
      // Re-derive: doomed facts with a one-step derivation from what remains.
      const derivable = rederivable(store, stratum.rules);
      const rederived: Array<[string, Int32Array]> = [];
      for (const key of members) {
        const gone = doomed.get(key);
        if (!gone || !program.derived.has(key)) continue;
        const current = relations.get(key)!;
        for (let r = 0; r < gone.size; r++) {
          const tuple = rowOf(gone, r);
          if (current.find(tuple) >= 0) continue; // given again
          budget.tick();
          if (derivable(key, tuple)) rederived.push([key, tuple]);
        }
      }
      const sizes = sizesOfMembers();
      beginEpoch();
      for (const [key, tuple] of rederived) insert(key)(tuple);
      // Derivations through facts of lower strata that changed, in the same epoch (they read this stratum's facts of earlier ones).
      for (const rule of stratum.rules) {
        for (const { variant, facts } of lowerDeltas(rule, members, changes, addedOrRemoved)) runDeltaRule(store, variant, facts, budget, sizes, insert(variant.headKey));
      }
    }
    for (const key of own) {
      const inputs = newInputs.get(key);
      if (inputs) for (let r = 0; r < inputs.size; r++) scratchOf(next, relations.get(key)!).insert(rowOf(inputs, r));
    }
    // Semi-naive insertion from the delta: one epoch per round, each reading only rows of earlier epochs.
    let delta = next;
    while (stratum.recursive && delta.size > 0) {
      budget.check();
      const sizes = sizesOfMembers();
      beginEpoch();
      next = new Map();
      for (const [key, facts] of delta) {
        for (const { rule, atomIndex } of readers.positive.get(key) ?? []) {
          if (!members.has(predicateKey(rule.head.predicate, rule.head.args.length))) continue;
          runDeltaRule(store, positiveDelta(rule, atomIndex), facts, budget, sizes, insert(predicateKey(rule.head.predicate, rule.head.args.length)));
        }
      }
      delta = next;
    }

    // The stratum's net change, and over-deletion above through it (negations and aggregates; positive atoms were followed when their facts were doomed).
    // Computed only where a stratum above reads it (removed facts only where it reads them negated or aggregated).
    for (const key of members) {
      finished.add(key);
      const above = readAbove.get(key);
      if (!above) continue;
      const rel = relations.get(key)!;
      const net: NetChange = { added: new Relation(key, rel.arity), removed: new Relation(key, rel.arity) };
      const gone = doomed.get(key);
      const mine = insertedHere.get(key);
      if (mine) for (let r = 0; r < mine.size; r++) if (!gone || gone.find(rowOf(mine, r)) < 0) net.added.insertRowOf(mine, r);
      const fresh = freshInputs.get(key);
      if (fresh) for (let r = 0; r < fresh.size; r++) net.added.insertRowOf(fresh, r);
      if (gone && above.negatedOrAggregated) for (let r = 0; r < gone.size; r++) if (rel.find(rowOf(gone, r)) < 0) net.removed.insertRowOf(gone, r);
      if (net.added.size + net.removed.size === 0) continue;
      changes.set(key, net);
      changedKeys.add(key);
    }
    for (const key of members) {
      // An aggregate over facts that were re-derived keeps its value, but its facts moved to later epochs: it follows them.
      const gone = doomed.get(key);
      if (gone) {
        const moved = changes.has(key) ? unionOf(addedOrRemoved(key), gone) : gone;
        for (const { rule, literalIndex, innerIndex } of readers.aggregated.get(key) ?? []) {
          const variant = relax(aggregateDelta(rule, literalIndex, innerIndex), changedKeys);
          runDeltaRule(store, variant, moved, budget, undefined, doomMatches(variant));
        }
      }
      const net = changes.get(key);
      if (!net) continue;
      if (net.added.size > 0) {
        for (const { rule, literalIndex } of readers.negated.get(key) ?? []) {
          const variant = relax(negationDelta(rule, literalIndex), changedKeys);
          runDeltaRule(store, variant, net.added, budget, undefined, doomMatches(variant));
        }
      }
      if (!gone) {
        for (const { rule, literalIndex, innerIndex } of readers.aggregated.get(key) ?? []) {
          const variant = relax(aggregateDelta(rule, literalIndex, innerIndex), changedKeys);
          runDeltaRule(store, variant, addedOrRemoved(key), budget, undefined, doomMatches(variant));
        }
      }
    }
    propagate();
  }
  // Predicates no rule mentions only store their facts.
  for (const key of new Set([...doomedRows.keys(), ...newInputs.keys()])) {
    if (!finished.has(key)) relations.set(key, rebuild(relations.get(key)!, doomedRows.get(key), promotedRows.get(key), newInputs.get(key)));
  }
  store.stats.rounds = epoch;
  store.stats.derivedFacts = budget.derived;

  // 4. What changed, for derived (not given) facts.
  const result: StoreDelta = { added: [], removed, rewritten: [] };
  for (const [key, rel] of wasDerived) {
    const current = relations.get(key)!;
    for (let r = 0; r < rel.size; r++) {
      const tuple = rowOf(rel, r);
      if ((promoted.get(key)?.find(tuple) ?? -1) >= 0) continue; // reported above
      const row = current.find(tuple);
      (row >= 0 && current.epochOfRow(row) > 0 ? result.rewritten : result.removed).push([key, tuple]);
    }
  }
  for (const [key, tuple] of inserted) if ((wasDerived.get(key)?.find(tuple) ?? -1) < 0) result.added.push([key, tuple]);
  return result;
}

function unionOf(a: Relation, b: Relation): Relation {
  const union = new Relation(a.key, a.arity);
  for (const rel of [a, b]) for (let r = 0; r < rel.size; r++) union.insertRowOf(rel, r);
  return union;
}

/** Where each predicate is read: by a positive atom, a negated one, an atom inside an aggregate. */
interface Readers {
  positive: Map<string, Array<{ rule: Rule; atomIndex: number }>>;
  negated: Map<string, Array<{ rule: Rule; literalIndex: number }>>;
  aggregated: Map<string, Array<{ rule: Rule; literalIndex: number; innerIndex: number }>>;
}

function readersOf(rules: readonly Rule[]): Readers {
  const readers: Readers = { positive: new Map(), negated: new Map(), aggregated: new Map() };
  const add = <T>(map: Map<string, T[]>, atom: Atom, entry: T): void => {
    const key = predicateKey(atom.predicate, atom.args.length);
    map.set(key, [...(map.get(key) ?? []), entry]);
  };
  for (const rule of rules) {
    let atomIndex = 0;
    rule.body.forEach((literal, literalIndex) => {
      if (literal.kind === 'positive') add(readers.positive, literal.atom, { rule, atomIndex: atomIndex++ });
      else if (literal.kind === 'negated') add(readers.negated, literal.atom, { rule, literalIndex });
      else if (literal.kind === 'aggregate') {
        literal.body.forEach((inner, innerIndex) => {
          if (inner.kind === 'positive') add(readers.aggregated, inner.atom, { rule, literalIndex, innerIndex });
        });
      }
    });
  }
  return readers;
}

/** Predicates read by rules of a later stratum, and whether any reads them negated or aggregated (then their removed facts matter too). */
function readersAbove(program: Program, readers: Readers): Map<string, { negatedOrAggregated: boolean }> {
  const stratumOf = new Map<string, number>();
  program.strata.forEach((stratum, i) => stratum.predicates.forEach((key) => stratumOf.set(key, i)));
  const above = new Map<string, { negatedOrAggregated: boolean }>();
  for (const [key, list] of readers.positive) {
    if (list.some(({ rule }) => stratumOf.get(predicateKey(rule.head.predicate, rule.head.args.length)) !== stratumOf.get(key))) above.set(key, { negatedOrAggregated: false });
  }
  for (const key of [...readers.negated.keys(), ...readers.aggregated.keys()]) above.set(key, { negatedOrAggregated: true });
  return above;
}

/** Predicates a rule's body reads, aggregates included. */
function bodyPredicates(rule: Rule): string[] {
  return rule.body.flatMap((literal) => {
    if (literal.kind === 'positive' || literal.kind === 'negated') return [predicateKey(literal.atom.predicate, literal.atom.args.length)];
    if (literal.kind === 'aggregate') return literal.body.flatMap((l) => (l.kind === 'positive' ? [predicateKey(l.atom.predicate, l.atom.args.length)] : []));
    return [];
  });
}

/**
 * The delta rules through which a rule of a stratum derives new facts from
 * the net change of the strata below: a positive atom reading added facts, a
 * negated one reading removed facts, an aggregate's atom selecting the groups
 * that changed.
 */
function lowerDeltas(rule: Rule, members: ReadonlySet<string>, changes: ReadonlyMap<string, NetChange>, addedOrRemoved: (key: string) => Relation): Array<{ variant: DeltaRule; facts: Relation }> {
  const out: Array<{ variant: DeltaRule; facts: Relation }> = [];
  let atomIndex = 0;
  rule.body.forEach((literal, literalIndex) => {
    if (literal.kind === 'positive') {
      const key = predicateKey(literal.atom.predicate, literal.atom.args.length);
      const net = members.has(key) ? undefined : changes.get(key);
      if (net && net.added.size > 0) out.push({ variant: positiveDelta(rule, atomIndex), facts: net.added });
      atomIndex++;
    } else if (literal.kind === 'negated') {
      const net = changes.get(predicateKey(literal.atom.predicate, literal.atom.args.length));
      if (net && net.removed.size > 0) out.push({ variant: negationDelta(rule, literalIndex), facts: net.removed });
    } else if (literal.kind === 'aggregate') {
      literal.body.forEach((inner, innerIndex) => {
        if (inner.kind !== 'positive') return;
        const key = predicateKey(inner.atom.predicate, inner.atom.args.length);
        if (changes.has(key)) out.push({ variant: aggregateDelta(rule, literalIndex, innerIndex), facts: addedOrRemoved(key) });
      });
    }
  });
  return out;
}

/** A relation without the dropped rows, with the promoted rows and the new inputs among its given facts, epochs kept. */
function rebuild(old: Relation, drop: Set<number> = new Set(), lift: Set<number> = new Set(), inputs?: Relation): Relation {
  // Only losing rows (the usual deletion): the rows keep their order, so move them down instead of re-inserting each.
  if (lift.size === 0 && (inputs?.size ?? 0) === 0) {
    old.deleteRows(drop); // the store is consumed by the update: change it in place
    return old;
  }
  const rebuilt = new Relation(old.key, old.arity);
  rebuilt.reserve(old.size - drop.size + (inputs?.size ?? 0));
  const given = old.rowsBefore(1);
  for (let r = 0; r < given; r++) if (!drop.has(r)) rebuilt.insertRowOf(old, r);
  for (const r of lift) rebuilt.insertRowOf(old, r);
  if (inputs) for (let r = 0; r < inputs.size; r++) rebuilt.insertRowOf(inputs, r);
  const { starts, epochs } = old.epochBlocks();
  for (let b = 0; b < starts.length; b++) {
    if (epochs[b] === 0) continue;
    rebuilt.beginEpoch(epochs[b]);
    const end = b + 1 < starts.length ? starts[b + 1] : old.size;
    for (let r = starts[b]; r < end; r++) if (!drop.has(r) && !lift.has(r)) rebuilt.insertRowOf(old, r);
  }
  return rebuilt;
}

/** The facts written in the program text, by predicate: given whatever the graph says. */
function programFacts(program: Program, dictionary: Dictionary): Map<string, Relation> {
  const facts = new Map<string, Relation>();
  for (const fact of program.ast.facts) {
    const values = fact.args.map((a) => (a.kind === 'const' ? a.value : ''));
    const key = predicateKey(fact.predicate, values.length);
    let rel = facts.get(key);
    if (!rel) facts.set(key, (rel = new Relation(key, values.length)));
    rel.insert(internTuple(dictionary, fact.predicate, values));
  }
  return facts;
}

function scratchOf(map: Map<string, Relation>, like: Relation): Relation {
  let rel = map.get(like.key);
  if (!rel) map.set(like.key, (rel = new Relation(like.key, like.arity)));
  return rel;
}

function rowOf(rel: Relation, row: number): Int32Array {
  return rel.data.slice(row * rel.arity, (row + 1) * rel.arity);
}

/** The encoded tuple, or undefined when a value was never interned (so the fact cannot be stored). */
function lookupTuple(dictionary: Dictionary, values: Constant[]): Int32Array | undefined {
  const tuple = new Int32Array(Math.max(1, values.length));
  for (let k = 0; k < values.length; k++) {
    const id = dictionary.lookup(values[k]);
    if (id < 0) return undefined;
    tuple[k] = id;
  }
  return tuple;
}

function internTuple(dictionary: Dictionary, name: string, values: Constant[]): Int32Array {
  const tuple = new Int32Array(Math.max(1, values.length));
  values.forEach((v, k) => {
    if (typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) {
      throw badUserInput(`fact ${name}: arguments are strings or finite numbers, got ${String(v)}`);
    }
    tuple[k] = dictionary.intern(v);
  });
  return tuple;
}
