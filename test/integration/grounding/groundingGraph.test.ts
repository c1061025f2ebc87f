import { randomUUID } from 'node:crypto';
import type { OpenGraph } from '../../../src/graph';
import type { EmbeddingClient } from '../../../src/grounding';
import { main } from '../../../src/cli/main';
import { entityEmbeddingText, GroundingService } from '../../../src/services/grounding';
import { gql, READER_KEY, testApi, WRITER_KEY } from '../../helpers/apiHarness';
import { openTestGraph } from '../../helpers/testGraph';
import { realEmbeddingClient } from './labelledSet';

/**
 * Entity embeddings through the real model and the real Neo4j vector index:
 * written by the background queue after API upserts, read back, re-embedded
 * on change and on a model change (backfill), and served by ground,
 * similarEntities, duplicateCandidates, the GraphQL fields and the CLI.
 * Ids carry a random prefix; results are filtered to it where the index could
 * return other suites' entities.
 */
describe('grounding over the real Neo4j vector index', () => {
  const prefix = `gg${randomUUID().slice(0, 8)}_`;
  let graph: OpenGraph;
  let client: EmbeddingClient;
  let grounding: GroundingService;
  const entities = [
    { id: `${prefix}zorblax`, name: 'Zorblax lattice', type: 'Material', aliases: ['ZQL'], description: 'A fictional crystalline alloy that conducts heat but not electricity.' },
    { id: `${prefix}quillfern`, name: 'Quillfern', type: 'Plant', aliases: [], description: 'A fictional fern whose fronds glow faintly blue at night.' },
    { id: `${prefix}acme1`, name: 'Vantablue Widget Works', type: 'Organization', aliases: ['Vantablue'], description: 'A fictional maker of blue industrial widgets.' },
    { id: `${prefix}acme2`, name: 'Vantablue Widgets', type: 'Organization', aliases: ['Vantablue'], description: 'Fictional manufacturer of blue widgets for industry.' },
  ];
  const mine = <T extends { entity: { id: string } }>(list: T[]) => list.filter((c) => c.entity.id.startsWith(prefix));
  const stored = async (id: string) =>
    (await graph.client.runAutoCommit('MATCH (e:Entity {id: $id}) RETURN e.embedding AS embedding, e.embeddingModel AS model, e.embeddedFrom AS from, e.updatedAt AS updatedAt', { id }))[0]!;

  beforeAll(async () => {
    [graph, client] = await Promise.all([openTestGraph(), realEmbeddingClient()]);
    grounding = new GroundingService(graph.client, { embeddings: client, queue: { maxWaitMs: 10 } });
  });

  afterAll(async () => {
    await graph?.client.runAutoCommit('MATCH (e:Entity) WHERE e.id STARTS WITH $prefix DETACH DELETE e', { prefix });
    await grounding?.queue.close();
    await graph?.close();
    await client?.close();
  });

  it('embeds entities upserted through the API in the background and stores the exact vectors', async () => {
    const api = testApi(graph.client, { grounding });
    const upsert = await gql(api, 'mutation($e: [EntityInput!]!) { upsertEntities(entities: $e) { created } }', { e: entities }, { 'x-api-key': WRITER_KEY });
    expect(upsert.body.errors).toBeUndefined();
    expect(upsert.body.data!.upsertEntities.created).toHaveLength(entities.length);
    await grounding.queue.whenIdle();

    const expected = (await client.embed(entities.map(entityEmbeddingText))).vectors;
    for (const [i, entity] of entities.entries()) {
      const row = await stored(entity.id);
      expect(row.model).toBe(client.info.modelChecksum);
      expect(row.from).toBe(row.updatedAt);
      const vector = row.embedding as number[];
      expect(vector).toHaveLength(384);
      const diff = Math.max(...vector.map((x, j) => Math.abs(x - expected[i]![j]!)));
      expect(diff).toBeLessThan(1e-6);
    }
  });

  it('finds an entity by its own text through the vector index (cosine 1) and by alias', async () => {
    const byText = await grounding.ground(entityEmbeddingText(entities[1]!), { k: 20 });
    const top = mine(byText.candidates)[0]!;
    expect(top.entity.id).toBe(`${prefix}quillfern`);
    expect(top.cosine!).toBeGreaterThan(0.999);
    expect(top.reasons[0]).toMatch(/^vector index: cosine 1\.000/);

    const byAlias = await grounding.ground('ZQL', { type: 'Material', k: 20 });
    expect(mine(byAlias.candidates)[0]!.entity.id).toBe(`${prefix}zorblax`);
    expect(mine(byAlias.candidates)[0]!.reasons).toContain('exact alias "ZQL"');
  });

  it('re-embeds a changed entity, and backfill re-embeds vectors of another model', async () => {
    const before = (await stored(`${prefix}quillfern`)).embedding as number[];
    const api = testApi(graph.client, { grounding });
    const changed = { ...entities[1]!, description: 'A fictional fern used in herbal tea for sleeplessness.' };
    await gql(api, 'mutation($e: [EntityInput!]!) { upsertEntities(entities: $e) { updated } }', { e: [changed] }, { 'x-api-key': WRITER_KEY });
    await grounding.queue.whenIdle();
    const after = await stored(`${prefix}quillfern`);
    expect(after.from).toBe(after.updatedAt);
    const expected = (await client.embed([entityEmbeddingText(changed)])).vectors[0]!;
    expect((after.embedding as number[])[0]).toBeCloseTo(expected[0]!, 6);
    expect(after.embedding).not.toEqual(before);

    // As if the vectors were from an older model: only backfill brings them back.
    await graph.client.runAutoCommit("MATCH (e:Entity) WHERE e.id STARTS WITH $prefix SET e.embeddingModel = 'sha256-of-an-older-model'", { prefix });
    const stale = await grounding.ground('Zorblax lattice', { k: 20 });
    expect(mine(stale.candidates).every((c) => c.cosine === null)).toBe(true);
    const report = await grounding.embedder.backfill({ after: prefix, before: `${prefix}\uffff`, pageSize: 3 });
    expect(report).toMatchObject({ embedded: entities.length, skipped: 0, pages: 2, modelChecksum: client.info.modelChecksum });
    expect((await stored(`${prefix}zorblax`)).model).toBe(client.info.modelChecksum);
    expect((await grounding.embedder.backfill({ after: prefix, before: `${prefix}\uffff` })).embedded).toBe(0);
  });

  it('proposes near-duplicates with evidence and lists similar entities', async () => {
    const duplicates = (await grounding.duplicateCandidates(0.8, { limit: 100 })).filter((d) => d.a.id.startsWith(prefix));
    expect(duplicates.map((d) => [d.a.id, d.b.id])).toEqual([[`${prefix}acme1`, `${prefix}acme2`]]);
    expect(duplicates[0]!.evidence).toEqual(expect.arrayContaining(['same type Organization', 'shared names: "Vantablue"']));

    const similar = mine(await grounding.similarEntities(`${prefix}acme1`, 20));
    expect(similar[0]!.entity.id).toBe(`${prefix}acme2`);
    expect(similar.map((s) => s.cosine)).toEqual([...similar.map((s) => s.cosine)].sort((a, b) => b - a));
  });

  it('serves ground and embed over GraphQL', async () => {
    const api = testApi(graph.client, { grounding });
    const auth = { 'x-api-key': READER_KEY };
    const ground = await gql(api, '{ ground(text: "Quillfern", k: 20) { threshold match { entityId score reasons entity { name } } candidates { entityId } } }', {}, auth);
    expect(ground.body.errors).toBeUndefined();
    const ids = (ground.body.data!.ground.candidates as { entityId: string }[]).map((c) => c.entityId).filter((id) => id.startsWith(prefix));
    expect(ids[0]).toBe(`${prefix}quillfern`);
    const embed = await gql(api, 'query($t: [String!]!) { embed(texts: $t) { vectors modelChecksum provider } }', { t: ['a glowing fern', ''] }, auth);
    expect(embed.body.errors).toBeUndefined();
    const vectors = embed.body.data!.embed.vectors as number[][];
    expect(vectors.map((v) => v.length)).toEqual([384, 384]);
    expect(vectors[0]![0]).toBeCloseTo((await client.embed(['a glowing fern'])).vectors[0]![0]!, 6);
    expect(embed.body.data!.embed.modelChecksum).toBe(client.info.modelChecksum);
    const bad = await gql(api, '{ ground(text: "  ", k: 5) { threshold } }', {}, auth);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('`causeway ground TEXT --json` prints the candidates', async () => {
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      await main(['node', 'causeway', 'ground', 'Zorblax lattice', '--json', '-k', '20']);
    } finally {
      process.stdout.write = write;
    }
    expect(process.exitCode ?? 0).toBe(0);
    const result = JSON.parse(written.join(''));
    expect(result.text).toBe('Zorblax lattice');
    const top = (result.candidates as { entity: { id: string }; score: number; reasons: string[] }[]).filter((c) => c.entity.id.startsWith(prefix))[0]!;
    expect(top.entity.id).toBe(`${prefix}zorblax`);
    expect(top.reasons).toContain('exact name "Zorblax lattice"');
  });
});
