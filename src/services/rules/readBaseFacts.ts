import type { GraphClient, GraphTransaction, TransactionOptions } from '../../graph';
import type { Constant, FactInput, Program } from '../../rules';
import { renderWithType } from '../kg/cypherTemplates';
import { STRUCTURAL_TYPES } from '../kg/model';
import { factKey, relationshipTypeOf, typePredicateOf } from './factKeys';
import type { PremiseRef } from './model';

/** The base facts a program reads, with where each came from. */
export interface BaseFacts {
  graphVersion: number;
  input: FactInput;
  /** factKey → the stored fact it came from (premises of derivations point here). */
  refs: Map<string, PremiseRef>;
  count: number;
  /** Entity ids the base facts name: entity facts and relation endpoints (read as (:Entity)-[r]->(:Entity)). */
  entityIds: Set<string>;
  /** Per relationship type, each relation read as it was read, with the facts made of it: the next read reuses them. */
  relations: Map<string, Map<string, ReadRelation>>;
}

/** One relationship as read, and the premise references (binary, ternary) built from it. */
interface ReadRelation {
  from: string;
  to: string;
  strength: number | null;
  made: Array<{ key: string; ref: PremiseRef }>;
}

const RELATION_PREDICATE = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Reads, in one read transaction (so they and the version agree), only the
 * base facts of predicates the program mentions, as docs/design.md maps them:
 * `entity/1`, `entity_type/2`, `TYPE/1` for an entity type (`drug` ↔ `Drug`),
 * `name/2` the NAME relationships, `name/3` the same with their strength.
 * Derived relationships are left out: rules read base facts only.
 *
 * Given the previous read (the snapshot's), a relationship read again with the
 * same id, endpoints and strength reuses the facts, keys and references built
 * from it then: a maintenance step re-reads every base relationship, and on
 * the 60,000-edge DAG building them afresh was a third of its Node time.
 */
export async function readBaseFacts(graph: GraphClient, program: Program, tx?: TransactionOptions, previous?: BaseFacts): Promise<BaseFacts> {
  const wanted = [...program.predicates.values()];
  const unary = new Set(wanted.filter((p) => p.arity === 1 && p.name !== 'entity').map((p) => p.name));
  const needEntities = unary.size > 0 || wanted.some((p) => (p.name === 'entity' && p.arity === 1) || (p.name === 'entity_type' && p.arity === 2));
  const relationTypes = new Map<string, { binary: boolean; ternary: boolean; predicate: string }>();
  for (const p of wanted) {
    if ((p.arity !== 2 && p.arity !== 3) || !RELATION_PREDICATE.test(p.name) || p.name === 'entity_type') continue;
    const type = relationshipTypeOf(p.name);
    if (STRUCTURAL_TYPES.has(type)) continue;
    const entry = relationTypes.get(type) ?? { binary: false, ternary: false, predicate: p.name };
    if (p.arity === 2) entry.binary = true;
    else entry.ternary = true;
    relationTypes.set(type, entry);
  }

  return graph.read(async (t) => {
    const version = Number((await t.run('version/read-graph-version'))[0]?.graphVersion ?? 0);
    const input: FactInput = new Map();
    const refs = new Map<string, PremiseRef>();
    const entityIds = new Set<string>();
    const relations = new Map<string, Map<string, ReadRelation>>();
    let count = 0;
    const addRef = (key: string, ref: PremiseRef): void => {
      if (refs.has(key)) return; // one fact however many stored copies say it
      refs.set(key, ref);
      let tuples = input.get(ref.fact.predicate);
      if (!tuples) input.set(ref.fact.predicate, (tuples = []));
      tuples.push(ref.fact.args);
      count += 1;
    };
    const add = (predicate: string, args: Constant[], kind: PremiseRef['kind'], id: string): { key: string; ref: PremiseRef } => {
      const fact = { predicate, args };
      const made = { key: factKey(fact), ref: { kind, id, fact } };
      addRef(made.key, made.ref);
      return made;
    };
    if (needEntities) {
      for (const row of await t.run('rules/read-base-entities')) {
        const id = String(row.id);
        const type = typeof row.type === 'string' ? row.type : null;
        entityIds.add(id);
        if (program.predicates.has('entity/1')) add('entity', [id], 'entity', id);
        if (type !== null && program.predicates.has('entity_type/2')) add('entity_type', [id, type], 'entity', id);
        if (type !== null && unary.has(typePredicateOf(type))) add(typePredicateOf(type), [id], 'entity', id);
      }
    }
    const derivedOnly = await typesHoldingOnlyDerived(t, [...relationTypes.keys()]);
    for (const [type, { binary, ternary, predicate }] of relationTypes) {
      if (derivedOnly.has(type)) continue;
      const before = previous?.relations.get(type);
      const read = new Map<string, ReadRelation>();
      relations.set(type, read);
      const [row] = await t.runText(renderWithType('rules/read-base-relations', type, 'predicate'));
      for (const [relationId, fromId, toId, strengthValue] of row.relations as Array<[string, string, string, number | null]>) {
        const id = String(relationId);
        const from = String(fromId);
        const to = String(toId);
        const strength = typeof strengthValue === 'number' ? strengthValue : null;
        entityIds.add(from);
        entityIds.add(to);
        const known = before?.get(id);
        if (known !== undefined && known.from === from && known.to === to && known.strength === strength) {
          for (const made of known.made) addRef(made.key, made.ref);
          read.set(id, known);
          continue;
        }
        const made: ReadRelation['made'] = [];
        if (binary) made.push(add(predicate, [from, to], 'relation', id));
        if (ternary && strength !== null) made.push(add(predicate, [from, to, strength], 'relation', id));
        read.set(id, { from, to, strength, made });
      }
    }
    return { graphVersion: version, input, refs, count, entityIds, relations };
  }, tx);
}

/**
 * Types whose relationships are all derived: reading their base facts would
 * scan every derived relationship (`path` read by the rules deriving it) to
 * keep none. A type qualifies when its count (from the count store) equals
 * the sum of what the rule sets recorded storing of it, every set that lists
 * it is materialised (not half-way: -1 lists no counts), and no set's state
 * changed while we looked (tokens read before and after the counts agree).
 */
async function typesHoldingOnlyDerived(t: GraphTransaction, types: readonly string[]): Promise<Set<string>> {
  const census = async () => (await t.run('rules/read-derived-type-counts')).map((row) => ({ token: row.token, version: Number(row.version ?? -1), relTypes: (row.relTypes as string[] | null) ?? [], counts: row.counts as Array<number | bigint> | null }));
  const before = await census();
  const listed = types.filter((type) => before.some((s) => s.relTypes.includes(type)));
  if (listed.length === 0) return new Set();
  const totals = new Map<string, number>();
  for (const type of listed) totals.set(type, Number((await t.runText(renderWithType('rules/count-relations', type, 'relType')))[0]?.total ?? -1));
  const after = await census();
  if (JSON.stringify(after.map((s) => s.token)) !== JSON.stringify(before.map((s) => s.token))) return new Set();
  const only = new Set<string>();
  for (const type of listed) {
    let derived = 0;
    let known = true;
    for (const s of before) {
      const at = s.relTypes.indexOf(type);
      if (at < 0) continue;
      if (s.version < 0 || s.counts === null || s.counts.length !== s.relTypes.length) known = false;
      else derived += Number(s.counts[at]);
    }
    if (known && totals.get(type) === derived) only.add(type);
  }
  return only;
}
