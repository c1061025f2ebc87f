import type { Constant, InputChange } from '../../rules';
import { addFact, factKey, typePredicateOf } from './factKeys';
import type { PremiseRef } from './model';

/** How one relationship type's relationships become facts: `name/2`, `name/3` (with the strength), or both. */
export interface RelationSpec {
  kind?: 'relation';
  predicate: string;
  binary: boolean;
  ternary: boolean;
}

/** How entities become facts: `entity/1`, `entity_type/2`, and the unary predicates of their types (`drug(X)`). */
export interface EntitySpec {
  kind: 'entity';
  entity: boolean;
  entityType: boolean;
  typePredicates: ReadonlySet<string>;
}

/** Entities go through the same index as relationships, under a key no relationship type can have. */
export const ENTITY_ROWS = ':entities';

/** One relationship as read: `[id, from, to, strength]`; an entity as `[id, type or '', '', null]`. */
export type RelationTuple = [string, string, string, number | null];

/** A relationship as last read and the facts made of it (key and premise reference each). */
interface RelationRead {
  from: string;
  to: string;
  strength: number | null;
  made: Array<{ key: string; ref: PremiseRef }>;
  /** The read that last saw it (RelationIndex.generation). */
  seen: number;
}

/** What the base facts of relationships were built from: per type, each relationship by id. */
export interface RelationIndex {
  byType: Map<string, Map<string, RelationRead>>;
  generation: number;
}

function madeOf(spec: RelationSpec | EntitySpec, [id, from, to, strength]: RelationTuple): RelationRead['made'] {
  const made: RelationRead['made'] = [];
  if (spec.kind === 'entity') {
    const type = from;
    const make = (predicate: string, args: Constant[]) => {
      const fact = { predicate, args };
      made.push({ key: factKey(fact), ref: { kind: 'entity', id, fact } });
    };
    if (spec.entity) make('entity', [id]);
    if (type !== '' && spec.entityType) make('entity_type', [id, type]);
    if (type !== '' && spec.typePredicates.has(typePredicateOf(type))) make(typePredicateOf(type), [id]);
    return made;
  }
  const make = (args: Constant[]) => {
    const fact = { predicate: spec.predicate, args };
    made.push({ key: factKey(fact), ref: { kind: 'relation', id, fact } });
  };
  if (spec.binary) make([from, to]);
  if (spec.ternary && strength !== null) make([from, to, strength]);
  return made;
}

/** Adds every relationship's (and entity's) facts to `refs`, the first copy of a fact naming it, and returns what each made: the index a later read patches. */
export function indexRelations(types: ReadonlyArray<[string, RelationSpec | EntitySpec, RelationTuple[]]>, refs: Map<string, PremiseRef>): RelationIndex {
  const index: RelationIndex = { byType: new Map(), generation: 0 };
  for (const [type, spec, tuples] of types) {
    const byId = new Map<string, RelationRead>();
    index.byType.set(type, byId);
    for (const tuple of tuples) {
      const read: RelationRead = { from: tuple[1], to: tuple[2], strength: tuple[3], made: madeOf(spec, tuple), seen: 0 };
      byId.set(tuple[0], read); // a repeated id: the index no longer matches the read, and patchRelations refuses it
      for (const { key, ref } of read.made) if (!refs.has(key)) refs.set(key, ref);
    }
  }
  return index;
}

/**
 * Brings `refs` and `index` (the previous read's, consumed) up to this read
 * and returns the change of base facts, as diffBaseFacts would compute it
 * between the two reads: a fact is deleted when no relationship makes it any
 * more, inserted when one makes it first, and deleted and inserted when the
 * relationship naming it went and another copy names it now. A relationship
 * read again unchanged (same id, endpoints, strength) costs one lookup.
 * Undefined, with nothing changed, when the read cannot be patched: the same
 * types were not read, or an id repeats (index by id no longer holds).
 *
 * With a `scope` (entity ids), the read holds only those entities and the
 * relationships with an end at one of them, and replaces just that part of
 * the index: an indexed relationship outside it is kept unread.
 */
export function patchRelations(index: RelationIndex, types: ReadonlyArray<[string, RelationSpec | EntitySpec, RelationTuple[]]>, refs: Map<string, PremiseRef>, scope?: ReadonlySet<string>): InputChange | undefined {
  if (types.length !== index.byType.size || types.some(([type]) => !index.byType.has(type))) return undefined;
  // 1. Classify without changing anything but `seen` stamps, so a refusal leaves the index usable.
  const generation = ++index.generation; // advanced even on a refusal, so its stamps never match a later read
  const plans = types.map(([type, spec, tuples]) => {
    const byId = index.byType.get(type)!;
    const fresh: RelationTuple[] = [];
    const freshIds = new Set<string>();
    let kept = 0;
    for (const tuple of tuples) {
      const known = byId.get(tuple[0]);
      if (known !== undefined) {
        if (known.seen === generation) return undefined;
        known.seen = generation;
        if (known.from === tuple[1] && known.to === tuple[2] && known.strength === tuple[3]) {
          kept += 1;
          continue;
        }
      } else if (freshIds.has(tuple[0])) return undefined;
      freshIds.add(tuple[0]);
      fresh.push(tuple);
    }
    return { spec, byId, fresh, kept };
  });
  if (plans.some((p) => p === undefined)) return undefined;

  // 2. Retire the relationships gone or changed; note the facts whose naming copy went.
  const change: InputChange = { insert: new Map(), delete: new Map() };
  const displaced = new Map<string, PremiseRef>();
  for (const plan of plans) {
    const { spec, byId, fresh, kept } = plan!;
    const retired: Array<[string, RelationRead]> = [];
    for (const tuple of fresh) {
      const changed = byId.get(tuple[0]); // seen by this read, with other endpoints or strength
      if (changed !== undefined) retired.push([tuple[0], changed]);
    }
    // Gone: not seen by this read (looked for only when the counts say some are), within its scope.
    if (scope !== undefined) {
      const inScope = spec.kind === 'entity' ? (id: string) => scope.has(id) : (_id: string, read: RelationRead) => scope.has(read.from) || scope.has(read.to);
      for (const [id, read] of byId) if (read.seen !== generation && inScope(id, read)) retired.push([id, read]);
    } else if (kept + retired.length !== byId.size) for (const [id, read] of byId) if (read.seen !== generation) retired.push([id, read]);
    for (const [id, read] of retired) {
      byId.delete(id);
      for (const { key, ref } of read.made) if (refs.get(key) === ref) displaced.set(key, ref);
    }
    for (const tuple of fresh) {
      const read: RelationRead = { from: tuple[1], to: tuple[2], strength: tuple[3], made: madeOf(spec, tuple), seen: generation };
      byId.set(tuple[0], read);
      for (const { key, ref } of read.made) {
        if (!refs.has(key)) {
          refs.set(key, ref);
          addFact(change.insert, ref.fact);
        }
      }
    }
  }

  // 3. A displaced fact: named now by another copy if one is left (one pass over the relationships finds them all), else gone.
  if (displaced.size > 0) {
    const successors = new Map<string, PremiseRef>();
    for (const byId of index.byType.values()) {
      for (const read of byId.values()) for (const { key, ref } of read.made) if (displaced.has(key) && !successors.has(key)) successors.set(key, ref);
    }
    for (const [key, old] of displaced) {
      const now = successors.get(key);
      if (now === undefined) {
        refs.delete(key);
        addFact(change.delete, old.fact);
        continue;
      }
      refs.set(key, now);
      if (now.id !== old.id || now.kind !== old.kind) {
        addFact(change.delete, old.fact);
        addFact(change.insert, now.fact);
      }
    }
  }
  return change;
}
