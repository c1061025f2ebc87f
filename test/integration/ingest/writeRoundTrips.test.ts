import type { OpenGraph } from '../../../src/graph';
import { importSources } from '../../../src/ingest';
import { combineEvidence, createKnowledgeGraph } from '../../../src/services/kg';
import { CountingGraphClient } from '../../helpers/CountingGraphClient';
import { openTestGraph } from '../../helpers/testGraph';
import { snapshot, uniqueTag } from './ingestFixtures';

/**
 * The ingest write path costs one statement per batch and record kind —
 * entities, documents (with sentences and mentions), relations (with their
 * supports) — with change detection and the version bump inside it; and an
 * extracted relation's noisy-OR strength does not depend on the order its
 * evidence comes in, so re-ingesting it in another order changes nothing.
 */
let graph: OpenGraph;
let counting: CountingGraphClient;

beforeAll(async () => {
  graph = await openTestGraph();
  counting = new CountingGraphClient(graph.client);
});
afterAll(() => graph.close());

const RELATION_UPSERT = '// The relation upsert in one round trip (the entity upsert\'s pattern): reference checks,';

function lines(tag: string, confidences: number[]): string {
  const entity = (i: number) => ({ kind: 'entity', id: `${tag}:e${i}`, name: `Thing ${i}`, type: 'Thing' });
  const sentences = confidences.map((_, i) => ({ text: `Thing ${i} causes thing ${i + 1}.`, mentions: [] }));
  const document = { kind: 'document', id: `${tag}:doc`, title: 'Notes', sentences };
  const other = { kind: 'document', id: `${tag}:doc2`, sentences: [{ text: 'Thing 4 is mentioned.', start: 0, end: 21, mentions: [{ entityId: `${tag}:e4`, start: 0, end: 7 }] }] };
  const extracted = {
    kind: 'relation', id: `${tag}:x`, type: 'CAUSES', from: `${tag}:e0`, to: `${tag}:e1`, source: 'extracted',
    evidence: confidences.map((confidence, i) => ({ sentenceId: `${tag}:doc#s${i}`, confidence })),
  };
  const asserted = [1, 2, 3].map((i) => ({ kind: 'relation', id: `${tag}:r${i}`, type: 'CAUSES', from: `${tag}:e${i}`, to: `${tag}:e${i + 1}`, strength: 0.5 }));
  return [0, 1, 2, 3, 4].map(entity).concat([document, other, extracted, ...asserted] as never[]).map((l) => JSON.stringify(l)).join('\n');
}

const ingest = (content: string) =>
  importSources(createKnowledgeGraph(counting), [{ name: 'round-trips.jsonl', content, format: 'jsonl' }], { assertedBy: 'test', batchSize: 2 });

const writes = () => counting.statements.filter((s) => !/find-existing|read-graph-version/.test(s));

it('writes each batch of each kind in one statement, and a re-import in another evidence order changes nothing', async () => {
  const tag = uniqueTag();
  // Noisy-OR folded in this (descending) order gives another last bit than folded ascending.
  const confidences = [0.7, 0.35, 0.1];
  counting.reset();
  const first = await ingest(lines(tag, confidences));
  expect(first.errors).toEqual([]);
  expect(first).toMatchObject({ entities: { created: 5 }, documents: { created: 2 }, relations: { created: 4 } });
  // 5 entities and 4 relations in batches of 2; 2 documents in one batch.
  expect(writes().sort()).toEqual([
    ...Array(3).fill('entities/upsert-entities-if-changed'),
    'provenance/upsert-documents',
    ...Array(2).fill(RELATION_UPSERT),
  ].sort());

  const stored = await snapshot(graph.client, tag);
  const extracted = stored.relations.find((r) => r.id === `${tag}:x`)!;
  expect(extracted).toMatchObject({ source: 'extracted', evidenceCount: 3 });
  expect(extracted.strength).toBe(combineEvidence(confidences));
  expect(combineEvidence(confidences)).toBe(combineEvidence([...confidences].reverse()));
  expect(stored.documents.find((d) => d.id === `${tag}:doc2`)!.sentences).toEqual([[`${tag}:doc2#s0`, 'Thing 4 is mentioned.', 0, 21, [[`${tag}:doc2#m0-7`, `${tag}:e4`]]]]);

  counting.reset();
  const again = await ingest(lines(tag, confidences).replace(/"evidence":\[.*?\]/, (evidence) => {
    const items = JSON.parse(evidence.slice('"evidence":'.length)) as unknown[];
    return `"evidence":${JSON.stringify(items.reverse())}`;
  }));
  expect(again.errors).toEqual([]);
  expect(again).toMatchObject({
    entities: { created: 0, updated: 0, unchanged: 5 },
    documents: { created: 0, unchanged: 2, replaced: 0 },
    relations: { created: 0, updated: 0, unchanged: 4 },
  });
  expect(writes()).not.toContain('version/bump-graph-version');
  expect(await snapshot(graph.client, tag)).toEqual(stored);
});

it('refuses a relation the statement finds wrong, naming the field, and writes nothing of its batch', async () => {
  const tag = uniqueTag();
  const kg = createKnowledgeGraph(graph.client);
  await kg.entities.upsert([{ id: `${tag}:a`, name: 'A', type: 'T' }, { id: `${tag}:b`, name: 'B', type: 'T' }], { assertedBy: 'test' });
  await kg.provenance.upsertDocuments([{ id: `${tag}:d`, sentences: [{ text: 'A causes B.', start: 0, end: 11, mentions: [] }] }], { assertedBy: 'test' });
  const good = { id: `${tag}:ok`, type: 'CAUSES', from: `${tag}:a`, to: `${tag}:b`, strength: 0.4 };
  const cases: [Record<string, unknown>, string, string][] = [
    [{ id: `${tag}:n`, type: 'CAUSES', from: `${tag}:a`, to: `${tag}:b` }, 'BAD_USER_INPUT', 'relations[1].strength'],
    [{ id: `${tag}:e`, type: 'CAUSES', from: `${tag}:a`, to: `${tag}:b`, source: 'extracted', strength: 0.3, evidence: [{ sentenceId: `${tag}:d#s0`, confidence: 0.5 }] }, 'BAD_USER_INPUT', 'relations[1].strength'],
    [{ id: `${tag}:m`, type: 'CAUSES', from: `${tag}:a`, to: `${tag}:nobody`, strength: 0.3 }, 'BAD_USER_INPUT', 'relations[1].to'],
    [{ id: `${tag}:s`, type: 'CAUSES', from: `${tag}:a`, to: `${tag}:b`, source: 'extracted', evidence: [{ sentenceId: `${tag}:nodoc#s0`, confidence: 0.5 }] }, 'BAD_USER_INPUT', 'relations[1].evidence[0].sentenceId'],
  ];
  for (const [bad, code, field] of cases) {
    await expect(kg.relations.upsert([good, bad], { assertedBy: 'test' })).rejects.toMatchObject({ code, field });
  }
  expect((await kg.relations.getByIds([good.id])).value).toEqual([null]);
  await kg.relations.upsert([good], { assertedBy: 'test' });
  await expect(kg.relations.upsert([{ ...good, type: 'PREVENTS' }], { assertedBy: 'test' })).rejects.toMatchObject({ code: 'CONFLICT', field: 'relations[0].id' });
});
