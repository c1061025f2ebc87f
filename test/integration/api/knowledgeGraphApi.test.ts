import { randomUUID } from 'node:crypto';
import type { OpenGraph } from '../../../src/graph';
import { codesOf, gql, testApi, ADMIN_KEY, READER_KEY, WRITER_KEY } from '../../helpers/apiHarness';
import { CountingGraphClient } from '../../helpers/CountingGraphClient';
import { openTestGraph } from '../../helpers/testGraph';

/**
 * The knowledge-graph surface through yoga.fetch against the real Neo4j of
 * globalSetup. Other suites share that database, so every id here carries a
 * per-run prefix and nothing asserts on global counts.
 */
const P = `it${randomUUID().slice(0, 8)}-`;
const TYPE = `T${randomUUID().slice(0, 8)}`;
const writer = { 'x-api-key': WRITER_KEY };
const admin = { 'x-api-key': ADMIN_KEY };

let graph: OpenGraph;
let counting: CountingGraphClient;
let api: ReturnType<typeof testApi>;

beforeAll(async () => {
  graph = await openTestGraph();
  counting = new CountingGraphClient(graph.client);
  api = testApi(counting);
});

afterAll(async () => {
  await graph.close();
});

const UPSERT_ENTITIES = `mutation ($entities: [EntityInput!]!) { upsertEntities(entities: $entities) { created updated unchanged graphVersion } }`;
const UPSERT_RELATIONS = `mutation ($relations: [RelationInput!]!) { upsertRelations(relations: $relations) { created updated unchanged graphVersion } }`;
const UPSERT_DOCUMENTS = `mutation ($documents: [DocumentInput!]!) { upsertDocuments(documents: $documents) { created unchanged graphVersion } }`;

async function count(cypher: string, params: Record<string, unknown>): Promise<number> {
  const rows = await graph.client.runAutoCommit(cypher, params);
  return Number(rows[0]?.n ?? 0);
}

const entity = (id: string, name: string, extra: Record<string, unknown> = {}) => ({ id: P + id, name, type: TYPE, ...extra });

describe('entities', () => {
  it('creates, leaves unchanged without advancing the version, and updates', async () => {
    const first = await gql(api, UPSERT_ENTITIES, { entities: [entity('a', 'Alpha', { baseRate: 0.2, aliases: ['A'] })] }, writer);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data?.upsertEntities).toMatchObject({ created: [P + 'a'], updated: [], unchanged: [] });

    const updatedAt = async () => (await gql(api, `{ entity(id: "${P}a") { updatedAt } }`)).body.data?.entity.updatedAt;
    const before = await updatedAt();
    counting.reset();
    const again = await gql(api, UPSERT_ENTITIES, { entities: [entity('a', 'Alpha', { baseRate: 0.2, aliases: ['A'] })] }, writer);
    expect(again.body.data?.upsertEntities).toMatchObject({ created: [], updated: [], unchanged: [P + 'a'] });
    expect(counting.statements).not.toContain('version/bump-graph-version');
    // Nothing was written: the stored entity still carries the first write's timestamp.
    expect(await updatedAt()).toBe(before);

    const changed = await gql(api, UPSERT_ENTITIES, { entities: [entity('a', 'Alpha', { baseRate: 0.25 })] }, writer);
    expect(changed.body.data?.upsertEntities).toMatchObject({ updated: [P + 'a'] });
    expect(changed.body.data?.upsertEntities.graphVersion).toBeGreaterThan(first.body.data?.upsertEntities.graphVersion);

    const read = await gql(api, `query ($id: ID!) { entity(id: $id) { id name type aliases baseRate createdAt updatedAt assertedBy } }`, { id: P + 'a' });
    expect(read.body.data?.entity).toMatchObject({ name: 'Alpha', type: TYPE, aliases: ['A'], baseRate: 0.25, assertedBy: 'key:writer' });
    expect(Date.parse(read.body.data?.entity.updatedAt)).toBeGreaterThanOrEqual(Date.parse(read.body.data?.entity.createdAt));
    expect(read.body.extensions?.graphVersion).toBeGreaterThanOrEqual(changed.body.data?.upsertEntities.graphVersion);
  });

  it('stores states and a CPT and returns them as given', async () => {
    const cpt = [[0.9, 0.1], [0.2, 0.8]];
    await gql(api, UPSERT_ENTITIES, { entities: [entity('cpt', 'With CPT', { states: ['no', 'yes'], cpt })] }, writer);
    const read = await gql(api, `query ($id: ID!) { entity(id: $id) { states cpt } }`, { id: P + 'cpt' });
    expect(read.body.data?.entity).toEqual({ states: ['no', 'yes'], cpt });
  });

  it('pages with Relay cursors in id order, with edge cases', async () => {
    const type = `${TYPE}page`;
    const ids = ['p1', 'p2', 'p3', 'p4', 'p5'].map((s) => P + s);
    await gql(api, UPSERT_ENTITIES, { entities: ids.map((id) => ({ id, name: `Page ${id}`, type })) }, writer);
    const PAGE = `query ($after: String, $first: Int) { entities(filter: { types: ["${type}"] }, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    const pages: boolean[] = [];
    do {
      const response = await gql(api, PAGE, { after, first: 2 });
      const connection = response.body.data?.entities;
      expect(connection.totalCount).toBe(5);
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...connection.edges.map((e: { node: { id: string } }) => e.node.id));
      pages.push(connection.pageInfo.hasNextPage);
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(ids);
    expect(pages).toEqual([true, true, false]);

    const exact = await gql(api, PAGE, { first: 5 });
    expect(exact.body.data?.entities.pageInfo.hasNextPage).toBe(false);
    const last = exact.body.data?.entities.pageInfo.endCursor;
    const beyond = await gql(api, PAGE, { first: 2, after: last });
    expect(beyond.body.data?.entities).toMatchObject({ edges: [], pageInfo: { hasNextPage: false, startCursor: null, endCursor: null } });
    expect(codesOf(await gql(api, PAGE, { first: 0 }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await gql(api, PAGE, { first: 101 }))).toEqual(['LIMIT_EXCEEDED']);

    const byName = await gql(api, `query { entities(filter: { nameContains: "page ${P}P3" }) { edges { node { id } } } }`);
    expect(byName.body.data?.entities.edges).toEqual([{ node: { id: P + 'p3' } }]);
  });

  it('pages backwards with last/before, with correct pageInfo on both sides and at the edges', async () => {
    const type = `${TYPE}back`;
    const ids = ['b1', 'b2', 'b3', 'b4', 'b5'].map((s) => P + s);
    await gql(api, UPSERT_ENTITIES, { entities: ids.map((id) => ({ id, name: `Back ${id}`, type })) }, writer);
    const PAGE = `query ($first: Int, $after: String, $last: Int, $before: String) {
      entities(filter: { types: ["${type}"] }, first: $first, after: $after, last: $last, before: $before) {
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } }`;
    const page = async (variables: Record<string, unknown>) => {
      const response = await gql(api, PAGE, variables);
      expect(response.body.errors).toBeUndefined();
      const connection = response.body.data?.entities;
      return { ids: connection.edges.map((e: { node: { id: string } }) => e.node.id) as string[], info: connection.pageInfo, cursors: connection.edges.map((e: { cursor: string }) => e.cursor) as string[] };
    };

    // Walking backwards from the end visits every entity once, each page in id order.
    const seen: string[] = [];
    const previous: boolean[] = [];
    let before: string | null = null;
    do {
      const { ids: got, info, cursors } = await page({ last: 2, before });
      seen.unshift(...got);
      previous.push(info.hasPreviousPage);
      expect(info.hasNextPage).toBe(before !== null);
      expect([info.startCursor, info.endCursor]).toEqual([cursors[0], cursors[cursors.length - 1]]);
      before = info.hasPreviousPage ? info.startCursor : null;
    } while (before);
    expect(seen).toEqual(ids);
    expect(previous).toEqual([true, true, false]);

    // Exact page boundary: last 5 of 5 has nothing on either side.
    const all = await page({ last: 5 });
    expect(all.ids).toEqual(ids);
    expect(all.info).toMatchObject({ hasPreviousPage: false, hasNextPage: false });
    // last larger than the total: everything, nothing before.
    expect(await page({ last: 50 })).toMatchObject({ ids, info: { hasPreviousPage: false, hasNextPage: false } });
    // Before the first cursor: empty, nothing before, the rest after.
    expect(await page({ last: 2, before: all.cursors[0] })).toMatchObject({ ids: [], info: { hasPreviousPage: false, hasNextPage: true, startCursor: null, endCursor: null } });
    // Between two cursors, backwards and forwards agree.
    const between = { after: all.cursors[0], before: all.cursors[4] };
    expect(await page({ last: 2, ...between })).toMatchObject({ ids: [ids[2], ids[3]], info: { hasPreviousPage: true, hasNextPage: true } });
    expect(await page({ first: 2, ...between })).toMatchObject({ ids: [ids[1], ids[2]], info: { hasPreviousPage: true, hasNextPage: true } });
    expect(await page({ first: 3, ...between })).toMatchObject({ ids: [ids[1], ids[2], ids[3]], info: { hasPreviousPage: true, hasNextPage: true } });
    // Forwards, hasPreviousPage says whether matches lie at or before `after`, not merely that it was given.
    expect((await page({ first: 2, after: all.cursors[1] })).info).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    expect((await page({ first: 2 })).info).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    // An empty connection.
    const none = await gql(api, `{ entities(filter: { types: ["${type}none"] }, last: 3) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } } }`);
    expect(none.body.data?.entities).toEqual({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });

    // Rejections: typed, naming the argument.
    const fieldsOf = (response: Awaited<ReturnType<typeof gql>>) => response.body.errors?.map((e) => [e.extensions?.code, e.extensions?.field]);
    expect(fieldsOf(await gql(api, PAGE, { first: 2, last: 2 }))).toEqual([['BAD_USER_INPUT', 'last']]);
    expect(fieldsOf(await gql(api, PAGE, { last: 2, before: 'not-a-cursor' }))).toEqual([['BAD_USER_INPUT', 'before']]);
    expect(fieldsOf(await gql(api, PAGE, { last: 2, after: 'bm9wZQ' }))).toEqual([['BAD_USER_INPUT', 'after']]);
    expect(codesOf(await gql(api, PAGE, { last: 0 }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await gql(api, PAGE, { last: 101 }))).toEqual(['LIMIT_EXCEEDED']);
  });

  it('finds entities by name or alias prefix with fulltext search', async () => {
    await gql(api, UPSERT_ENTITIES, { entities: [entity('zq', `Zyqorvex ${P}`, { aliases: ['Quabbleflux'] })] }, writer);
    const byName = await gql(api, `{ search(text: "zyqorv", first: 5) { score entity { id } } }`);
    expect(byName.body.data?.search.map((h: { entity: { id: string } }) => h.entity.id)).toContain(P + 'zq');
    const byAlias = await gql(api, `{ search(text: "quabbleflux") { entity { id } } }`);
    expect(byAlias.body.data?.search.map((h: { entity: { id: string } }) => h.entity.id)).toContain(P + 'zq');
    // Lucene syntax in user text is escaped, not interpreted.
    expect(codesOf(await gql(api, `{ search(text: "AND OR ( * ~") { score } }`))).toEqual([]);
  });
});

describe('relations, provenance and causal queries', () => {
  const ids = { smoke: P + 'smoke', tar: P + 'tar', cancer: P + 'cancer', cough: P + 'cough', filter: P + 'filter' };
  const docA = P + 'docA';
  const docB = P + 'docB';
  const textA = 'Smoking deposits tar in the lungs. Tar causes lung cancer.';
  const textB = 'Tar in the lungs is a cause of cancer.';

  beforeAll(async () => {
    await gql(api, UPSERT_ENTITIES, {
      entities: [
        { id: ids.smoke, name: 'Smoking', type: 'Behavior' },
        { id: ids.tar, name: 'Tar', type: 'Substance' },
        { id: ids.cancer, name: 'Lung cancer', type: 'Disease', baseRate: 0.01 },
        { id: ids.cough, name: 'Cough', type: 'Symptom' },
        { id: ids.filter, name: 'Filter', type: 'Device' },
      ],
    }, writer);
    const documents = [
      { id: docA, uri: 'https://example.org/a', title: 'A', sentences: [
        { text: 'Smoking deposits tar in the lungs.', start: 0, end: 34, mentions: [{ entityId: ids.smoke, start: 0, end: 7 }, { entityId: ids.tar, start: 17, end: 20 }] },
        { text: 'Tar causes lung cancer.', start: 35, end: 58, mentions: [{ entityId: ids.tar, start: 35, end: 38 }, { entityId: ids.cancer, start: 46, end: 57 }] },
      ] },
      { id: docB, title: 'B', sentences: [{ text: textB, start: 0, end: textB.length, mentions: [{ entityId: ids.tar, start: 0, end: 3 }] }] },
    ];
    expect(textA.slice(35, 58)).toBe('Tar causes lung cancer.');
    const stored = await gql(api, UPSERT_DOCUMENTS, { documents }, writer);
    expect(stored.body.errors).toBeUndefined();
    const relations = await gql(api, UPSERT_RELATIONS, {
      relations: [
        { id: P + 'r-smoke-tar', type: 'CAUSES', from: ids.smoke, to: ids.tar, source: 'EXTRACTED', evidence: [{ sentenceId: `${docA}#s0`, confidence: 0.7 }] },
        { id: P + 'r-tar-cancer', type: 'CAUSES', from: ids.tar, to: ids.cancer, source: 'EXTRACTED', evidence: [{ sentenceId: `${docA}#s1`, confidence: 0.6 }, { sentenceId: `${docB}#s0`, confidence: 0.5 }] },
        { id: P + 'r-smoke-cancer', type: 'CAUSES', from: ids.smoke, to: ids.cancer, strength: 0.2, evidence: [{ sentenceId: `${docA}#s1`, confidence: 0.3 }] },
        { id: P + 'r-smoke-cough', type: 'CAUSES', from: ids.smoke, to: ids.cough, strength: 0.5 },
        { id: P + 'r-filter-tar', type: 'PREVENTS', from: ids.filter, to: ids.tar, strength: 0.4 },
        { id: P + 'r-conf', type: 'CONFOUNDED', from: ids.smoke, to: ids.cough },
        { id: P + 'r-assoc', type: 'CO_OCCURS_WITH', from: ids.cough, to: ids.cancer, confidence: 0.9 },
      ],
    }, writer);
    expect(relations.body.errors).toBeUndefined();
    expect(relations.body.data?.upsertRelations.created).toHaveLength(7);
  });

  it('combines several supporting sentences by noisy-OR and shows the provenance', async () => {
    const response = await gql(api, `query ($id: ID!) { relation(id: $id) {
      type strength source evidenceCount from { id } to { id }
      provenance { confidence sentence { idx text start end document { id uri } } document { title } mentions { text start end entity { id } } } } }`, { id: P + 'r-tar-cancer' });
    const relation = response.body.data?.relation;
    expect(relation).toMatchObject({ type: 'CAUSES', source: 'EXTRACTED', evidenceCount: 2, from: { id: ids.tar }, to: { id: ids.cancer } });
    expect(relation.strength).toBeCloseTo(1 - (1 - 0.6) * (1 - 0.5), 12);
    expect(relation.provenance).toHaveLength(2);
    expect(relation.provenance[0]).toMatchObject({ confidence: 0.6, sentence: { idx: 1, text: 'Tar causes lung cancer.', start: 35, end: 58, document: { id: docA, uri: 'https://example.org/a' } } });
    expect(relation.provenance[0].mentions).toEqual(expect.arrayContaining([{ text: 'lung cancer', start: 46, end: 57, entity: { id: ids.cancer } }]));
    const direct = await gql(api, `query ($id: ID!) { provenance(relationId: $id) { sentence { text } } }`, { id: P + 'r-tar-cancer' });
    expect(direct.body.data?.provenance).toHaveLength(2);
  });

  it('treats a stored document as immutable: same content is a no-op, other content a CONFLICT', async () => {
    const document = { id: docB, title: 'B', sentences: [{ text: textB, start: 0, end: textB.length, mentions: [{ entityId: ids.tar, start: 0, end: 3 }] }] };
    counting.reset();
    const same = await gql(api, UPSERT_DOCUMENTS, { documents: [document] }, writer);
    expect(same.body.data?.upsertDocuments).toMatchObject({ created: [], unchanged: [docB] });
    expect(counting.statements).not.toContain('version/bump-graph-version');
    const changed = await gql(api, UPSERT_DOCUMENTS, { documents: [{ ...document, title: 'B, revised' }] }, writer);
    expect(changed.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'documents[0].id' });
  });

  it('keeps a caller-asserted strength even with evidence', async () => {
    const response = await gql(api, `query ($id: ID!) { relation(id: $id) { strength source evidenceCount } }`, { id: P + 'r-smoke-cancer' });
    expect(response.body.data?.relation).toEqual({ strength: 0.2, source: 'ASSERTED', evidenceCount: 1 });
  });

  it('lists causes and effects strongest first, CAUSES and PREVENTS only', async () => {
    const effects = await gql(api, `query ($of: ID!) { effects(of: $of) { id type strength } }`, { of: ids.smoke });
    expect(effects.body.data?.effects.map((r: { id: string }) => r.id)).toEqual([P + 'r-smoke-tar', P + 'r-smoke-cough', P + 'r-smoke-cancer']);
    const causes = await gql(api, `query ($of: ID!) { causes(of: $of, first: 5) { id type } }`, { of: ids.tar });
    expect(causes.body.data?.causes).toEqual([{ id: P + 'r-smoke-tar', type: 'CAUSES' }, { id: P + 'r-filter-tar', type: 'PREVENTS' }]);
  });

  it('ranks causal paths by the product of strengths and bounds them', async () => {
    const response = await gql(api, `query ($from: ID!, $to: ID!) { causalPaths(from: $from, to: $to, maxDepth: 3) { strength length entities { id } relations { id } } }`, { from: ids.smoke, to: ids.cancer });
    const paths = response.body.data?.causalPaths;
    expect(paths.map((p: { relations: { id: string }[] }) => p.relations.map((r) => r.id))).toEqual([[P + 'r-smoke-tar', P + 'r-tar-cancer'], [P + 'r-smoke-cancer']]);
    expect(paths[0].strength).toBeCloseTo(0.7 * (1 - 0.4 * 0.5), 12);
    expect(paths[0].entities.map((e: { id: string }) => e.id)).toEqual([ids.smoke, ids.tar, ids.cancer]);
    const one = await gql(api, `query ($from: ID!, $to: ID!) { causalPaths(from: $from, to: $to, maxDepth: 1) { length } }`, { from: ids.smoke, to: ids.cancer });
    expect(one.body.data?.causalPaths).toEqual([{ length: 1 }]);
    expect(codesOf(await gql(api, `{ causalPaths(from: "${ids.smoke}", to: "${ids.cancer}", maxDepth: 7) { length } }`))).toEqual(['LIMIT_EXCEEDED']);
    const missing = await gql(api, `{ causalPaths(from: "${ids.smoke}", to: "${P}nobody") { length } }`);
    expect(missing.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', details: { field: 'to' } });
  });

  it('batches nested fields: one statement per field, not per entity (no N+1)', async () => {
    const query = (first: number) => `{ entities(first: ${first}, filter: { ids: ${JSON.stringify(Object.values(ids))} }) { edges { node {
      name relations { type to { name } provenance { sentence { text document { title } } } }
      mentions { text sentence { idx } } } } } }`;
    counting.reset();
    const large = await gql(api, query(5));
    expect(large.body.errors).toBeUndefined();
    expect(large.body.data?.entities.edges).toHaveLength(5);
    // entities, relations, their endpoints, provenance, documents, mentions, sentences: one
    // statement each, whatever the page size — each named statement runs exactly once.
    expect(counting.statements.length).toBeGreaterThanOrEqual(6);
    expect(counting.statements.length).toBeLessThanOrEqual(7);
    expect(new Set(counting.statements).size).toBe(counting.statements.length);
    expect(counting.statements).toEqual(expect.arrayContaining(['entities/list-entities', 'relations/list-entity-relations-out', 'provenance/read-relation-provenance']));
  });

  it('answers `entity` by id and `causalPaths` in one Cypher round trip', async () => {
    counting.reset();
    await gql(api, `{ entity(id: "${ids.smoke}") { id name type baseRate } }`);
    expect(counting.statements).toEqual(['entities/read-entities-by-id']);
    counting.reset();
    await gql(api, `{ causalPaths(from: "${ids.smoke}", to: "${ids.cancer}") { strength entities { name } relations { strength from { id } } } }`);
    expect(counting.statements).toHaveLength(1);
  });
});

describe('rejections write nothing', () => {
  const good = entity('ok', 'Fine');
  const cases: [string, Record<string, unknown>, string][] = [
    ['base rate above 1', entity('bad', 'Bad', { baseRate: 1.5 }), 'entities[1].baseRate'],
    ['malformed id', { ...entity('x', 'Bad'), id: 'has space' }, 'entities[1].id'],
    ['over-long name', entity('long', 'n'.repeat(201)), 'entities[1].name'],
    ['type that is not an identifier', { ...entity('t', 'Bad'), type: 'Not a type' }, 'entities[1].type'],
    ['CPT row not summing to 1', entity('cpt2', 'Bad', { states: ['a', 'b'], cpt: [[0.5, 0.6]] }), 'entities[1].cpt[0]'],
  ];
  it.each(cases)('entities: %s', async (_what, bad, field) => {
    const okId = `${P}ok-${field.replace(/\W/g, '')}`;
    const response = await gql(api, UPSERT_ENTITIES, { entities: [{ ...good, id: okId }, bad] }, writer);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await count('MATCH (e:Entity {id: $id}) RETURN count(e) AS n', { id: okId })).toBe(0);
  });

  it.each([
    ['unknown entity', { type: 'CAUSES', from: 'known', to: `${P}ghost`, strength: 0.5 }, 'relations[1].to'],
    ['CAUSES self-loop', { type: 'CAUSES', from: 'known', to: 'known', strength: 0.5 }, 'relations[1].to'],
    ['PREVENTS self-loop', { type: 'PREVENTS', from: 'known', to: 'known', strength: 0.5 }, 'relations[1].to'],
    ['strength above 1', { type: 'CAUSES', from: 'known', to: 'other', strength: 1.01 }, 'relations[1].strength'],
    ['negative strength', { type: 'CAUSES', from: 'known', to: 'other', strength: -0.1 }, 'relations[1].strength'],
    ['type that is not an identifier', { type: 'causes`) DETACH DELETE (n', from: 'known', to: 'other', strength: 0.5 }, 'relations[1].type'],
    ['lower-case type', { type: 'causes', from: 'known', to: 'other', strength: 0.5 }, 'relations[1].type'],
    ['CAUSES without strength or evidence', { type: 'CAUSES', from: 'known', to: 'other' }, 'relations[1].strength'],
    ['unknown sentence', { type: 'CAUSES', from: 'known', to: 'other', source: 'EXTRACTED', evidence: [{ sentenceId: `${P}nope#s0`, confidence: 0.5 }] }, 'relations[1].evidence[0].sentenceId'],
  ])('relations: %s', async (_what, shape, field) => {
    const known = `${P}known`;
    const other = `${P}other`;
    await gql(api, UPSERT_ENTITIES, { entities: [entity('known', 'Known'), entity('other', 'Other')] }, writer);
    const okId = `${P}rok-${field.replace(/\W/g, '')}-${String(_what).replace(/\W/g, '')}`;
    const bad = { id: `${P}rbad`, ...shape, from: shape.from === 'known' ? known : shape.from, to: shape.to === 'known' ? known : shape.to === 'other' ? other : shape.to };
    const response = await gql(api, UPSERT_RELATIONS, { relations: [{ id: okId, type: 'CAUSES', from: known, to: other, strength: 0.5 }, bad] }, writer);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await count('MATCH (k:Assertion {id: $id}) RETURN count(k) AS n', { id: okId })).toBe(0);
    expect(await count('MATCH (:Entity {id: $from})-[r]->() WHERE r.id = $id RETURN count(r) AS n', { from: known, id: okId })).toBe(0);
  });

  it('an id cannot change its endpoints: CONFLICT', async () => {
    await gql(api, UPSERT_ENTITIES, { entities: [entity('c1', 'C1'), entity('c2', 'C2'), entity('c3', 'C3')] }, writer);
    await gql(api, UPSERT_RELATIONS, { relations: [{ id: P + 'rc', type: 'CAUSES', from: P + 'c1', to: P + 'c2', strength: 0.5 }] }, writer);
    const moved = await gql(api, UPSERT_RELATIONS, { relations: [{ id: P + 'rc', type: 'CAUSES', from: P + 'c1', to: P + 'c3', strength: 0.5 }] }, writer);
    expect(moved.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'relations[0].id' });
  });
});

describe('concurrency', () => {
  it('concurrent upserts of the same ids leave one node and one relationship per id', async () => {
    const ids = [P + 'cc1', P + 'cc2'];
    const entities = ids.map((id, i) => ({ id, name: `Concurrent ${i}`, type: TYPE }));
    const relation = { id: P + 'rcc', type: 'CAUSES', from: ids[0], to: ids[1], strength: 0.3 };
    const results = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const e = await gql(api, UPSERT_ENTITIES, { entities }, writer);
        const r = await gql(api, UPSERT_RELATIONS, { relations: [relation] }, writer);
        return [e, r];
      }),
    );
    for (const [e, r] of results) {
      expect(e!.body.errors).toBeUndefined();
      expect(r!.body.errors).toBeUndefined();
    }
    for (const id of ids) expect(await count('MATCH (e:Entity {id: $id}) RETURN count(e) AS n', { id })).toBe(1);
    expect(await count('MATCH ()-[r:CAUSES]->() WHERE r.id = $id RETURN count(r) AS n', { id: relation.id })).toBe(1);
    expect(await count('MATCH (k:Assertion {id: $id}) RETURN count(k) AS n', { id: relation.id })).toBe(1);
    const created = results.flatMap(([e]) => e!.body.data?.upsertEntities.created as string[]);
    expect(created.sort()).toEqual([...ids].sort());
  });
});

describe('deletion, retraction and merging', () => {
  it('retractDocument removes what only that document supported and keeps the rest', async () => {
    const [a, b, c] = ['ra', 'rb', 'rc'].map((s) => P + s);
    await gql(api, UPSERT_ENTITIES, { entities: [entity('ra', 'RA'), entity('rb', 'RB'), entity('rc', 'RC')] }, writer);
    const doc = (id: string, text: string) => ({ id, sentences: [{ text, start: 0, end: text.length }] });
    await gql(api, UPSERT_DOCUMENTS, { documents: [doc(P + 'd1', 'RA causes RB.'), doc(P + 'd2', 'RA leads to RB.')] }, writer);
    await gql(api, UPSERT_RELATIONS, {
      relations: [
        { id: P + 'both', type: 'CAUSES', from: a, to: b, source: 'EXTRACTED', evidence: [{ sentenceId: `${P}d1#s0`, confidence: 0.8 }, { sentenceId: `${P}d2#s0`, confidence: 0.4 }] },
        { id: P + 'only1', type: 'CAUSES', from: b, to: c, source: 'EXTRACTED', evidence: [{ sentenceId: `${P}d1#s0`, confidence: 0.6 }] },
        { id: P + 'asserted', type: 'CAUSES', from: a, to: c, strength: 0.35, evidence: [{ sentenceId: `${P}d1#s0`, confidence: 0.9 }] },
      ],
    }, writer);
    expect(codesOf(await gql(api, `mutation { retractDocument(id: "${P}d1") { id } }`, {}, writer))).toEqual(['FORBIDDEN']);
    const retracted = await gql(api, `mutation { retractDocument(id: "${P}d1") { deletedRelations updatedRelations graphVersion } }`, {}, admin);
    expect(retracted.body.data?.retractDocument.deletedRelations).toEqual([P + 'only1']);
    expect([...retracted.body.data?.retractDocument.updatedRelations].sort()).toEqual([P + 'asserted', P + 'both'].sort());
    const after = await gql(api, `{ both: relation(id: "${P}both") { strength evidenceCount provenance { sentence { text } } }
      only1: relation(id: "${P}only1") { id } asserted: relation(id: "${P}asserted") { strength evidenceCount }
      d2: document(id: "${P}d2") { sentences { text } } d1: document(id: "${P}d1") { id } }`);
    expect(after.body.data).toEqual({
      both: { strength: 0.4, evidenceCount: 1, provenance: [{ sentence: { text: 'RA leads to RB.' } }] },
      only1: null,
      asserted: { strength: 0.35, evidenceCount: 0 },
      d2: { sentences: [{ text: 'RA leads to RB.' }] },
      d1: null,
    });
    expect(codesOf(await gql(api, `mutation { retractDocument(id: "${P}d1") { id } }`, {}, admin))).toEqual(['NOT_FOUND']);
  });

  it('mergeEntities moves relations, aliases and mentions and drops would-be self-loops', async () => {
    await gql(api, UPSERT_ENTITIES, { entities: [entity('keep', 'Myocardial infarction', { aliases: ['MI'] }), entity('drop', 'Heart attack', { aliases: ['cardiac arrest?'] }), entity('ht', 'Hypertension')] }, writer);
    const text = 'Hypertension raises heart attack risk.';
    await gql(api, UPSERT_DOCUMENTS, { documents: [{ id: P + 'dm', sentences: [{ text, start: 0, end: text.length, mentions: [{ entityId: P + 'drop', start: 20, end: 32 }] }] }] }, writer);
    await gql(api, UPSERT_RELATIONS, {
      relations: [
        { id: P + 'm1', type: 'CAUSES', from: P + 'ht', to: P + 'drop', source: 'EXTRACTED', evidence: [{ sentenceId: `${P}dm#s0`, confidence: 0.7 }] },
        { id: P + 'm2', type: 'CAUSES', from: P + 'keep', to: P + 'drop', strength: 0.1 },
      ],
    }, writer);
    const merged = await gql(api, `mutation { mergeEntities(keep: "${P}keep", drop: "${P}drop") { entity { aliases mentions { text } } movedRelations deletedRelations } }`, {}, admin);
    expect(merged.body.errors).toBeUndefined();
    expect(merged.body.data?.mergeEntities).toEqual({
      entity: { aliases: ['MI', 'Heart attack', 'cardiac arrest?'], mentions: [{ text: 'heart attack' }] },
      movedRelations: [P + 'm1'],
      deletedRelations: [P + 'm2'],
    });
    const moved = await gql(api, `{ relation(id: "${P}m1") { to { id } strength provenance { sentence { text } } } drop: entity(id: "${P}drop") { id } }`);
    expect(moved.body.data).toEqual({ relation: { to: { id: P + 'keep' }, strength: 0.7, provenance: [{ sentence: { text } }] }, drop: null });
  });

  it('deleteEntity removes its relations; deleteRelation removes one; unknown ids are NOT_FOUND', async () => {
    await gql(api, UPSERT_ENTITIES, { entities: [entity('de1', 'D1'), entity('de2', 'D2')] }, writer);
    await gql(api, UPSERT_RELATIONS, { relations: [{ id: P + 'rd1', type: 'CAUSES', from: P + 'de1', to: P + 'de2', strength: 0.5 }, { id: P + 'rd2', type: 'RELATED_TO', from: P + 'de2', to: P + 'de1' }] }, writer);
    const one = await gql(api, `mutation { deleteRelation(id: "${P}rd2") { id } }`, {}, admin);
    expect(one.body.data?.deleteRelation).toEqual({ id: P + 'rd2' });
    const gone = await gql(api, `mutation { deleteEntity(id: "${P}de1") { deletedRelations } }`, {}, admin);
    expect(gone.body.data?.deleteEntity.deletedRelations).toEqual([P + 'rd1']);
    expect((await gql(api, `{ relation(id: "${P}rd1") { id } }`)).body.data?.relation).toBeNull();
    expect(codesOf(await gql(api, `mutation { deleteEntity(id: "${P}de1") { id } }`, {}, admin))).toEqual(['NOT_FOUND']);
    expect(codesOf(await gql(api, `mutation { deleteRelation(id: "${P}rd2") { id } }`, {}, admin))).toEqual(['NOT_FOUND']);
  });
});

describe('auth and timeouts against the real graph', () => {
  it('a reader key reads but cannot write; off loopback an anonymous caller cannot read', async () => {
    const remote = testApi(graph.client, { host: '0.0.0.0' });
    expect(codesOf(await gql(remote, `{ entity(id: "${P}a") { id } }`))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await gql(remote, `{ entity(id: "${P}a") { id } }`, {}, { 'x-api-key': READER_KEY }))).toEqual([]);
    const denied = await gql(remote, UPSERT_ENTITIES, { entities: [entity('denied', 'Denied')] }, { 'x-api-key': READER_KEY });
    expect(codesOf(denied)).toEqual(['FORBIDDEN']);
    expect(await count('MATCH (e:Entity {id: $id}) RETURN count(e) AS n', { id: P + 'denied' })).toBe(0);
  });

  it('cancels the Neo4j transaction when the operation runs out of time: TIMEOUT', async () => {
    const slow = testApi(graph.client, { limits: { operationTimeoutMs: 1 } });
    await new Promise((r) => setTimeout(r, 5));
    const response = await gql(slow, `{ entities(first: 100) { edges { node { id } } } }`);
    expect(codesOf(response)).toContain('TIMEOUT');
  });
});
