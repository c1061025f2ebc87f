import type { CausewayApi } from '../../../src/api';
import type { OpenGraph } from '../../../src/graph';
import { ADMIN_KEY, codesOf, gql, READER_KEY, testApi, WRITER_KEY } from '../../helpers/apiHarness';
import { openTestGraph } from '../../helpers/testGraph';
import { RuleFixture } from './ruleFixture';

let graph: OpenGraph;
let api: CausewayApi;
const admin = { 'x-api-key': ADMIN_KEY };
const writer = { 'x-api-key': WRITER_KEY };
const reader = { 'x-api-key': READER_KEY };

beforeAll(async () => {
  graph = await openTestGraph();
  api = testApi(graph.client);
});
afterAll(async () => {
  await graph?.close();
});

const chain = (e: string) => `
  reaches(X, Y) :- ${e}(X, Y).
  reaches(X, Z) :- reaches(X, Y), ${e}(Y, Z).
`;

it('defineRules validates first: diagnostics come back as BAD_USER_INPUT with their codes, nothing is stored', async () => {
  const fixture = new RuleFixture(graph);
  const name = fixture.ruleSet('bad');
  const response = await gql(api, 'mutation($n: String!, $t: String!) { defineRules(name: $n, text: $t) { created } }', { n: name, t: 'p(X) :- q(Y).' }, admin);
  expect(codesOf(response)).toEqual(['BAD_USER_INPUT']);
  expect(response.body.errors![0].extensions!.details.diagnostics[0]).toMatchObject({ code: 'DL002', line: 1 });
  const listed = await gql(api, '{ rules { name } }', {}, reader);
  expect(listed.body.data!.rules.map((r: { name: string }) => r.name)).not.toContain(name);
  // Defining is for admins only.
  expect(codesOf(await gql(api, 'mutation($n: String!, $t: String!) { defineRules(name: $n, text: $t) { created } }', { n: name, t: chain('e') }, writer))).toEqual(['FORBIDDEN']);
});

it('ask, explain down to the source sentence, verifyProof; tampering is caught; retractDocument cascades', async () => {
  const fixture = new RuleFixture(graph);
  await fixture.entities(4);
  // An extracted relation supported by one sentence, and two asserted ones: 0 -> 1 -> 2 -> 3.
  const doc = `rt-${fixture.tag}-doc`;
  const sentence = `${doc}#s0`;
  const text = 'Node zero leads to node one.';
  await fixture.kg.provenance.upsertDocuments([{ id: doc, title: 'rules test', sentences: [{ text, start: 0, end: text.length }] }], fixture.writer);
  await fixture.kg.relations.upsert([{ id: fixture.edgeId(0, 1), type: fixture.edgeType, from: fixture.node(0), to: fixture.node(1), source: 'extracted', evidence: [{ sentenceId: sentence, confidence: 0.9 }] }], fixture.writer);
  await fixture.addEdges([[1, 2], [2, 3]]);
  const name = fixture.ruleSet('chain');
  const defined = await gql(api, 'mutation($n: String!, $t: String!) { defineRules(name: $n, text: $t) { created changed ruleSet { name materializedVersion } } }', { n: name, t: chain(fixture.edge) }, admin);
  expect(defined.body.data!.defineRules).toMatchObject({ created: true, changed: true, ruleSet: { name, materializedVersion: -1 } });

  const asked = await gql(api, 'query($s: String!, $q: String!) { ask(ruleSet: $s, query: $q) { graphVersion truncated answers { bindings factId proof } } }', { s: name, q: `reaches("${fixture.node(0)}", X)` }, reader);
  expect(asked.body.errors).toBeUndefined();
  const answers = asked.body.data!.ask.answers as Array<{ bindings: { X: string }; factId: string; proof: any }>;
  expect(answers.map((a) => a.bindings.X).sort()).toEqual([fixture.node(1), fixture.node(2), fixture.node(3)]);
  const farthest = answers.find((a) => a.bindings.X === fixture.node(3))!;

  const explained = await gql(api, 'query($id: String!) { explain(factId: $id) { ruleSet proof } }', { id: farthest.factId }, reader);
  expect(explained.body.errors).toBeUndefined();
  const proof = explained.body.data!.explain.proof;
  expect(explained.body.data!.explain.ruleSet).toBe(name);
  const leaves: any[] = [];
  const walk = (node: any): void => (node.kind === 'base' ? void leaves.push(node) : node.premises.forEach(walk));
  walk(proof);
  expect(leaves.map((l) => l.factId).sort()).toEqual([fixture.edgeId(0, 1), fixture.edgeId(1, 2), fixture.edgeId(2, 3)].sort());
  const extracted = leaves.find((l) => l.factId === fixture.edgeId(0, 1));
  expect(extracted.provenance.supports[0]).toMatchObject({ sentence: { id: sentence, text }, document: { id: doc } });
  expect(leaves.find((l) => l.factId === fixture.edgeId(1, 2)).provenance).toMatchObject({ assertedBy: 'test:rules', supports: [] });

  for (const candidate of [proof, farthest.proof]) {
    const verified = await gql(api, 'query($s: String!, $p: JSON!) { verifyProof(ruleSet: $s, proof: $p) { valid step reason } }', { s: name, p: candidate }, reader);
    expect(verified.body.data!.verifyProof).toMatchObject({ valid: true });
  }
  const tampered = JSON.parse(JSON.stringify(proof));
  tampered.premises[tampered.premises.length - 1].fact.args[1] = fixture.node(0);
  const rejected = await gql(api, 'query($s: String!, $p: JSON!) { verifyProof(ruleSet: $s, proof: $p) { valid step reason } }', { s: name, p: tampered }, reader);
  expect(rejected.body.data!.verifyProof.valid).toBe(false);

  // Retracting the document deletes the extracted relation; every fact that rested on it goes at the next rule query.
  await fixture.kg.provenance.retractDocument(doc, fixture.writer);
  const after = await gql(api, 'query($s: String!, $q: String!) { ask(ruleSet: $s, query: $q, proofs: false) { answers { bindings } } }', { s: name, q: `reaches("${fixture.node(0)}", X)` }, reader);
  expect(after.body.data!.ask.answers).toEqual([]);
  expect(codesOf(await gql(api, 'query($id: String!) { explain(factId: $id) { ruleSet } }', { id: farthest.factId }, reader))).toEqual(['NOT_FOUND']);
  expect((await fixture.storedFacts(name)).map((f) => f.args.join('>')).sort()).toEqual([`${fixture.node(1)}>${fixture.node(2)}`, `${fixture.node(1)}>${fixture.node(3)}`, `${fixture.node(2)}>${fixture.node(3)}`]);
  // The old proof no longer checks: its leaf is gone from the graph.
  const stale = await gql(api, 'query($s: String!, $p: JSON!) { verifyProof(ruleSet: $s, proof: $p) { valid step } }', { s: name, p: proof }, reader);
  expect(stale.body.data!.verifyProof.valid).toBe(false);
});

it('redefining a rule set retracts what only the old text derived; deleteRules removes the rest', async () => {
  const fixture = new RuleFixture(graph);
  await fixture.entities(3);
  await fixture.addEdges([[0, 1], [1, 2]]);
  const name = fixture.ruleSet('redefine');
  const other = fixture.ruleSet('other');
  await fixture.rules.define(name, chain(fixture.edge), 'test');
  await fixture.rules.define(other, chain(fixture.edge), 'test');
  await fixture.rules.materialize(name);
  await fixture.rules.materialize(other);
  expect(await fixture.storedFacts(name)).toHaveLength(3);
  const same = await fixture.rules.define(name, chain(fixture.edge), 'test');
  expect(same.changed).toBe(false);
  expect(await fixture.storedFacts(name)).toHaveLength(3);

  const redefined = await gql(api, 'mutation($n: String!, $t: String!) { defineRules(name: $n, text: $t) { changed } }', { n: name, t: `linked(X) :- ${fixture.edge}(X, _).` }, admin);
  expect(redefined.body.data!.defineRules.changed).toBe(true);
  expect(await fixture.storedFacts(name)).toEqual([]);
  const report = await gql(api, 'mutation($n: String!) { materialize(ruleSet: $n) { mode derivedFacts written } }', { n: name }, writer);
  expect(report.body.data!.materialize).toMatchObject({ mode: 'FULL', derivedFacts: 2, written: 2 });
  const stored = await fixture.storedFacts(name);
  expect(stored.map((f) => `${f.predicate}(${f.args})`).sort()).toEqual([`linked(${fixture.node(0)})`, `linked(${fixture.node(1)})`]);
  expect(stored.every((f) => !f.relationship)).toBe(true);
  // The other set's copies were untouched throughout.
  expect(await fixture.storedFacts(other)).toHaveLength(3);

  const deleted = await gql(api, 'mutation($n: String!) { deleteRules(name: $n) { retracted } }', { n: name }, admin);
  expect(deleted.body.data!.deleteRules.retracted).toBe(2);
  expect(await fixture.storedFacts(name)).toEqual([]);
  expect(await fixture.storedFacts(other)).toHaveLength(3);
  await fixture.rules.delete(other);
});

it('derives CAUSES (with strength) and CONFOUNDED edges marked inferred, which the causal reader can tell apart', async () => {
  const fixture = new RuleFixture(graph);
  await fixture.entities(4);
  // 0 acts on mechanism 1 which produces 2; 3 is a shared driver of 0 and 2.
  await fixture.addEdges([[0, 1], [1, 2]]);
  await fixture.kg.relations.upsert(
    [
      { id: `rt-${fixture.tag}-d1`, type: `DRIVES_${fixture.tag.toUpperCase()}`, from: fixture.node(3), to: fixture.node(0) },
      { id: `rt-${fixture.tag}-d2`, type: `DRIVES_${fixture.tag.toUpperCase()}`, from: fixture.node(3), to: fixture.node(2) },
    ],
    fixture.writer,
  );
  const name = fixture.ruleSet('causal');
  await fixture.rules.define(
    name,
    `causes(X, Y, S) :- ${fixture.edge}(X, M), ${fixture.edge}(M, Y), S = 0.6.
     confounded(X, Y) :- drives_${fixture.tag}(Z, X), drives_${fixture.tag}(Z, Y), X != Y.`,
    'test',
  );
  await fixture.rules.materialize(name);
  const rows = await graph.client.read((tx) =>
    tx.runText('MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id STARTS WITH $p AND r.ruleSet = $n RETURN type(r) AS type, a.id AS a, b.id AS b, r.source AS source, r.derived AS derived, r.strength AS strength ORDER BY type, a, b', {
      p: `rt-${fixture.tag}-`,
      n: name,
    }),
  );
  expect(rows).toEqual([
    { type: 'CAUSES', a: fixture.node(0), b: fixture.node(2), source: 'inferred', derived: true, strength: 0.6 },
    { type: 'CONFOUNDED', a: fixture.node(0), b: fixture.node(2), source: 'inferred', derived: true, strength: null },
    { type: 'CONFOUNDED', a: fixture.node(2), b: fixture.node(0), source: 'inferred', derived: true, strength: null },
  ]);
  await fixture.rules.delete(name);
});

it('bounds every rule query: LIMIT_EXCEEDED, TIMEOUT, and cancellation through an AbortSignal', async () => {
  const fixture = new RuleFixture(graph);
  const n = 60;
  await fixture.entities(n);
  await fixture.addEdges(Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as [number, number]));
  const name = fixture.ruleSet('limits');
  await fixture.rules.define(name, chain(fixture.edge), 'test');
  await expect(fixture.rules.materialize(name, { limits: { maxDerivedFacts: 100 } })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
  const aborted = new AbortController();
  aborted.abort(new Error('client went away'));
  await expect(fixture.rules.materialize(name, { signal: aborted.signal })).rejects.toMatchObject({ code: 'TIMEOUT' });
  await expect(fixture.rules.materialize(name, { limits: { timeoutMs: 1 } })).rejects.toMatchObject({ code: 'TIMEOUT' });
  const limited = await gql(api, 'query($s: String!) { ask(ruleSet: $s, query: "reaches(X, Y)", limits: {maxDerivedFacts: 10}) { answers { factId } } }', { s: name }, reader);
  expect(codesOf(limited)).toEqual(['LIMIT_EXCEEDED']);
  // Nothing half-done was recorded: the next unbounded run materialises everything.
  const report = await fixture.rules.materialize(name);
  expect(report.derivedFacts).toBe((n * (n - 1)) / 2);
  expect(await fixture.storedFacts(name)).toHaveLength((n * (n - 1)) / 2);
  await fixture.rules.delete(name);
});
