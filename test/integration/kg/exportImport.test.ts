import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, type LocalServer, type OpenGraph } from '../../../src/graph';
import { loadDemoGraphIfEmpty } from '../../../src/services/demo';
import { createKnowledgeGraph, exportGraph, type ExportRecord } from '../../../src/services/kg';
import { connect, startFreshNeo4j } from '../../helpers/freshNeo4j';
import { REPO_ROOT, runCli } from '../../helpers/runCli';
import { clearData } from '../../helpers/testGraph';

/**
 * Needs a graph of its own (import only goes into an empty one, and the
 * comparison needs nothing else writing): a fresh Neo4j for this file.
 */
let server: LocalServer;
let graph: OpenGraph;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await startFreshNeo4j();
  graph = await connect(server);
  await migrate(graph.client, join(REPO_ROOT, 'migrations'));
  env = { NEO4J_URI: server.uri, NEO4J_USER: 'neo4j', NEO4J_PASSWORD: '' };
}, 180_000);

afterAll(async () => {
  await graph?.close();
  await server?.stop();
});

async function exported(): Promise<ExportRecord[]> {
  const records: ExportRecord[] = [];
  for await (const record of exportGraph(graph.client)) records.push(record);
  return records;
}

const withoutExportTime = (records: ExportRecord[]) => records.map((r) => (r.kind === 'header' ? { ...r, exportedAt: 'x' } : r));

it('loads the demo graph on an empty database only', async () => {
  const report = await loadDemoGraphIfEmpty(graph.client);
  expect(report).toMatchObject({ loaded: true });
  expect(report.entities).toBeGreaterThanOrEqual(24);
  expect(report.relations).toBeGreaterThanOrEqual(30);
  expect(await loadDemoGraphIfEmpty(graph.client)).toMatchObject({ loaded: false });
  const kg = createKnowledgeGraph(graph.client);
  const paths = await kg.relations.causalPaths('smoking', 'myocardial_infarction', 4, 5);
  expect(paths.value.length).toBeGreaterThan(0);
  const supports = await kg.provenance.supportsOf(['atherosclerosis-causes-myocardial_infarction']);
  expect(supports.value[0]).toHaveLength(2);
});

it('round-trips the whole graph through export and import, losslessly', async () => {
  // Values JSON cannot type on its own (1 vs 1.0), a merged entity and a retracted-free extra document.
  const kg = createKnowledgeGraph(graph.client);
  await kg.entities.upsert([{ id: 'certain', name: 'Certain event', type: 'Event', baseRate: 1 }], { assertedBy: 'test' });
  await kg.relations.upsert([{ id: 'certain-causes-stroke', type: 'CAUSES', from: 'certain', to: 'stroke', strength: 1 }], { assertedBy: 'test' });
  await kg.relations.upsert([{ id: 'smoking-related-stress', type: 'RELATED_TO', from: 'smoking', to: 'stress' }], { assertedBy: 'key:ops' });

  const dir = mkdtempSync(join(tmpdir(), 'causeway-export-'));
  const file = join(dir, 'graph.jsonl');
  const exportRun = await runCli(['export', '--out', file], { env });
  expect(exportRun.stderr).not.toContain('INTERNAL');
  expect(exportRun.code).toBe(0);
  expect(JSON.parse(exportRun.stdout)).toMatchObject({ entities: 31, documents: 1, relations: 46 });
  const before = withoutExportTime(readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as ExportRecord));
  expect(before).toEqual(withoutExportTime(await exported()));

  const refused = await runCli(['import', file], { env });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('CONFLICT');

  await clearData(graph);
  const importRun = await runCli(['import', file], { env });
  expect(importRun.code).toBe(0);
  expect(JSON.parse(importRun.stdout)).toMatchObject({ entities: 31, documents: 1, relations: 46 });

  expect(withoutExportTime(await exported())).toEqual(before);
  const types = await graph.client.runAutoCommit(
    "MATCH (e:Entity {id: 'certain'})-[r:CAUSES]->() RETURN valueType(e.baseRate) AS baseRate, valueType(r.strength) AS strength, valueType(r.evidenceCount) AS evidenceCount",
  );
  expect(types).toEqual([{ baseRate: 'FLOAT NOT NULL', strength: 'FLOAT NOT NULL', evidenceCount: 'INTEGER NOT NULL' }]);
}, 120_000);

it('rejects a file that is not an export, naming the line, and writes nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-export-'));
  const file = join(dir, 'bad.jsonl');
  writeFileSync(file, '{"kind":"header","format":"causeway-graph","formatVersion":1,"graphVersion":1}\n{"kind":"entity","id":"bad id"}\n');
  await clearData(graph);
  const run = await runCli(['import', file], { env });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('BAD_USER_INPUT (line 2.id)');
  expect(await graph.client.runAutoCommit('MATCH (e:Entity) RETURN count(e) AS n')).toEqual([{ n: 0 }]);
});
