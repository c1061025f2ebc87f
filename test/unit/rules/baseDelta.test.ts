import type { Constant } from '../../../src/rules';
import { diffBaseFacts } from '../../../src/services/rules/baseDelta';
import { factKey } from '../../../src/services/rules/factKeys';
import type { PremiseRef } from '../../../src/services/rules/model';
import type { BaseFacts } from '../../../src/services/rules/readBaseFacts';

/** Base facts as readBaseFacts returns them, from [predicate, args, kind, id] rows. */
function base(rows: Array<[string, Constant[], PremiseRef['kind'], string]>): BaseFacts {
  const refs = new Map<string, PremiseRef>();
  for (const [predicate, args, kind, id] of rows) {
    refs.set(factKey({ predicate, args }), { kind, id, fact: { predicate, args } });
  }
  return { graphVersion: 1, refs, relations: { byType: new Map(), generation: 0 }, scope: 'all' };
}

test('the change between two reads: gone facts deleted, new facts inserted, unchanged ones left out', () => {
  const before = base([['e', ['a', 'b'], 'relation', 'r1'], ['e', ['b', 'c'], 'relation', 'r2'], ['drug', ['a'], 'entity', 'a']]);
  const after = base([['e', ['a', 'b'], 'relation', 'r1'], ['e', ['c', 'd'], 'relation', 'r3'], ['drug', ['a'], 'entity', 'a']]);
  const change = diffBaseFacts(before, after);
  expect(change.delete).toEqual(new Map([['e', [['b', 'c']]]]));
  expect(change.insert).toEqual(new Map([['e', [['c', 'd']]]]));
});

test('a fact now stored under another id is deleted and inserted (records name premises by id)', () => {
  const change = diffBaseFacts(base([['e', ['a', 'b'], 'relation', 'r1']]), base([['e', ['a', 'b'], 'relation', 'r9']]));
  expect(change.delete).toEqual(new Map([['e', [['a', 'b']]]]));
  expect(change.insert).toEqual(new Map([['e', [['a', 'b']]]]));
});
