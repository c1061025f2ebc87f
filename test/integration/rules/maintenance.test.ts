import fc from 'fast-check';
import type { OpenGraph } from '../../../src/graph';
import { Evaluation, type Constant } from '../../../src/rules';
import { openTestGraph } from '../../helpers/testGraph';
import { expectedDerived, RuleFixture } from './ruleFixture';

let graph: OpenGraph;
beforeAll(async () => {
  graph = await openTestGraph();
});
afterAll(async () => {
  await graph?.close();
});

/** Recursion, negation and an aggregate: the stratified update has to get all three right. */
const program = (e: string): string => `
  path(X, Y) :- ${e}(X, Y).
  path(X, Z) :- path(X, Y), ${e}(Y, Z).
  on_cycle(X) :- path(X, X).
  one_way(X, Y) :- path(X, Y), !path(Y, X).
  reach_count(X, N) :- ${e}(X, _), N = count : { path(X, _) }.
`;

/** Positive rules only: the plain DRed and semi-naive case. */
const positiveProgram = (e: string): string => `
  path(X, Y) :- ${e}(X, Y).
  path(X, Z) :- path(X, Y), ${e}(Y, Z).
  two_step(X, Z) :- ${e}(X, Y), ${e}(Y, Z), X != Z.
`;

const NODES = 6;
const edgeArb = fc.tuple(fc.integer({ min: 0, max: NODES - 1 }), fc.integer({ min: 0, max: NODES - 1 }));
const opArb = fc.record({ insert: fc.boolean(), edge: edgeArb });

/** The stored state must be exactly the from-scratch model, with records closed under premises and well-founded. */
async function expectConsistent(fixture: RuleFixture, ruleSet: string, edges: Set<string>, text: (e: string) => string): Promise<void> {
  const input = new Map<string, Constant[][]>([[fixture.edge, [...edges].map((k) => k.split(',').map((n) => fixture.node(Number(n))))]]);
  const expected = expectedDerived(fixture, ruleSet, text(fixture.edge), input);
  const stored = await fixture.storedFacts(ruleSet);
  const storedById = new Map(stored.map((f) => [f.id, f]));
  expect(new Map(stored.map((f) => [f.id, JSON.stringify([f.predicate, ...f.args])]))).toEqual(expected);
  expect(storedById.size).toBe(stored.length); // no duplicate copies
  // The per-type counts the set records (base reads skip a type when the count store agrees with them) are exact.
  const [record] = await fixture.graph.client.read((tx) => tx.runText('MATCH (s:RuleSet {name: $name}) RETURN s.relTypes AS types, s.relTypeCounts AS counts', { name: ruleSet }));
  const types = (record?.types as string[] | null) ?? [];
  expect(types.map((type) => stored.filter((f) => f.relationship && f.predicate.toUpperCase() === type).length)).toEqual((record?.counts as number[] | null) ?? []);
  for (const fact of stored) {
    for (const p of fact.premises) {
      if (p.kind === 'derived') expect(storedById.has(p.id)).toBe(true);
      else {
        expect(p.kind).toBe('relation');
        const [a, b] = p.fact.args.map((x) => String(x).split('-').pop());
        expect(edges.has(`${a},${b}`)).toBe(true);
        expect(p.id).toBe(fixture.edgeId(Number(a), Number(b)));
      }
    }
  }
  // Well-founded: following premise records never returns to a fact (depth-first colouring).
  const state = new Map<string, 1 | 2>();
  for (const root of storedById.keys()) {
    const stack: Array<{ id: string; next: number }> = [{ id: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next === 0) {
        if (state.get(top.id) === 2) {
          stack.pop();
          continue;
        }
        state.set(top.id, 1);
      }
      const premises = storedById.get(top.id)!.premises.filter((p) => p.kind === 'derived');
      if (top.next < premises.length) {
        const child = premises[top.next++].id;
        expect(state.get(child)).not.toBe(1);
        if (state.get(child) === undefined) stack.push({ id: child, next: 0 });
      } else {
        state.set(top.id, 2);
        stack.pop();
      }
    }
  }
}

it.each([
  ['recursion, negation and an aggregate', program],
  ['positive rules', positiveProgram],
] as const)('after every insert and delete, the stored derived facts equal a from-scratch evaluation, the model updated in place (property): %s', async (_title, text) => {
  const update = jest.spyOn(Evaluation.prototype, 'update');
  const fixture = new RuleFixture(graph);
  await fixture.entities(NODES);
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.uniqueArray(edgeArb, { maxLength: 8, selector: ([a, b]) => `${a},${b}` }), fc.array(opArb, { minLength: 1, maxLength: 5 }), async (initial, ops) => {
      const ruleSet = fixture.ruleSet(`prop${run++}`);
      const edges = new Set<string>();
      await fixture.addEdges(initial);
      initial.forEach(([a, b]) => edges.add(`${a},${b}`));
      await fixture.rules.define(ruleSet, text(fixture.edge), 'test');
      const first = await fixture.rules.materialize(ruleSet);
      expect(first.mode).toBe('full');
      await expectConsistent(fixture, ruleSet, edges, text);
      for (const op of ops) {
        const key = `${op.edge[0]},${op.edge[1]}`;
        if (op.insert && !edges.has(key)) {
          await fixture.addEdges([op.edge]);
          edges.add(key);
        } else if (!op.insert && edges.has(key)) {
          await fixture.deleteEdges([op.edge]);
          edges.delete(key);
        } else continue;
        update.mockClear();
        const report = await fixture.rules.materialize(ruleSet);
        expect(report.mode).toBe('incremental');
        expect(report.baseRead).toBe('changes'); // only what the change log names was read again
        // The model was brought up to date from the change of base facts (Evaluation.update), not evaluated again.
        expect(update).toHaveBeenCalledTimes(1);
        expect(update.mock.results[0]!.value).toBeDefined();
        await expectConsistent(fixture, ruleSet, edges, text);
      }
      // A second service (another replica, no in-process state) maintains from the stored records alone.
      await fixture.addEdges([[0, 1]]);
      edges.add('0,1');
      const other = new (fixture.rules.constructor as new (g: typeof graph.client) => typeof fixture.rules)(graph.client);
      await other.materialize(ruleSet);
      await expectConsistent(fixture, ruleSet, edges, text);
      await fixture.rules.delete(ruleSet);
      expect(await fixture.storedFacts(ruleSet)).toEqual([]);
      await fixture.deleteEdges([...edges].map((k) => k.split(',').map(Number) as [number, number]));
    }),
    { numRuns: 6, seed: Number(process.env.RULES_PROPERTY_SEED ?? 7) },
  );
  update.mockRestore();
});

it('a base relationship of a type the rules also derive is read (a type holding only derived ones is not scanned)', async () => {
  const fixture = new RuleFixture(graph);
  await fixture.entities(4);
  const p = `p_${fixture.tag}`;
  const text = `${p}(X, Y) :- ${fixture.edge}(X, Y).\n${p}(X, Z) :- ${p}(X, Y), ${fixture.edge}(Y, Z).`;
  const ruleSet = fixture.ruleSet('basepath');
  const stored = async (): Promise<string[]> => (await fixture.storedFacts(ruleSet)).map((f) => JSON.stringify(f.args.map((a) => String(a).split('-').pop()))).sort();
  await fixture.addEdges([[0, 1]]);
  await fixture.rules.define(ruleSet, text, 'test');
  await fixture.rules.materialize(ruleSet);
  expect(await stored()).toEqual(['["0","1"]']);
  // Asserted, not derived: a base fact p(2, 0), from which p(2, 1) follows.
  await fixture.kg.relations.upsert([{ id: `${fixture.tag}-base-p`, type: p.toUpperCase(), from: fixture.node(2), to: fixture.node(0) }], fixture.writer);
  await fixture.rules.materialize(ruleSet);
  expect(await stored()).toEqual(['["0","1"]', '["2","1"]']);
  // A fresh service (no snapshot) reads it too.
  await fixture.addEdges([[1, 3]]);
  const other = new (fixture.rules.constructor as new (g: typeof graph.client) => typeof fixture.rules)(graph.client);
  await other.materialize(ruleSet);
  expect(await stored()).toEqual(['["0","1"]', '["0","3"]', '["1","3"]', '["2","1"]', '["2","3"]']);
  await fixture.kg.relations.delete([`${fixture.tag}-base-p`], fixture.writer);
  await fixture.rules.materialize(ruleSet);
  expect(await stored()).toEqual(['["0","1"]', '["0","3"]', '["1","3"]']);
});

it('a relation read again under the same id but with another strength is a changed base fact (the next read reuses only unchanged ones)', async () => {
  const fixture = new RuleFixture(graph);
  await fixture.entities(3);
  const w = `w_${fixture.tag}`;
  const text = `strong_${fixture.tag}(X, Y) :- ${w}(X, Y, S), S > 0.5.`;
  const ruleSet = fixture.ruleSet('strength');
  const relate = (strength: number) =>
    fixture.kg.relations.upsert([{ id: `${fixture.tag}-w01`, type: w.toUpperCase(), from: fixture.node(0), to: fixture.node(1), strength }, { id: `${fixture.tag}-w12`, type: w.toUpperCase(), from: fixture.node(1), to: fixture.node(2), strength: 0.9 }], fixture.writer);
  const stored = async (): Promise<string[]> => (await fixture.storedFacts(ruleSet)).map((f) => f.args.map((a) => String(a).split('-').pop()).join('>')).sort();
  await relate(0.4);
  await fixture.rules.define(ruleSet, text, 'test');
  await fixture.rules.materialize(ruleSet);
  expect(await stored()).toEqual(['1>2']);
  await relate(0.7);
  expect(await fixture.rules.materialize(ruleSet)).toMatchObject({ mode: 'incremental', written: 1 });
  expect(await stored()).toEqual(['0>1', '1>2']);
  await relate(0.2);
  await fixture.rules.materialize(ruleSet);
  expect(await stored()).toEqual(['1>2']);
  await fixture.rules.delete(ruleSet);
});

it('two replicas maintaining one rule set at once: one waits for the other, and nothing is stored twice', async () => {
  const fixture = new RuleFixture(graph);
  const n = 40;
  await fixture.entities(n);
  const edges = Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as [number, number]);
  await fixture.addEdges(edges);
  const ruleSet = fixture.ruleSet('replicas');
  const text = `reaches(X, Y) :- ${fixture.edge}(X, Y).\nreaches(X, Z) :- reaches(X, Y), ${fixture.edge}(Y, Z).`;
  await fixture.rules.define(ruleSet, text, 'test');
  const Replica = fixture.rules.constructor as new (g: typeof graph.client) => typeof fixture.rules;
  const [a, b] = [new Replica(graph.client), new Replica(graph.client)];
  const both = async (expected: number) => {
    const reports = await Promise.all([a.materialize(ruleSet), b.materialize(ruleSet)]);
    const stored = await fixture.storedFacts(ruleSet);
    expect(new Set(stored.map((f) => f.id)).size).toBe(stored.length);
    expect(stored).toHaveLength(expected);
    return reports;
  };
  const total = (n * (n - 1)) / 2;
  const first = await both(total);
  expect(first.map((r) => r.written).sort((x, y) => x - y)).toEqual([0, total]);
  await fixture.deleteEdges([[0, 1]]);
  const again = await both(total - (n - 1));
  expect(again.map((r) => r.deleted).sort((x, y) => x - y)).toEqual([0, n - 1]);
  await fixture.rules.delete(ruleSet);
});

it('an entity whose type changes is a changed base fact for the type predicates (the next read patches entities too)', async () => {
  const fixture = new RuleFixture(graph);
  await fixture.entities(4);
  const kind = `K${fixture.tag}`;
  const retype = (i: number, type: string) => fixture.kg.entities.upsert([{ id: fixture.node(i), name: `node ${i}`, type }], fixture.writer);
  await retype(0, kind);
  await fixture.addEdges([[0, 1], [2, 3]]);
  const ruleSet = fixture.ruleSet('types');
  await fixture.rules.define(ruleSet, `marked_${fixture.tag}(X, Y) :- k${fixture.tag}(X), ${fixture.edge}(X, Y).`, 'test');
  const stored = async (): Promise<string[]> => (await fixture.storedFacts(ruleSet)).map((f) => f.args.map((a) => String(a).split('-').pop()).join('>')).sort();
  await fixture.rules.materialize(ruleSet);
  expect(await stored()).toEqual(['0>1']);
  await retype(2, kind);
  expect(await fixture.rules.materialize(ruleSet)).toMatchObject({ mode: 'incremental', written: 1 });
  expect(await stored()).toEqual(['0>1', '2>3']);
  await retype(0, 'Thing');
  expect(await fixture.rules.materialize(ruleSet)).toMatchObject({ mode: 'incremental', deleted: 1 });
  expect(await stored()).toEqual(['2>3']);
  await fixture.rules.delete(ruleSet);
});
