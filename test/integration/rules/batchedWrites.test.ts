/**
 * Changes larger than one transaction (10,000 rows): written and deleted in
 * batches, two in flight, against the real Neo4j. The stored facts must be
 * exactly the model after each step.
 */
import type { OpenGraph } from '../../../src/graph';
import { openTestGraph } from '../../helpers/testGraph';
import { expectedDerived, RuleFixture } from './ruleFixture';

let graph: OpenGraph;
beforeAll(async () => {
  graph = await openTestGraph();
});
afterAll(async () => {
  await graph?.close();
});

const closure = (e: string) => `reaches(X, Y) :- ${e}(X, Y).\nreaches(X, Z) :- reaches(X, Y), ${e}(Y, Z).`;

it('a chain of 250 (31,125 facts): materialised, cut in the middle (15,625 retracted) and joined again, in batches', async () => {
  const fixture = new RuleFixture(graph);
  const n = 250;
  const edges = Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as [number, number]);
  await fixture.entities(n);
  await fixture.addEdges(edges);
  const name = fixture.ruleSet('batched');
  await fixture.rules.define(name, closure(fixture.edge), 'test');
  const expectStored = async (present: Array<[number, number]>) => {
    const input = new Map([[fixture.edge, present.map(([a, b]) => [fixture.node(a), fixture.node(b)])]]);
    const expected = expectedDerived(fixture, name, closure(fixture.edge), input);
    const stored = await fixture.storedFacts(name);
    expect(stored).toHaveLength(expected.size);
    expect(new Map(stored.map((f) => [f.id, JSON.stringify([f.predicate, ...f.args])]))).toEqual(expected);
  };

  expect(await fixture.rules.materialize(name)).toMatchObject({ mode: 'full', derivedFacts: 31_125, written: 31_125 });
  await expectStored(edges);
  const middle: [number, number] = [124, 125];
  await fixture.deleteEdges([middle]);
  expect(await fixture.rules.materialize(name)).toMatchObject({ mode: 'incremental', derivedFacts: 31_125 - 125 * 125, deleted: 125 * 125, written: 0 });
  await expectStored(edges.filter(([a]) => a !== middle[0]));
  await fixture.addEdges([middle]);
  expect(await fixture.rules.materialize(name)).toMatchObject({ mode: 'incremental', derivedFacts: 31_125, written: 125 * 125 });
  await expectStored(edges);
  await fixture.rules.delete(name);
});
