import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenGraph } from '../../../src/graph';
import type { EmbeddingClient } from '../../../src/grounding';
import { documentIdOf, importSources, ingestGrounding, type ImportSource, type IngestGrounding } from '../../../src/ingest';
import { createKnowledgeGraph } from '../../../src/services/kg';
import { openTestGraph } from '../../helpers/testGraph';
import { realEmbeddingClient } from '../grounding/labelledSet';
import { snapshot, uniqueTag } from './ingestFixtures';

/**
 * Text ingestion with the grounding resolver, the real model and the real
 * Neo4j vector index: two documents that both say "Jaguar", one about the
 * animal and one about the car maker, join the two existing Jaguar entities
 * by context; the entity writes feed the embedding queue; a re-ingest
 * changes nothing. Without a model, ingestion falls back to normalised names
 * and says so.
 */
describe('text ingestion with grounding', () => {
  const tag = uniqueTag();
  const animal = `${tag}:jaguar-animal`;
  const maker = `${tag}:jaguar-cars`;
  const dir = mkdtempSync(join(tmpdir(), `grounded-${tag}-`));
  let graph: OpenGraph;
  let client: EmbeddingClient;
  let grounding: IngestGrounding;
  const logged: string[] = [];

  const write = (name: string, content: string): ImportSource => {
    writeFileSync(join(dir, name), content);
    return { name: join(dir, name), content, format: name.endsWith('.jsonl') ? 'jsonl' : 'text' };
  };
  const entities = write(
    'entities.jsonl',
    [
      { kind: 'entity', id: animal, name: 'Jaguar', type: 'Animal', aliases: ['Panthera onca'], description: 'A big spotted cat of the Amazon rainforest that hunts caimans and capybaras in rivers.' },
      { kind: 'entity', id: maker, name: 'Jaguar', type: 'Organization', aliases: ['Jaguar Cars'], description: 'A British carmaker building luxury sedans and electric SUVs.' },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n'),
  );
  const documents = [
    write(`${tag}-rainforest.txt`, 'Deep in the Amazon rainforest the jaguar ambushed a caiman in the river.\n'),
    write(`${tag}-motors.txt`, 'Jaguar recalled thousands of its luxury sedans to replace faulty brakes.\n'),
  ];
  const ingest = (sources: ImportSource[]) => importSources(grounding.kg, sources, { assertedBy: 'test', grounding: grounding.resolver });
  const mentionsOf = async (source: ImportSource) => {
    const rows = await graph.client.runAutoCommit(
      'MATCH (:Document {id: $id})-[:HAS_SENTENCE]->(:Sentence)-[:HAS_MENTION]->(m:Mention)-[:REFERS_TO]->(e:Entity) RETURN m.text AS text, e.id AS entity ORDER BY m.start',
      { id: documentIdOf(source.name) },
    );
    return rows.map((row) => [String(row.text), String(row.entity)]);
  };

  beforeAll(async () => {
    [graph, client] = await Promise.all([openTestGraph(), realEmbeddingClient()]);
    grounding = await ingestGrounding(graph.client, createKnowledgeGraph(graph.client), (line) => logged.push(line), { embeddings: client, queue: { maxWaitMs: 10 } });
  });

  afterAll(async () => {
    await grounding?.close();
    const kg = graph && createKnowledgeGraph(graph.client);
    for (const source of documents) await kg?.provenance.retractDocument(documentIdOf(source.name), { assertedBy: 'test' }).catch(() => {});
    await graph?.client.runAutoCommit('MATCH (e:Entity) WHERE e.id STARTS WITH $tag DETACH DELETE e', { tag });
    await graph?.close();
    await client?.close();
  });

  it('embeds structurally imported entities through the queue, off the write path', async () => {
    expect(grounding.resolver).not.toBeNull();
    const summary = await ingest([entities]);
    expect(summary.errors).toEqual([]);
    expect(summary.entities.created).toBe(2);
    await grounding.close();
    const rows = await graph.client.runAutoCommit('MATCH (e:Entity) WHERE e.id IN $ids RETURN e.embeddingModel AS model, size(e.embedding) AS dims', { ids: [animal, maker] });
    expect(rows).toEqual([
      { model: client.info.modelChecksum, dims: 384 },
      { model: client.info.modelChecksum, dims: 384 },
    ]);
    // close() drained the queue and released it; the next tests need a live one.
    grounding = await ingestGrounding(graph.client, createKnowledgeGraph(graph.client), (line) => logged.push(line), { embeddings: client, queue: { maxWaitMs: 10 } });
  });

  it('resolves "Jaguar" to the animal in a rainforest context and to the car maker in a car context', async () => {
    const first = await ingest(documents);
    expect(first.errors).toEqual([]);
    expect(first.grounding).toMatchObject({ resolver: 'model', unchangedDocuments: 0 });
    expect(first.grounding.joined).toBeGreaterThanOrEqual(2);
    expect(first.documents.created).toBe(2);
    expect(await mentionsOf(documents[0]!)).toContainEqual(['the jaguar', animal]);
    expect(await mentionsOf(documents[1]!)).toContainEqual(['Jaguar', maker]);
    // No Concept node named after the mention: both mentions joined existing entities.
    const [byName] = await graph.client.runAutoCommit('MATCH (:Document)-[:HAS_SENTENCE]->(:Sentence)-[:HAS_MENTION]->(m:Mention)-[:REFERS_TO]->(e:Entity {id: "n:jaguar"}) WHERE m.text IN $texts RETURN count(m) AS n', {
      texts: ['the jaguar', 'Jaguar'],
    });
    expect(byName).toEqual({ n: 0 });
  });

  it('changes nothing when the same documents are ingested again', async () => {
    await grounding.close();
    grounding = await ingestGrounding(graph.client, createKnowledgeGraph(graph.client), (line) => logged.push(line), { embeddings: client, queue: { maxWaitMs: 10 } });
    const before = await snapshot(graph.client, tag);
    const mentionsBefore = await Promise.all(documents.map(mentionsOf));
    const second = await ingest(documents);
    expect(second.errors).toEqual([]);
    expect(second.entities.created + second.entities.updated + second.relations.created + second.relations.updated + second.documents.created + second.documents.replaced).toBe(0);
    expect(second.documents.unchanged).toBe(2);
    expect(second.grounding).toMatchObject({ resolver: 'model', unchangedDocuments: 2, resolved: 0 });
    expect(await snapshot(graph.client, tag)).toEqual(before);
    expect(await Promise.all(documents.map(mentionsOf))).toEqual(mentionsBefore);
  });

  it('falls back to normalised names, and says so, when no model can be loaded', async () => {
    const lines: string[] = [];
    const noModel = await ingestGrounding(graph.client, createKnowledgeGraph(graph.client), (line) => lines.push(line), {
      embeddings: () => Promise.reject(new Error('model directory .cache/model is empty')),
    });
    expect(noModel.resolver).toBeNull();
    expect(lines.join('\n')).toMatch(/no embedding model \(model directory \.cache\/model is empty\); text mentions are resolved by normalised name/);
    const source = write(`${tag}-fallback.txt`, `The ${tag} widget sat on the shelf.\n`);
    documents.push(source); // cleaned up with the others
    const summary = await importSources(noModel.kg, [source], { assertedBy: 'test', grounding: noModel.resolver });
    expect(summary.grounding).toEqual({ resolver: 'normalised-name', resolved: 0, joined: 0, unchangedDocuments: 0 });
    expect((await mentionsOf(source))[0]).toEqual([`The ${tag} widget`, `n:${tag}-widget`]);
    await graph.client.runAutoCommit('MATCH (e:Entity {id: $id}) DETACH DELETE e', { id: `n:${tag}-widget` });
  });
});
