import { createHmac } from 'node:crypto';
import { RecordingGraphClient } from '../../helpers/RecordingGraphClient';
import { ADMIN_KEY, codesOf, gql, JWT_SECRET, READER_KEY, testApi, WRITER_KEY } from '../../helpers/apiHarness';

/** A graph that knows its version and nothing else; enough to exercise the HTTP and auth layers. */
function versionGraph(version = 7) {
  return new RecordingGraphClient({
    'version/read-graph-version': () => [{ graphVersion: version }],
    'version/bump-graph-version': () => [{ graphVersion: version + 1 }],
    'relations/delete-relations': (params) => (params.ids as string[]).map((id) => ({ id })),
  });
}

function hs256(payload: object, secret = JWT_SECRET): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ iat: Math.floor(Date.now() / 1000), ...payload })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

describe('createApi', () => {
  it('answers the public health query with the Neo4j server and the migration version', async () => {
    const api = testApi(versionGraph(), { host: '0.0.0.0' });
    const response = await gql(api, '{ health { status neo4jVersion neo4jEdition migrationVersion apiVersion } }');
    expect(response.status).toBe(200);
    expect(response.body.data?.health).toEqual({
      status: 'ok',
      neo4jVersion: '5.26.30',
      neo4jEdition: 'community',
      migrationVersion: '003',
      apiVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });

  it('serves /healthz, and /readyz only when migrations are applied', async () => {
    const ready = testApi(versionGraph());
    expect((await ready.fetch('http://127.0.0.1/healthz')).status).toBe(200);
    const readyz = await ready.fetch('http://127.0.0.1/readyz');
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toMatchObject({ status: 'ready', migrationVersion: '003', neo4j: { edition: 'community' } });

    const pending = testApi(versionGraph(), { migrationVersion: async () => null });
    expect((await pending.fetch('http://127.0.0.1/readyz')).status).toBe(503);
    const down = testApi(versionGraph(), { migrationVersion: async () => Promise.reject(new Error('connection refused')) });
    const downz = await down.fetch('http://127.0.0.1/readyz');
    expect(downz.status).toBe(503);
    expect(await downz.json()).toMatchObject({ status: 'unavailable' });
  });

  it('echoes a caller request id and makes one up otherwise', async () => {
    const api = testApi(versionGraph());
    const given = await gql(api, '{ graphVersion }', {}, { 'x-request-id': 'abc-123' });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await gql(api, '{ graphVersion }');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports the graph version read in extensions', async () => {
    const response = await gql(testApi(versionGraph(42)), '{ graphVersion }');
    expect(response.body).toEqual({ data: { graphVersion: 42 }, extensions: { graphVersion: 42 } });
  });

  it('exposes Prometheus metrics', async () => {
    const api = testApi(versionGraph());
    await gql(api, '{ graphVersion }');
    const text = await (await api.fetch('http://127.0.0.1/metrics')).text();
    expect(text).toContain('causeway_graphql_operations_total{outcome="ok"} 1');
    expect(text).toContain('causeway_http_request_duration_seconds_bucket');
  });

  it('serves GraphiQL with every asset inlined: no script or stylesheet from another host', async () => {
    const response = await testApi(versionGraph()).fetch('http://127.0.0.1/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Causeway GraphiQL');
    expect(html).toContain('causalPaths(from: \\"smoking\\"');
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/);
  });
});

describe('auth matrix', () => {
  const read = '{ graphVersion }';
  const write = 'mutation { deleteRelation(id: "r1") { id graphVersion } }';
  const cases: [string, Record<string, string>, string, string | null, string | null][] = [
    // who, headers, host, code for a read, code for an admin mutation
    ['anonymous on loopback', {}, '127.0.0.1', null, 'UNAUTHENTICATED'],
    ['anonymous elsewhere', {}, '0.0.0.0', 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
    ['reader key', { 'x-api-key': READER_KEY }, '0.0.0.0', null, 'FORBIDDEN'],
    ['writer key', { 'x-api-key': WRITER_KEY }, '0.0.0.0', null, 'FORBIDDEN'],
    ['admin key', { 'x-api-key': ADMIN_KEY }, '0.0.0.0', null, null],
    ['unknown key', { 'x-api-key': 'not-a-key-0123456789' }, '127.0.0.1', 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
    ['reader JWT', { authorization: `Bearer ${hs256({ sub: 'ann', role: 'reader' })}` }, '0.0.0.0', null, 'FORBIDDEN'],
    ['admin JWT (roles claim)', { authorization: `Bearer ${hs256({ sub: 'bob', roles: ['reader', 'admin'] })}` }, '0.0.0.0', null, null],
    ['JWT without a role', { authorization: `Bearer ${hs256({ sub: 'eve' })}` }, '0.0.0.0', 'FORBIDDEN', 'FORBIDDEN'],
    ['JWT signed with another secret', { authorization: `Bearer ${hs256({ sub: 'eve', role: 'admin' }, 'x'.repeat(40))}` }, '127.0.0.1', 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
  ];

  it.each(cases)('%s', async (_who, headers, host, readCode, writeCode) => {
    const graph = versionGraph();
    const api = testApi(graph, { host });
    const r = await gql(api, read, {}, headers);
    expect(codesOf(r)).toEqual(readCode ? [readCode] : []);
    const w = await gql(api, write, {}, headers);
    expect(codesOf(w)).toEqual(writeCode ? [writeCode] : []);
    const wrote = graph.seen.some((q) => q.mode === 'write');
    expect(wrote).toBe(writeCode === null);
  });

  it('keeps health public everywhere', async () => {
    const response = await gql(testApi(versionGraph(), { host: '0.0.0.0' }), '{ health { status } }');
    expect(response.body.errors).toBeUndefined();
  });

  it('lets configuration open anonymous reads off loopback, or close them on it', async () => {
    expect(codesOf(await gql(testApi(versionGraph(), { host: '0.0.0.0', anonymousReads: 'true' }), read))).toEqual([]);
    expect(codesOf(await gql(testApi(versionGraph(), { host: '127.0.0.1', anonymousReads: 'false' }), read))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('errors and limits', () => {
  it('masks an internal error and logs it with the request id', async () => {
    const graph = new RecordingGraphClient({
      'version/read-graph-version': () => {
        throw new Error('secret connection string bolt://admin:hunter2@db');
      },
    });
    const response = await gql(testApi(graph), '{ graphVersion }', {}, { 'x-request-id': 'req-9' });
    expect(response.body.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('req-9'), extensions: { code: 'INTERNAL', requestId: 'req-9' } }),
    ]);
    expect(JSON.stringify(response.body)).not.toContain('hunter2');
  });

  it('rejects too many aliases, too deep a query and too large a page with LIMIT_EXCEEDED', async () => {
    const api = testApi(versionGraph());
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: graphVersion`).join(' ')} }`;
    expect(codesOf(await gql(api, aliases))).toEqual(['LIMIT_EXCEEDED']);
    const deep = '{ entity(id: "a") { relations { from { relations { from { relations { from { relations { from { relations { from { id } } } } } } } } } } } }';
    expect(codesOf(await gql(api, deep))).toEqual(['LIMIT_EXCEEDED']);
    const page = await gql(api, '{ entities(first: 101) { edges { cursor } } }');
    expect(page.body.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', field: 'first' });
  });

  it('rejects a cursor it did not issue with BAD_USER_INPUT naming `after`', async () => {
    const response = await gql(testApi(versionGraph()), '{ entities(after: "garbage") { edges { cursor } } }');
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
