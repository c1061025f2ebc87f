import { badUserInput } from '../../errors';
import type { Program } from '../compile';
import { predicateKey, type Constant } from '../syntax/ast';
import type { Dictionary } from './Dictionary';
import { Relation } from './Relation';

/*
 * Row-level edits of an evaluated store's relations, for incremental
 * maintenance: rebuilding a relation after deletions and new given facts,
 * scratch sets of tuples, and tuples from values.
 */

/** A relation without the dropped rows, with the promoted rows and the new inputs among its given facts, epochs kept. */
export function rebuild(old: Relation, drop: Set<number> = new Set(), lift: Set<number> = new Set(), inputs?: Relation): Relation {
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
export function programFacts(program: Program, dictionary: Dictionary): Map<string, Relation> {
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

/** The scratch relation of `like`'s predicate in `map`, created empty when missing. */
export function scratchOf(map: Map<string, Relation>, like: Relation): Relation {
  let rel = map.get(like.key);
  if (!rel) map.set(like.key, (rel = new Relation(like.key, like.arity)));
  return rel;
}

/** A copy of one row. */
export function rowOf(rel: Relation, row: number): Int32Array {
  return rel.data.slice(row * rel.arity, (row + 1) * rel.arity);
}

/** The encoded tuple, or undefined when a value was never interned (so the fact cannot be stored). */
export function lookupTuple(dictionary: Dictionary, values: Constant[]): Int32Array | undefined {
  const tuple = new Int32Array(Math.max(1, values.length));
  for (let k = 0; k < values.length; k++) {
    const id = dictionary.lookup(values[k]);
    if (id < 0) return undefined;
    tuple[k] = id;
  }
  return tuple;
}

/** The tuple of the values, interned; BAD_USER_INPUT for a value that is neither a string nor a finite number. */
export function internTuple(dictionary: Dictionary, name: string, values: Constant[]): Int32Array {
  const tuple = new Int32Array(Math.max(1, values.length));
  values.forEach((v, k) => {
    if (typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) {
      throw badUserInput(`fact ${name}: arguments are strings or finite numbers, got ${String(v)}`);
    }
    tuple[k] = dictionary.intern(v);
  });
  return tuple;
}

/** The facts of both (same predicate). */
export function unionOf(a: Relation, b: Relation): Relation {
  const union = new Relation(a.key, a.arity);
  for (const rel of [a, b]) for (let r = 0; r < rel.size; r++) union.insertRowOf(rel, r);
  return union;
}
