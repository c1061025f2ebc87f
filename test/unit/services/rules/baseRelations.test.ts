/**
 * Patching the previous read's facts (patchRelations) against building them
 * afresh: random sequences of reads of entities (types that come and go)
 * and two relationship types (copies of one fact under several ids,
 * strength changes, ids that vanish and come back). After every patch the facts are
 * the fresh build's, each names a relationship that makes it now, and the
 * reported change is exactly diffBaseFacts between the two states; the same
 * when only the part around the entities that changed is read (the change log's scope).
 */
import fc from 'fast-check';
import { diffBaseFacts } from '../../../../src/services/rules/baseDelta';
import { ENTITY_ROWS, indexRelations, patchRelations, type EntitySpec, type RelationSpec, type RelationTuple } from '../../../../src/services/rules/baseRelations';
import { factKey, typePredicateOf } from '../../../../src/services/rules/factKeys';
import type { PremiseRef } from '../../../../src/services/rules/model';
import type { BaseFacts } from '../../../../src/services/rules/readBaseFacts';

const SPECS: Array<[string, RelationSpec | EntitySpec]> = [
  [ENTITY_ROWS, { kind: 'entity', entity: true, entityType: false, typePredicates: new Set(['drug']) }],
  ['CAUSES', { predicate: 'causes', binary: true, ternary: true }],
  ['TREATS', { predicate: 'treats', binary: false, ternary: true }],
];

/** The fact keys one row makes under its spec (written out again here, not taken from the module). */
function keysOf(spec: RelationSpec | EntitySpec, [id, a, b, strength]: RelationTuple): string[] {
  if (spec.kind === 'entity') {
    return [...(spec.entity ? [factKey({ predicate: 'entity', args: [id] })] : []), ...(a !== '' && spec.typePredicates.has(typePredicateOf(a)) ? [factKey({ predicate: typePredicateOf(a), args: [id] })] : [])];
  }
  return [...(spec.binary ? [factKey({ predicate: spec.predicate, args: [a, b] })] : []), ...(spec.ternary && strength !== null ? [factKey({ predicate: spec.predicate, args: [a, b, strength] })] : [])];
}

const tupleArb = fc.tuple(fc.integer({ min: 0, max: 7 }), fc.constantFrom('a', 'b', 'c'), fc.constantFrom('a', 'b', 'c'), fc.constantFrom(null, 0.2, 0.7));
/** Entities a-d, each with a type or none ('Drug' makes drug(X)). */
const entityArb = fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.constantFrom('', 'Drug', 'Gene'));
/** One read: entities, and per type relationships with distinct ids (ids 0-7, so they recur across reads). */
const readArb = fc.tuple(
  fc.uniqueArray(entityArb, { selector: (t) => t[0], maxLength: 4 }),
  fc.uniqueArray(tupleArb, { selector: (t) => t[0], maxLength: 6 }),
  fc.uniqueArray(tupleArb, { selector: (t) => t[0], maxLength: 4 }),
);
type Read = [Array<[string, string]>, Array<[number, string, string, number | null]>, Array<[number, string, string, number | null]>];
const asTypes = (read: Read): Array<[string, RelationSpec | EntitySpec, RelationTuple[]]> => [
  [ENTITY_ROWS, SPECS[0][1], read[0].map(([id, type]) => [id, type, '', null] as RelationTuple)],
  ...SPECS.slice(1).map(([type, spec], k): [string, RelationSpec | EntitySpec, RelationTuple[]] => [type, spec, read[k + 1].map(([id, from, to, strength]) => [`${type}-${id}`, from, to, strength] as RelationTuple)]),
];
const baseOf = (refs: Map<string, PremiseRef>): BaseFacts => ({ graphVersion: 0, refs, relations: { byType: new Map(), generation: 0 }, scope: 'all' });

/**
 * The entities whose row or relationships differ between two reads (a
 * relationship by id: both ends, old and new), plus `extra` ones: what a
 * change log would name, and more.
 */
function changedEntities(previous: Array<[string, RelationSpec | EntitySpec, RelationTuple[]]>, next: Array<[string, RelationSpec | EntitySpec, RelationTuple[]]>, extra: string[]): Set<string> {
  const scope = new Set(extra);
  previous.forEach(([type], k) => {
    const before = new Map(previous[k][2].map((t) => [t[0], t]));
    const after = new Map(next[k][2].map((t) => [t[0], t]));
    for (const id of new Set([...before.keys(), ...after.keys()])) {
      const [b, a] = [before.get(id), after.get(id)];
      if (JSON.stringify(b) === JSON.stringify(a)) continue;
      if (type === ENTITY_ROWS) scope.add(id);
      else for (const t of [b, a]) if (t) scope.add(t[1]).add(t[2]);
    }
  });
  return scope;
}

/** The part of a read a scoped read returns: the scope's entities, and the relationships with an end among them. */
const within = (types: Array<[string, RelationSpec | EntitySpec, RelationTuple[]]>, scope: Set<string>): Array<[string, RelationSpec | EntitySpec, RelationTuple[]]> =>
  types.map(([type, spec, tuples]) => [type, spec, tuples.filter((t) => (type === ENTITY_ROWS ? scope.has(t[0]) : scope.has(t[1]) || scope.has(t[2])))]);

test('a patched read (of everything, or only around what changed) has the fresh read\'s facts, each named by a relationship making it, and reports exactly the difference', () => {
  const stepArb = fc.tuple(readArb, fc.boolean(), fc.subarray(['a', 'b', 'c', 'd']));
  fc.assert(
    fc.property(readArb, fc.array(stepArb, { minLength: 1, maxLength: 5 }), (first, steps) => {
      const refs = new Map<string, PremiseRef>();
      let previous = asTypes(first);
      const index = indexRelations(previous, refs);
      for (const [read, scoped, extra] of steps) {
        const types = asTypes(read);
        const before = new Map(refs);
        const scope = scoped ? changedEntities(previous, types, extra) : undefined;
        const change = scope ? patchRelations(index, within(types, scope), refs, scope) : patchRelations(index, types, refs);
        previous = types;
        expect(change).toBeDefined();
        const fresh = new Map<string, PremiseRef>();
        indexRelations(types, fresh);
        expect([...refs.keys()].sort()).toEqual([...fresh.keys()].sort());
        for (const [key, ref] of refs) {
          const makers = types.flatMap(([, spec, tuples]) => tuples.filter((t) => keysOf(spec, t).includes(key)).map((t) => t[0]));
          expect(makers).toContain(ref.id);
        }
        const expected = diffBaseFacts(baseOf(before), baseOf(refs));
        const sorted = (m: Map<string, unknown[][]>) => [...m].map(([p, list]) => [p, list.map((a) => JSON.stringify(a)).sort()]).sort();
        expect(sorted(change!.insert)).toEqual(sorted(expected.insert));
        expect(sorted(change!.delete)).toEqual(sorted(expected.delete));
      }
    }),
    { numRuns: 1000 },
  );
});

test('a read with a repeated id or other types is refused and changes nothing', () => {
  const refs = new Map<string, PremiseRef>();
  const index = indexRelations([['CAUSES', SPECS[1][1], [['r1', 'a', 'b', 0.2]]]], refs);
  const before = JSON.stringify([...refs]);
  expect(patchRelations(index, [['CAUSES', SPECS[1][1], [['r1', 'a', 'b', 0.2], ['r1', 'a', 'c', null]]]], refs)).toBeUndefined();
  expect(patchRelations(index, [['TREATS', SPECS[2][1], []]], refs)).toBeUndefined();
  expect(JSON.stringify([...refs])).toBe(before);
  expect(patchRelations(index, [['CAUSES', SPECS[1][1], [['r1', 'a', 'b', 0.7]]]], refs)).toEqual({
    insert: new Map([['causes', [['a', 'b', 0.7]]]]),
    delete: new Map([['causes', [['a', 'b', 0.2]]]]),
  });
});
