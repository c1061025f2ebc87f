import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, type GraphClient, type GraphTransaction, type LocalServer, type OpenGraph, type Params, type Row, type TransactionOptions } from '../../../src/graph';
import { currentVersion, importGraph, parseExport, type ExportRecord } from '../../../src/services/kg';
import { CountingGraphClient } from '../../helpers/CountingGraphClient';
import { connect, startFreshNeo4j } from '../../helpers/freshNeo4j';
import { REPO_ROOT, runCli } from '../../helpers/runCli';
import { clearData } from '../../helpers/testGraph';

/**
 * `causeway import` is all or nothing: a bad line anywhere, or a write that
 * fails part-way, leaves the database exactly as it was. Import only goes
 * into an empty graph, so this file has a Neo4j of its own.
 */
let server: LocalServer;
let graph: OpenGraph;
let env: NodeJS.ProcessEnv;
let dir: string;

beforeAll(async () => {
  server = await startFreshNeo4j();
  graph = await connect(server);
  await migrate(graph.client, join(REPO_ROOT, 'migrations'));
  env = { NEO4J_URI: server.uri, NEO4J_USER: 'neo4j', NEO4J_PASSWORD: '' };
  dir = mkdtempSync(join(tmpdir(), 'causeway-import-'));
}, 180_000);

afterAll(async () => {
  await graph?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Not quite empty: a graph version of its own, which a failed import must leave as it was.
beforeEach(async () => {
  await clearData(graph);
  await graph.client.writeQuery('version/set-graph-version', { version: 7 });
});

const now = '2026-11-29T10:00:00.000Z';
const entity = (id: string) => ({ kind: 'entity', id, props: { id, name: id, type: 'Thing', aliases: [], createdAt: now, updatedAt: now, assertedBy: 'test' } });
const relation = (id: string, type: string, from: string, to: string, supports: { sentenceId: string; confidence: number }[] = []) => ({
  kind: 'relation',
  id,
  type,
  from,
  to,
  props: { id, strength: 0.5, source: 'asserted', evidenceCount: 0, createdAt: now, updatedAt: now, assertedBy: 'test' },
  supports,
});

/** A small export: entities, a document with sentences and a mention, relations of two types with a support. */
function exportLines(): object[] {
  return [
    { kind: 'header', format: 'causeway-graph', formatVersion: 1, graphVersion: 42, exportedAt: now },
    entity('a'),
    entity('b'),
    entity('c'),
    {
      kind: 'document',
      id: 'doc',
      props: { id: 'doc', uri: 'urn:doc', createdAt: now, assertedBy: 'test' },
      sentences: [
        { id: 'doc#s0', idx: 0, text: 'A causes B.', start: 0, end: 11 },
        { id: 'doc#s1', idx: 1, text: 'B relates to C.', start: 12, end: 27 },
      ],
      mentions: [{ sentenceId: 'doc#s0', entityId: 'a', props: { id: 'doc#m0-1', start: 0, end: 1, text: 'A' } }],
    },
    relation('a-causes-b', 'CAUSES', 'a', 'b', [{ sentenceId: 'doc#s0', confidence: 0.7 }]),
    relation('b-causes-c', 'CAUSES', 'b', 'c'),
    relation('b-related-c', 'RELATED_TO', 'b', 'c', [{ sentenceId: 'doc#s1', confidence: 0.6 }]),
  ];
}

const write = (name: string, lines: object[]) => {
  const file = join(dir, name);
  writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
  return file;
};

/** Everything but the migration bookkeeping: every node with its labels and properties, every relationship. */
async function snapshot(): Promise<Row[]> {
  return graph.client.runAutoCommit(
    `MATCH (n) WHERE NOT n:__Neo4jMigration AND NOT n:__Neo4jMigrationsLock
     OPTIONAL MATCH (n)-[r]->(m)
     WITH n, collect(type(r) + '>' + coalesce(m.id, '')) AS out
     RETURN labels(n) AS labels, properties(n) AS props, out ORDER BY n.id, labels(n)[0]`,
  );
}

async function nodes(): Promise<number> {
  const [row] = await graph.client.runAutoCommit('MATCH (n) WHERE NOT n:__Neo4jMigration AND NOT n:__Neo4jMigrationsLock RETURN count(n) AS n');
  return Number(row!.n);
}

/**
 * The real graph, with one injected failure: the `occurrence`-th write that
 * runs a statement matching `statement` fails — a write transaction throws
 * after running it (so it rolls back), a one-statement write before it.
 */
class FailingGraphClient extends CountingGraphClient {
  failed = false;
  private seen = 0;

  constructor(
    inner: GraphClient,
    private readonly statement: RegExp,
    private readonly occurrence = 1,
  ) {
    super(inner);
  }

  private due(names: string[]): boolean {
    if (this.failed || !names.some((name) => this.statement.test(name))) return false;
    this.seen += 1;
    this.failed = this.seen === this.occurrence;
    return this.failed;
  }

  override write<T>(work: (tx: GraphTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return super.write(async (tx) => {
      const from = this.statements.length;
      const result = await work(tx);
      if (this.due(this.statements.slice(from))) throw new Error('injected write failure');
      return result;
    }, options);
  }

  override writeQuery(name: string, params?: Params, options?: TransactionOptions): Promise<Row[]> {
    if (this.due([name])) return Promise.reject(new Error('injected write failure'));
    return super.writeQuery(name, params, options);
  }
}

it('imports the small export whole (the fixture is valid)', async () => {
  const run = await runCli(['import', write('good.jsonl', exportLines())], { env });
  expect(run.stderr).not.toContain('INTERNAL');
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({ entities: 3, documents: 1, relations: 3, graphVersion: 42 });
  // 3 entities, 3 assertions, a document, 2 sentences, a mention, the version node.
  expect(await nodes()).toBe(11);
  expect(await currentVersion(graph.client)).toBe(42);
}, 60_000);

it.each([
  ['a relation to an entity the file lacks', (lines: object[]) => [...lines, relation('c-causes-z', 'CAUSES', 'c', 'z')], 'line 9.to'],
  ['a support naming an unknown sentence', (lines: object[]) => [...lines, relation('c-causes-a', 'CAUSES', 'c', 'a', [{ sentenceId: 'doc#s9', confidence: 0.5 }])], 'line 9.supports[0].sentenceId'],
  ['an id given twice', (lines: object[]) => [...lines, relation('b-causes-c', 'CAUSES', 'b', 'c')], 'line 9.id'],
  ['a line that is not JSON', (lines: object[]) => [...lines, 'not json'], 'line 9'],
])('a late bad line (%s) is refused before anything is written', async (_, spoil, field) => {
  const lines = spoil(exportLines()).map((line) => (typeof line === 'string' ? line : JSON.stringify(line)));
  const file = join(dir, 'late-bad.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  const before = await snapshot();
  const run = await runCli(['import', file], { env });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`BAD_USER_INPUT (${field})`);
  expect(await snapshot()).toEqual(before);
}, 60_000);

it.each([
  ['the documents batch', /import-documents/, 1],
  // Relation batches run the rendered template, whose first line is its comment; CAUSES goes first.
  ['the second relation type, after the first was written', /Rendered per relationship type/, 2],
  ['the version, after everything else was written', /set-graph-version/, 1],
])('a write failing in %s leaves the database as it was, and the import can run again', async (_, statement, occurrence) => {
  const version = await currentVersion(graph.client);
  const before = await snapshot();
  const records: ExportRecord[] = parseExport(exportLines().map((line) => JSON.stringify(line)));
  const failing = new FailingGraphClient(graph.client, statement, occurrence);

  await expect(importGraph(failing, records)).rejects.toThrow('injected write failure');
  expect(failing.failed).toBe(true);
  // Something had been written before the failure, and was removed again.
  expect(failing.statements).toContain('export/import-entities');
  expect(failing.statements).toContain('export/remove-imported');
  expect(await snapshot()).toEqual(before);
  expect(version).toBe(7);
  expect(await currentVersion(graph.client)).toBe(version);

  expect(await importGraph(graph.client, records)).toEqual({ entities: 3, documents: 1, relations: 3, graphVersion: 42 });
  expect(await nodes()).toBe(11);
}, 60_000);
