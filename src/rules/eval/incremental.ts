import { badUserInput } from '../../errors';
import type { Program } from '../compile';
import { planRule } from '../plan/planRule';
import type { PlanStep, RulePlan } from '../plan/RulePlan';
import { predicateKey, type Constant, type Rule } from '../syntax/ast';
import type { Store, FactInput } from './evaluate';
import type { Dictionary } from './Dictionary';
import { compilePlan, type ExecutionContext } from './executor';
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

/** Only positive rules (comparisons and arithmetic allowed) are maintained incrementally: their model only grows with the input. */
export function isMonotone(program: Program): boolean {
  return program.ast.rules.every((rule) => rule.body.every((l) => l.kind === 'positive' || l.kind === 'compare'));
}

const DELTA = '\u0394';

/** Thrown inside a head-bound join to stop at the first match; never escapes this module. */
const FOUND = Symbol('found');

/**
 * Brings an evaluated store up to date with a change of its input facts
 * without evaluating from scratch: delete–rederive (Gupta, Mumick,
 * Subrahmanian, SIGMOD 1993) for removed facts, semi-naive insertion from the
 * delta for added ones. Keeps the epoch invariant the proof finder relies on:
 * given facts are epoch 0 and every derived fact has a derivation from facts
 * of strictly earlier epochs (facts the update derives get epochs after every
 * existing one; a fact it keeps lost no derivation, since every fact with a
 * derivation through an over-deleted one is over-deleted too).
 *
 * Mutates the store (it is consumed: an Evaluation over it must not be read
 * any more) and returns the derived facts whose status changed. Monotone
 * programs only (isMonotone).
 */
export function updateStore(store: Store, change: InputChange, budget: Budget): StoreDelta {
  const { program, dictionary, relations } = store;
  const given = programFacts(program, dictionary);

  // 1. Classify the change against the store as it is.
  const doomedRows = new Map<string, Set<number>>(); // key → over-deleted rows of the old relation
  const doomed = new Map<string, Relation>(); // the same facts, as tuples
  const wasDerived = new Map<string, Relation>(); // those of them that were derived (epoch > 0)
  let frontier = new Map<string, Relation>();
  const markDoomed = (rel: Relation, row: number, tuple: Int32Array): void => {
    let rows = doomedRows.get(rel.key);
    if (!rows) doomedRows.set(rel.key, (rows = new Set()));
    if (rows.has(row)) return;
    rows.add(row);
    scratchOf(doomed, rel).insert(tuple);
    scratchOf(frontier, rel).insert(tuple);
    if (rel.epochOfRow(row) > 0) scratchOf(wasDerived, rel).insert(tuple);
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
  const promotedRows = new Map<string, Set<number>>(); // derived facts that become given
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
        if (!rows.has(row)) removed.push([key, tuple.slice()]);
        rows.add(row);
      }
      scratchOf(newInputs, rel).insert(tuple);
    }
  }

  // 2. Over-delete: every fact with a derivation through an over-deleted fact, transitively (reading the old state).
  while (frontier.size > 0) {
    budget.check();
    const delta = frontier;
    frontier = new Map();
    forEachDeltaVariant(store, delta, budget, undefined, (headKey, tuple) => {
      const rel = relations.get(headKey)!;
      const row = rel.find(tuple);
      if (row < 0 || (rel.epochOfRow(row) === 0 && !doomedRows.get(headKey)?.has(row))) return; // a given fact stays given
      markDoomed(rel, row, tuple);
    });
  }

  // 3. Rebuild the relations that lose rows or gain given facts (given facts are the epoch-0 prefix).
  let derived = 0;
  for (const rel of relations.values()) derived += rel.size - rel.rowsBefore(1);
  for (const rel of wasDerived.values()) derived -= rel.size;
  for (const rows of promotedRows.values()) derived -= rows.size;
  budget.resume(derived);
  for (const key of new Set([...doomedRows.keys(), ...newInputs.keys()])) {
    relations.set(key, rebuild(relations.get(key)!, doomedRows.get(key), promotedRows.get(key), newInputs.get(key)));
  }

  // 4. Re-derive: over-deleted facts with a one-step derivation from what remains.
  let epoch = store.stats.rounds + 1;
  const derivable = headBoundSearch(store);
  const rederived: Array<[string, Int32Array]> = [];
  for (const [key, rel] of doomed) {
    if (!program.derived.has(key)) continue;
    const current = relations.get(key)!;
    for (let r = 0; r < rel.size; r++) {
      const tuple = rowOf(rel, r);
      if (current.find(tuple) >= 0) continue; // given again
      budget.tick();
      if (derivable(key, tuple)) rederived.push([key, tuple]);
    }
  }
  for (const rel of relations.values()) rel.beginEpoch(epoch);
  const inserted: Array<[string, Int32Array]> = [];
  let delta = new Map<string, Relation>();
  for (const [key, tuple] of rederived) {
    const rel = relations.get(key)!;
    if (!rel.insert(tuple)) continue;
    budget.onDerived();
    scratchOf(delta, rel).insert(tuple);
    inserted.push([key, tuple]);
  }
  for (const [key, rel] of newInputs) for (let r = 0; r < rel.size; r++) scratchOf(delta, relations.get(key)!).insert(rowOf(rel, r));

  // 5. Semi-naive insertion from the delta: one epoch per round, each reading only rows of earlier epochs.
  while (delta.size > 0) {
    budget.check();
    epoch++;
    const sizes = new Map([...relations].map(([key, rel]) => [key, rel.size] as const));
    for (const rel of relations.values()) rel.beginEpoch(epoch);
    const next = new Map<string, Relation>();
    forEachDeltaVariant(store, delta, budget, sizes, (headKey, tuple) => {
      const rel = relations.get(headKey)!;
      if (!rel.insert(tuple)) return;
      budget.onDerived();
      scratchOf(next, rel).insert(tuple);
      inserted.push([headKey, tuple.slice()]);
    });
    delta = next;
  }
  store.stats.rounds = epoch;
  store.stats.derivedFacts = budget.derived;

  // 6. What changed, for derived (not given) facts.
  const result: StoreDelta = { added: [], removed, rewritten: [] };
  for (const [key, rel] of wasDerived) {
    const current = relations.get(key)!;
    for (let r = 0; r < rel.size; r++) {
      const tuple = rowOf(rel, r);
      const row = current.find(tuple);
      (row >= 0 && current.epochOfRow(row) > 0 ? result.rewritten : result.removed).push([key, tuple]);
    }
  }
  for (const [key, tuple] of inserted) if ((wasDerived.get(key)?.find(tuple) ?? -1) < 0) result.added.push([key, tuple]);
  return result;
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

/**
 * Runs, for every rule and every positive atom whose predicate has delta
 * facts, the rule with that atom reading the delta and the others reading
 * their relations (rows below `sizes`, or all); `emit` gets each head tuple
 * (a scratch array: copy it to keep it).
 */
function forEachDeltaVariant(store: Store, delta: Map<string, Relation>, budget: Budget, sizes: Map<string, number> | undefined, emit: (headKey: string, tuple: Int32Array) => void): void {
  const { program, relations, dictionary } = store;
  for (const rule of program.ast.rules) {
    const atoms = rule.body.flatMap((l) => (l.kind === 'positive' ? [predicateKey(l.atom.predicate, l.atom.args.length)] : []));
    atoms.forEach((key, i) => {
      const deltaRel = delta.get(key);
      if (!deltaRel || deltaRel.size === 0) return;
      const plan = planRule(rule, { deltaAtom: i, headBound: false, intern: (v) => dictionary.intern(v), sizeOf: (p) => relations.get(p)?.size ?? 0 });
      // The delta atom reads a scratch relation of its own, under a key no predicate has.
      const steps = plan.steps.map((step): PlanStep => (step.kind === 'atom' && step.atomIndex === i ? { ...step, predicate: DELTA + key } : step));
      const view = new Map(relations);
      view.set(DELTA + key, deltaRel);
      const bounds = new Int32Array(2 * Math.max(1, atoms.length));
      atoms.forEach((k, a) => {
        bounds[2 * a + 1] = a === i ? deltaRel.size : (sizes?.get(k) ?? relations.get(k)?.size ?? 0);
      });
      const ctx: ExecutionContext = { relations: view, dictionary, bounds, trace: null, onReject: () => budget.tick() };
      const head = new Int32Array(Math.max(1, plan.head.length));
      const run = compilePlan({ ...plan, steps }, ctx, (env) => {
        budget.tick();
        plan.head.forEach((h, k) => (head[k] = h.kind === 'reg' ? env[h.reg] : h.id));
        emit(plan.headPredicate, head);
      });
      run(new Int32Array(Math.max(1, plan.registers.length)));
    });
  }
}

/** Whether a fact (not stored) has a one-step derivation from the facts stored now: rules for its predicate run with the head bound. */
function headBoundSearch(store: Store): (key: string, tuple: Int32Array) => boolean {
  const { program, relations, dictionary } = store;
  const compiled = new Map<Rule, { plan: RulePlan; run: (env: Int32Array) => void; bounds: Int32Array; atoms: string[] }>();
  const compiledFor = (rule: Rule) => {
    let entry = compiled.get(rule);
    if (entry) return entry;
    const plan = planRule(rule, { deltaAtom: -1, headBound: true, intern: (v) => dictionary.intern(v), sizeOf: (p) => relations.get(p)?.size ?? 0 });
    const atoms = rule.body.flatMap((l) => (l.kind === 'positive' ? [predicateKey(l.atom.predicate, l.atom.args.length)] : []));
    const bounds = new Int32Array(2 * Math.max(1, atoms.length));
    const run = compilePlan(plan, { relations, dictionary, bounds, trace: null }, () => {
      throw FOUND;
    });
    compiled.set(rule, (entry = { plan, run, bounds, atoms }));
    return entry;
  };
  return (key, tuple) => {
    for (const rule of program.ast.rules) {
      if (predicateKey(rule.head.predicate, rule.head.args.length) !== key) continue;
      const { plan, run, bounds, atoms } = compiledFor(rule);
      const env = new Int32Array(Math.max(1, plan.registers.length));
      const seen = new Set<string>();
      const fits = rule.head.args.every((arg, k) => {
        if (arg.kind === 'const') return dictionary.lookup(arg.value) === tuple[k];
        if (arg.kind !== 'var') return true;
        const reg = plan.registers.indexOf(arg.name);
        if (seen.has(arg.name)) return env[reg] === tuple[k];
        seen.add(arg.name);
        env[reg] = tuple[k];
        return true;
      });
      if (!fits) continue;
      atoms.forEach((k, a) => {
        bounds[2 * a] = 0;
        bounds[2 * a + 1] = relations.get(k)?.size ?? 0;
      });
      try {
        run(env);
      } catch (signal) {
        if (signal === FOUND) return true;
        throw signal;
      }
    }
    return false;
  };
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
