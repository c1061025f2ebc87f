/**
 * Ingestion throughput, on a Neo4j of its own (or NEO4J_URI):
 *   (a) structured ingest end to end — JSONL text → parse → validate → check
 *       references → batched upserts through the knowledge-graph services
 *       (entities, then CAUSES relations), rows/s;
 *   (b) the raw driver on the same rows and batch size: `UNWIND $rows MERGE …`
 *       (entities by id, relationships by id between matched endpoints);
 *   (b′) the raw driver writing the shape the services store: an (:Assertion) node
 *       per relation (its id key and lock) and a graph-version bump per batch;
 *   (c) the raw driver, one transaction per row (on a sample);
 *   (d) text: sentences/s of extraction into records (src/ingest/import/textRecords),
 *       and the same plus embedding every mention with the in-process ONNX encoder
 *       (what grounding adds; the grounding resolver itself is not wired yet).
 * Goals (issue 9): (a) ≥ 80% of (b); (a) ≥ 100× (c).
 *
 *   npm run bench ingest        (INGEST_BENCH_ROWS=10000 by default: entities, and as many relations)
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import neo4j from 'neo4j-driver';
import { loadConfig } from '../src/config';
import { migrate, openGraph, startLocalNeo4j, type LocalServer } from '../src/graph';
import { importSources, textRecords } from '../src/ingest';
import { createKnowledgeGraph } from '../src/services/kg';

const ROWS = Number(process.env.INGEST_BENCH_ROWS ?? 10_000);
const BATCH = 500;
const PER_ROW_SAMPLE = Math.min(500, ROWS);
const SEMEVAL = resolve(__dirname, '../../shared/datasets/semeval2010_task8/TRAIN_FILE.TXT');

/** n entities and n CAUSES relations between them (i → i+1 mod n: no self-loops). */
function rows(prefix: string, n = ROWS) {
  const entities = Array.from({ length: n }, (_, i) => ({ id: `${prefix}:e${i}`, name: `Entity ${i}`, type: 'Thing', baseRate: 0.01 }));
  const relations = Array.from({ length: n }, (_, i) => ({ id: `${prefix}:r${i}`, type: 'CAUSES', from: `${prefix}:e${i}`, to: `${prefix}:e${(i + 1) % n}`, strength: 0.5 }));
  return { entities, relations };
}

const RAW_ENTITIES = `UNWIND $rows AS row
MERGE (e:Entity {id: row.id}) ON CREATE SET e.createdAt = $now
SET e.name = row.name, e.type = row.type, e.baseRate = row.baseRate, e.updatedAt = $now, e.assertedBy = 'bench'`;
const RAW_RELATIONS = `UNWIND $rows AS row
MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to})
MERGE (a)-[r:CAUSES {id: row.id}]->(b) ON CREATE SET r.createdAt = $now
SET r.strength = row.strength, r.source = 'asserted', r.evidenceCount = 0, r.updatedAt = $now, r.assertedBy = 'bench'`;
const RAW_RELATIONS_SHAPED = `UNWIND $rows AS row
MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to})
MERGE (k:Assertion {id: row.id}) ON CREATE SET k.type = 'CAUSES', k.from = row.from, k.to = row.to
MERGE (a)-[r:CAUSES {id: row.id}]->(b) ON CREATE SET r.createdAt = $now
SET r.strength = row.strength, r.source = 'asserted', r.evidenceCount = 0, r.updatedAt = $now, r.assertedBy = 'bench'`;
const BUMP = `MERGE (v:GraphVersion {id: 'graph'}) ON CREATE SET v.version = 0 SET v.version = v.version + 1`;

async function main(): Promise<void> {
  let server: LocalServer | undefined;
  let uri = process.env.NEO4J_URI;
  if (!uri) {
    server = await startLocalNeo4j({ port: 19000 + Math.floor(Math.random() * 1000), dataDir: join(mkdtempSync(join(tmpdir(), 'ingest-bench-')), 'neo4j'), pageCacheBytes: 256 * 1024 ** 2, heapBytes: 1024 ** 3 });
    uri = server.uri;
  }
  const graph = await openGraph(loadConfig({ ...process.env, NEO4J_URI: uri }));
  const driver = neo4j.driver(uri, process.env.NEO4J_URI ? neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? '') : undefined);
  try {
    await migrate(graph.client, join(__dirname, '..', 'migrations'));
    const kg = createKnowledgeGraph(graph.client);
    const now = new Date().toISOString();
    const results: { name: string; rows: number; seconds: number }[] = [];

    // Warm-up: the JIT, the page cache and the query plans, on rows of their own.
    await endToEnd('warm', Math.min(ROWS, 2000));
    await raw('warmraw', true);

    results.push(await endToEnd('svc', ROWS));
    results.push(await raw('raw', false));
    results.push(await raw('shaped', true));
    results.push(await perRow('row'));

    const [svc, rawRate, shapedRate, rowRate] = results.map((r) => r.rows / r.seconds) as [number, number, number, number];
    console.log(`\nstructured ingest, ${ROWS} entities + ${ROWS} CAUSES relations, batch ${BATCH}, Neo4j ${(await graph.client.serverInfo()).version}`);
    console.log('| path | rows | seconds | rows/s |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const r of results) console.log(`| ${label(r.name)} | ${r.rows} | ${r.seconds.toFixed(2)} | ${Math.round(r.rows / r.seconds)} |`);
    console.log(`\nend to end / raw UNWIND: ${((svc / rawRate) * 100).toFixed(0)}% (goal ≥ 80%)`);
    console.log(`end to end / raw UNWIND writing the services' shape: ${((svc / shapedRate) * 100).toFixed(0)}%`);
    console.log(`end to end / one transaction per row: ${(svc / rowRate).toFixed(0)}× (goal ≥ 100×)`);
    await textThroughput();

    async function endToEnd(prefix: string, n: number) {
      const { entities, relations } = rows(prefix, n);
      const jsonl = [...entities.map((e) => ({ kind: 'entity', ...e })), ...relations.map((r) => ({ kind: 'relation', ...r }))].map((r) => JSON.stringify(r)).join('\n');
      const started = process.hrtime.bigint();
      const summary = await importSources(kg, [{ name: `${prefix}.jsonl`, content: jsonl, format: 'jsonl' }], { assertedBy: 'bench', batchSize: BATCH });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (summary.errors.length > 0) throw new Error(JSON.stringify(summary.errors.slice(0, 3)));
      return { name: prefix, rows: summary.entities.created + summary.relations.created, seconds };
    }

    async function raw(prefix: string, shaped: boolean) {
      const { entities, relations } = rows(prefix);
      const session = driver.session();
      const started = process.hrtime.bigint();
      const batch = async (cypher: string, rows: unknown[]) =>
        session.executeWrite(async (tx) => {
          await tx.run(cypher, { rows, now });
          if (shaped) await tx.run(BUMP);
        });
      try {
        for (let i = 0; i < entities.length; i += BATCH) await batch(RAW_ENTITIES, entities.slice(i, i + BATCH));
        for (let i = 0; i < relations.length; i += BATCH) await batch(shaped ? RAW_RELATIONS_SHAPED : RAW_RELATIONS, relations.slice(i, i + BATCH));
      } finally {
        await session.close();
      }
      return { name: prefix, rows: entities.length + relations.length, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
    }

    async function perRow(prefix: string) {
      const { entities } = rows(prefix);
      const sample = entities.slice(0, PER_ROW_SAMPLE);
      const session = driver.session();
      const started = process.hrtime.bigint();
      try {
        for (const row of sample) await session.executeWrite((tx) => tx.run(RAW_ENTITIES, { rows: [row], now }));
      } finally {
        await session.close();
      }
      return { name: prefix, rows: sample.length, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
    }
  } finally {
    await driver.close();
    await graph.close();
    await server?.stop();
  }
}

function label(name: string): string {
  return {
    svc: '(a) end to end (parse, validate, check, services)',
    raw: '(b) raw driver UNWIND MERGE',
    shaped: "(b′) raw driver UNWIND MERGE, the services' stored shape",
    row: '(c) raw driver, one transaction per row',
  }[name] ?? name;
}

async function textThroughput(): Promise<void> {
  const sentences = existsSync(SEMEVAL)
    ? [...readFileSync(SEMEVAL, 'utf8').matchAll(/^\d+\t"(.*)"\s*$/gm)].map((m) => m[1]!.replace(/<\/?e[12]>/g, ''))
    : Array.from({ length: 8000 }, (_, k) => `Chronic stress ${k % 50} may lead to insomnia ${k % 17} in older patients.`);
  // Documents of 100 sentences, as a job would read them.
  const documents: string[] = [];
  for (let i = 0; i < sentences.length; i += 100) documents.push(sentences.slice(i, i + 100).join(' '));
  textRecords(documents[0]!, 'warm', 'txt');
  let started = process.hrtime.bigint();
  const mentions: string[] = [];
  documents.forEach((doc, i) => {
    for (const r of textRecords(doc, `bench:${i}`, 'txt').records) if (r.kind === 'entity') mentions.push(r.value.name);
  });
  const plain = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`\ntext (${existsSync(SEMEVAL) ? 'SemEval-2010 Task 8 train' : 'generated'}, ${sentences.length} sentences in documents of 100)`);
  console.log('| path | sentences/s |');
  console.log('| --- | ---: |');
  console.log(`| extraction → records, names grounded by normalised name | ${Math.round(sentences.length / plain)} |`);
  try {
    const { createEmbeddingClient, loadEmbeddingConfig } = await import('../src/grounding');
    const client = await createEmbeddingClient(loadEmbeddingConfig());
    await client.embed(mentions.slice(0, 64));
    started = process.hrtime.bigint();
    const unique = [...new Set(mentions)];
    await client.embed(unique);
    const embedding = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`| … plus embedding each distinct mention (${unique.length}) in process | ${Math.round(sentences.length / (plain + embedding))} |`);
    await client.close();
  } catch (error) {
    console.log(`| … plus embedding mentions | unavailable: ${(error as Error).message.split('\n')[0]} |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
