import type { GraphClient, GraphTransaction, TransactionOptions } from '../../graph';
import type { FactInput, InputChange, Program } from '../../rules';
import { renderWithType } from '../kg/cypherTemplates';
import { STRUCTURAL_TYPES } from '../kg/model';
import { ENTITY_ROWS, indexRelations, patchRelations, type EntitySpec, type RelationIndex, type RelationSpec, type RelationTuple } from './baseRelations';
import { addFact, relationshipTypeOf } from './factKeys';
import type { PremiseRef } from './model';

/** The base facts a program reads, with where each came from. */
export interface BaseFacts {
  graphVersion: number;
  /** factKey → the stored fact it came from (premises of derivations point here). */
  refs: Map<string, PremiseRef>;
  /** Entity ids the base facts name (entity facts, relation endpoints) when this read built them afresh; after a patched read, look them up. */
  entityIds?: Set<string>;
  /** What the facts were built from (each relationship and entity read), for the next read to patch. */
  relations: RelationIndex;
  /** The change since the previous read, when this read patched it (the previous one is then consumed). */
  sincePrevious?: InputChange;
  /** What was read from the graph: only what the change log names since the previous read, or every base fact. */
  scope: 'changes' | 'all';
}

/** The base facts as the engine's input: one tuple list per predicate. */
export function inputOf(base: BaseFacts): FactInput {
  const input: FactInput = new Map();
  for (const { fact } of base.refs.values()) addFact(input, fact);
  return input;
}

const RELATION_PREDICATE = /^[a-z][a-z0-9_]{0,63}$/;

/** Beyond this many entities changed since the previous read, reading everything costs no more. */
const MAX_TOUCHED = 10_000;

/** What a program reads: its entity facts (if any) and, per relationship type, its relation facts. */
interface ReadPlan {
  entities?: EntitySpec;
  relationTypes: Map<string, RelationSpec>;
}

type Read = Array<[string, RelationSpec | EntitySpec, RelationTuple[]]>;

function planRead(program: Program): ReadPlan {
  const wanted = [...program.predicates.values()];
  const unary = new Set(wanted.filter((p) => p.arity === 1 && p.name !== 'entity').map((p) => p.name));
  const needEntities = unary.size > 0 || wanted.some((p) => (p.name === 'entity' && p.arity === 1) || (p.name === 'entity_type' && p.arity === 2));
  const relationTypes = new Map<string, RelationSpec>();
  for (const p of wanted) {
    if ((p.arity !== 2 && p.arity !== 3) || !RELATION_PREDICATE.test(p.name) || p.name === 'entity_type') continue;
    const type = relationshipTypeOf(p.name);
    if (STRUCTURAL_TYPES.has(type)) continue;
    const entry = relationTypes.get(type) ?? { binary: false, ternary: false, predicate: p.name };
    if (p.arity === 2) entry.binary = true;
    else entry.ternary = true;
    relationTypes.set(type, entry);
  }
  const entities: EntitySpec | undefined = needEntities ? { kind: 'entity', entity: program.predicates.has('entity/1'), entityType: program.predicates.has('entity_type/2'), typePredicates: unary } : undefined;
  return { entities, relationTypes };
}

/**
 * Reads, in one read transaction (so they and the version agree), only the
 * base facts of predicates the program mentions, as docs/design.md maps them:
 * `entity/1`, `entity_type/2`, `TYPE/1` for an entity type (`drug` ↔ `Drug`),
 * `name/2` the NAME relationships, `name/3` the same with their strength.
 * Derived relationships are left out: rules read base facts only.
 *
 * Given the previous read of the same program (the snapshot's, in a
 * maintenance step), its facts are patched instead of built afresh
 * (baseRelations.ts), and the change comes with the read (`sincePrevious`).
 * What is read again: when the graph's change log (kg/graphVersion.ts) names
 * every version since the previous read, only the entities it names and the
 * relationships around them; otherwise every base relationship and entity
 * (a write that did not say what it touched may have changed any of them).
 */
export async function readBaseFacts(graph: GraphClient, program: Program, tx?: TransactionOptions, previous?: BaseFacts): Promise<BaseFacts> {
  const plan = planRead(program);
  return graph.read(async (t) => {
    const version = Number((await t.run('version/read-graph-version'))[0]?.graphVersion ?? 0);
    const derivedOnly = await typesHoldingOnlyDerived(t, [...plan.relationTypes.keys()]);
    const touched = previous === undefined ? undefined : await touchedSince(t, previous.graphVersion, version);
    if (previous !== undefined && touched !== undefined) {
      const change = patchRelations(previous.relations, await readFacts(t, plan, derivedOnly, touched), previous.refs, touched);
      if (change !== undefined) return { graphVersion: version, refs: previous.refs, relations: previous.relations, sincePrevious: change, scope: 'changes' };
    }
    const read = await readFacts(t, plan, derivedOnly);
    if (previous !== undefined) {
      const change = patchRelations(previous.relations, read, previous.refs);
      if (change !== undefined) return { graphVersion: version, refs: previous.refs, relations: previous.relations, sincePrevious: change, scope: 'all' };
    }
    const refs = new Map<string, PremiseRef>();
    const entityIds = new Set<string>();
    for (const [type, , tuples] of read) {
      if (type === ENTITY_ROWS) for (const [id] of tuples) entityIds.add(id);
      else for (const [, from, to] of tuples) entityIds.add(from).add(to);
    }
    return { graphVersion: version, refs, entityIds, relations: indexRelations(read, refs), scope: 'all' };
  }, tx);
}

/**
 * Every base entity (if the program reads entities) and every base
 * relationship of its types, none of a type holding only derived ones
 * (unscanned). With `around`, only those entities and the relationships with
 * an end at one of them: what patchRelations replaces within that scope.
 */
async function readFacts(t: GraphTransaction, plan: ReadPlan, derivedOnly: ReadonlySet<string>, around?: ReadonlySet<string>): Promise<Read> {
  const ids = around === undefined ? undefined : [...around];
  const nothing = ids?.length === 0;
  const read: Read = [];
  if (plan.entities) {
    const rows = nothing ? [] : ids ? await t.run('rules/read-base-entities-by-id', { ids }) : await t.run('rules/read-base-entities');
    read.push([ENTITY_ROWS, plan.entities, rows.map(entityTuple)]);
  }
  const relationsQuery = ids ? 'rules/read-base-relations-around' : 'rules/read-base-relations';
  for (const [type, spec] of plan.relationTypes) {
    const rows = nothing || derivedOnly.has(type) ? [] : ((await t.runText(renderWithType(relationsQuery, type, 'predicate'), ids && { ids }))[0]?.relations as unknown[][]);
    read.push([type, spec, relationTuples(rows)]);
  }
  return read;
}

const entityTuple = (row: Record<string, unknown>): RelationTuple => [String(row.id), typeof row.type === 'string' ? row.type : '', '', null];

/**
 * The entities the change log names in (since, until], or undefined when it
 * cannot say: a version is missing (older than the log keeps, or before an
 * import cleared it), a version named none ("unknown"), or so many changed
 * that reading everything costs no more.
 */
async function touchedSince(t: GraphTransaction, since: number, until: number): Promise<Set<string> | undefined> {
  if (until < since) return undefined;
  if (until === since) return new Set();
  const [row] = await t.run('rules/read-graph-changes', { since, until });
  const versions = Number(row?.versions ?? 0);
  if (versions !== until - since || Number(row?.known ?? 0) !== versions) return undefined;
  const touched = new Set<string>();
  for (const list of row!.entities as string[][]) {
    for (const id of list) touched.add(id);
    if (touched.size > MAX_TOUCHED) return undefined;
  }
  return touched;
}

/** `[id, from, to, strength]` rows as read (strings and numbers already, from the driver: checked, converted only if not). */
function relationTuples(rows: unknown[][]): RelationTuple[] {
  for (const row of rows) {
    if (typeof row[0] !== 'string') row[0] = String(row[0]);
    if (typeof row[1] !== 'string') row[1] = String(row[1]);
    if (typeof row[2] !== 'string') row[2] = String(row[2]);
    if (typeof row[3] !== 'number') row[3] = null;
  }
  return rows as RelationTuple[];
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
