/**
 * Every writer names what it touched in the graph's change log, so rule
 * maintenance reads only that (baseRead CHANGES) and still ends where a
 * from-scratch materialisation of the same program does. A version that
 * names nothing ("unknown"), or a log cleared by an import, makes
 * maintenance read every base fact.
 */
import type { OpenGraph } from '../../../src/graph';
import { mergeEntities } from '../../../src/services/kg';
import { bumpVersion, currentVersion, setVersion } from '../../../src/services/kg/graphVersion';
import { openTestGraph } from '../../helpers/testGraph';
import { RuleFixture } from './ruleFixture';

let graph: OpenGraph;
beforeAll(async () => {
  graph = await openTestGraph();
});
afterAll(async () => {
  await graph?.close();
});

it('after each kind of write, maintenance reads only what the change log names and equals a from-scratch materialisation', async () => {
  const fixture = new RuleFixture(graph);
  const { tag, edge, edgeType, writer, kg } = fixture;
  const medicine = `Med${tag}`; // an entity type of this test's own: its unary predicate is med<tag>
  const text = `
    linked_${tag}(X, Y) :- ${edge}(X, Y).
    linked_${tag}(X, Z) :- linked_${tag}(X, Y), ${edge}(Y, Z).
    strong_${tag}(X, Y) :- ${edge}(X, Y, S), S > 0.5.
    treats_${tag}(X, Y) :- med${tag}(X), linked_${tag}(X, Y).
  `;
  const ruleSet = fixture.ruleSet('log');
  await fixture.entities(6);
  await fixture.addEdges([[0, 1], [1, 2]]);
  await fixture.rules.define(ruleSet, text, 'test');
  expect(await fixture.rules.materialize(ruleSet)).toMatchObject({ mode: 'full', baseRead: 'all', baseFacts: 2 }); // the two edges

  const factsOf = async (name: string): Promise<string[]> => (await fixture.storedFacts(name)).map((f) => JSON.stringify([f.predicate, ...f.args])).sort();
  let round = 0;
  /** Maintains the set after one write, then checks it against a set of the same text materialised from nothing. */
  const expectMaintained = async (write: () => Promise<unknown>, baseRead: 'changes' | 'all' = 'changes'): Promise<string[]> => {
    await write();
    expect(await fixture.rules.materialize(ruleSet)).toMatchObject({ mode: 'incremental', baseRead });
    const fresh = fixture.ruleSet(`fresh${round++}`);
    await fixture.rules.define(fresh, text, 'test');
    expect(await fixture.rules.materialize(fresh)).toMatchObject({ mode: 'full' });
    const expected = await factsOf(fresh);
    await fixture.rules.delete(fresh);
    const stored = await factsOf(ruleSet);
    expect(stored).toEqual(expected);
    return stored;
  };
  const relation = (from: number, to: number, extra: Record<string, unknown> = {}) => ({ id: fixture.edgeId(from, to), type: edgeType, from: fixture.node(from), to: fixture.node(to), ...extra });

  // Relation upserts: a new one, then a stored one with a strength (a changed base fact under the same id).
  await expectMaintained(() => fixture.addEdges([[2, 3]]));
  expect(await expectMaintained(() => kg.relations.upsert([relation(0, 1, { strength: 0.9 })], writer))).toContain(JSON.stringify([`strong_${tag}`, fixture.node(0), fixture.node(1)]));
  // An entity re-typed: the unary predicate of its type now holds.
  expect(await expectMaintained(() => kg.entities.upsert([{ id: fixture.node(0), name: 'node 0', type: medicine }], writer))).toContain(JSON.stringify([`treats_${tag}`, fixture.node(0), fixture.node(3)]));
  // A relation deleted.
  await expectMaintained(() => fixture.deleteEdges([[1, 2]]));
  // A document (names no entity), an extracted relation it supports, then the document retracted.
  const doc = `rt-${tag}-doc`;
  const sentence = 'Node three leads to node four.';
  await expectMaintained(() => kg.provenance.upsertDocuments([{ id: doc, title: 'change log', sentences: [{ text: sentence, start: 0, end: sentence.length }] }], writer));
  expect(await expectMaintained(() => kg.relations.upsert([relation(3, 4, { source: 'extracted', evidence: [{ sentenceId: `${doc}#s0`, confidence: 0.8 }] })], writer))).toContain(JSON.stringify([`linked_${tag}`, fixture.node(2), fixture.node(4)]));
  expect(await expectMaintained(() => kg.provenance.retractDocument(doc, writer))).not.toContain(JSON.stringify([`linked_${tag}`, fixture.node(2), fixture.node(4)]));
  // Two entities merged (2's relations move to 5), then an entity deleted with its relations.
  expect(await expectMaintained(() => mergeEntities(graph.client, fixture.node(5), fixture.node(2), writer))).toContain(JSON.stringify([`linked_${tag}`, fixture.node(5), fixture.node(3)]));
  await fixture.addEdges([[0, 3], [3, 4]]);
  await fixture.rules.materialize(ruleSet);
  expect(await expectMaintained(() => kg.entities.delete(fixture.node(3), writer))).not.toContain(JSON.stringify([`linked_${tag}`, fixture.node(0), fixture.node(4)]));
  // An import sets the version and clears the log (it described another history): everything is read again.
  await expectMaintained(async () => {
    await fixture.addEdges([[0, 5]]);
    await setVersion(graph.client, await currentVersion(graph.client));
  }, 'all');
  // A write that does not say what it touched: everything is read again.
  await expectMaintained(
    () =>
      graph.client.write(async (tx) => {
        await tx.runText('MATCH (a:Entity {id: $from}), (b:Entity {id: $to}) CREATE (a)-[:' + edgeType + ' {id: $id}]->(b)', { from: fixture.node(4), to: fixture.node(5), id: fixture.edgeId(4, 5) });
        await bumpVersion(tx, 'unknown');
      }),
    'all',
  );
  await fixture.rules.delete(ruleSet);
});
