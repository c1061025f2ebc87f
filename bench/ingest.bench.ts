/**
 * Ingestion throughput, on a Neo4j of its own (or NEO4J_URI). Structured rows:
 * n entities and n CAUSES relations between them, batch 500, written by
 *   (a) ours, end to end: JSONL text → parse → validate → check references →
 *       batched upserts through the knowledge-graph services (one statement a
 *       batch: change detection, assertion node, graph-version bump), two
 *       batches in flight (one runs while the other commits), as `causeway
 *       ingest` does;
 *   (a′) the same, one batch at a time (for reference, no goal);
 *   (b) the raw driver, `UNWIND $rows MERGE …` on the same rows and batch size,
 *       setting the same properties (entities by id; relationships by id
 *       between matched endpoints) — the issue's reference;
 *   (b′) the raw driver writing also what the services add for correctness:
 *       an (:Assertion) node per relation (its id key) and a version bump per
 *       batch (shown for reference, no goal);
 *   (c) the raw driver, one transaction per row (the same statements with one
 *       row each, on INGEST_BENCH_PER_ROW rows, half entities, half relations).
 * Rounds are interleaved — a, a′, b, b′, c in one round, the order reversed in
 * the next — on the same Neo4j with the data deleted before every measured
 * write, so load drifts hit every path alike; the table gives medians, and
 * the goals are judged on the median of the per-round ratios.
 * Goals (issue 9): (a) ≥ 80% of (b); (a) ≥ 100× (c).
 * Then text: sentences/s of extraction into records (src/ingest/import/textRecords),
 * and the same plus embedding every distinct mention with the in-process ONNX encoder.
 *
 *   npm run bench ingest
 *   INGEST_BENCH_ROWS=10000     entities, and as many relations (default 10000)
 *   INGEST_BENCH_ROUNDS=5       interleaved rounds (default 5)
 *   INGEST_BENCH_PER_ROW=400    rows per round for (c) (default 400; ~10 s a round on a quiet disk)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import neo4j, { type Session } from 'neo4j-driver';
import { loadConfig } from '../src/config';
import { migrate, openGraph, startLocalNeo4j, type LocalServer } from '../src/graph';
import { importSources, textRecords } from '../src/ingest';
import { createKnowledgeGraph } from '../src/services/kg';

const ROWS = Number(process.env.INGEST_BENCH_ROWS ?? 10_000);
const ROUNDS = Number(process.env.INGEST_BENCH_ROUNDS ?? 5);
const PER_ROW = Number(process.env.INGEST_BENCH_PER_ROW ?? 400);
const BATCH = 500;
const ASSERTED_BY = 'bench';
const SEMEVAL = resolve(__dirname, '../../shared/datasets/semeval2010_task8/TRAIN_FILE.TXT');

type Path = 'ours' | 'oursSeq' | 'raw' | 'shaped' | 'perRow';
const LABELS: Record<Path, string> = {
  ours: '(a) ours, end to end (parse, validate, check, services), 2 batches in flight',
  oursSeq: '(a′) ours, end to end, one batch at a time',
  raw: '(b) raw driver UNWIND MERGE, same properties',
  shaped: "(b′) raw driver UNWIND MERGE + assertion node + version bump",
  perRow: '(c) raw driver, one transaction per row',
};

/** n entities and n CAUSES relations between them (i → i+1 mod n: no self-loops), as the JSONL lines give them. */
function rows(n: number) {
  const entities = Array.from({ length: n }, (_, i) => ({ id: `b:e${i}`, name: `Entity ${i}`, type: 'Thing', baseRate: 0.01 }));
  const relations = Array.from({ length: n }, (_, i) => ({ id: `b:r${i}`, type: 'CAUSES', from: `b:e${i}`, to: `b:e${(i + 1) % n}`, strength: 0.5 }));
  return { entities, relations };
}

// The properties the services store for these rows: entities get aliases [] on create and
// createdAt/updatedAt/assertedBy; relations source, evidenceCount and the same three.
const RAW_ENTITIES = `UNWIND $rows AS row
MERGE (e:Entity {id: row.id}) ON CREATE SET e.createdAt = $now, e.aliases = []
SET e.name = row.name, e.type = row.type, e.baseRate = row.baseRate, e.updatedAt = $now, e.assertedBy = $by`;
const RAW_RELATIONS = `UNWIND $rows AS row
MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to})
MERGE (a)-[r:CAUSES {id: row.id}]->(b) ON CREATE SET r.createdAt = $now
SET r.strength = row.strength, r.source = 'asserted', r.evidenceCount = 0.0, r.updatedAt = $now, r.assertedBy = $by`;
const RAW_RELATIONS_SHAPED = `UNWIND $rows AS row
MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to})
MERGE (k:Assertion {id: row.id}) ON CREATE SET k.type = 'CAUSES', k.from = row.from, k.to = row.to
MERGE (a)-[r:CAUSES {id: row.id}]->(b) ON CREATE SET r.createdAt = $now
SET r.strength = row.strength, r.source = 'asserted', r.evidenceCount = 0.0, r.updatedAt = $now, r.assertedBy = $by`;
const BUMP = `MERGE (v:GraphVersion {id: 'graph'}) ON CREATE SET v.version = 0 SET v.version = v.version + 1`;
const CLEAR = `MATCH (n) WHERE n:Entity OR n:Assertion CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`;

async function main(): Promise<void> {
  let server: LocalServer | undefined;
  let dir: string | undefined;
  let uri = process.env.NEO4J_URI;
  if (!uri) {
    dir = mkdtempSync(join(tmpdir(), 'causeway-ingest-bench-'));
    server = await startLocalNeo4j({ port: 19000 + Math.floor(Math.random() * 1000), dataDir: join(dir, 'neo4j'), pageCacheBytes: 256 * 1024 ** 2, heapBytes: 1024 ** 3 });
    uri = server.uri;
  }
  const graph = await openGraph(loadConfig({ ...process.env, NEO4J_URI: uri }));
  const driver = neo4j.driver(uri, process.env.NEO4J_URI ? neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? '') : undefined);
  const session = driver.session();
  try {
    await migrate(graph.client, join(__dirname, '..', 'migrations'));
    const kg = createKnowledgeGraph(graph.client);
    const { entities, relations } = rows(ROWS);
    const jsonl = [...entities.map((e) => ({ kind: 'entity', ...e })), ...relations.map((r) => ({ kind: 'relation', ...r }))].map((r) => JSON.stringify(r)).join('\n');
    const sample = rows(PER_ROW / 2);

    const measure: Record<Path, () => Promise<number>> = {
      ours: () => ours(2),
      oursSeq: () => ours(1),
      raw: () => unwind(session, entities, relations, false),
      shaped: () => unwind(session, entities, relations, true),
      async perRow() {
        const now = new Date().toISOString();
        const started = process.hrtime.bigint();
        for (const row of sample.entities) await session.executeWrite((tx) => tx.run(RAW_ENTITIES, { rows: [row], now, by: ASSERTED_BY }));
        for (const row of sample.relations) await session.executeWrite((tx) => tx.run(RAW_RELATIONS, { rows: [row], now, by: ASSERTED_BY }));
        return PER_ROW / elapsed(started);
      },
    };
    async function ours(inFlight: number) {
      const started = process.hrtime.bigint();
      const summary = await importSources(kg, [{ name: 'bench.jsonl', content: jsonl, format: 'jsonl' }], { assertedBy: ASSERTED_BY, batchSize: BATCH, inFlight });
      const seconds = elapsed(started);
      if (summary.errors.length > 0) throw new Error(JSON.stringify(summary.errors.slice(0, 3)));
      if (summary.entities.created + summary.relations.created !== 2 * ROWS) throw new Error(`ours wrote ${summary.entities.created} + ${summary.relations.created} rows`);
      return (2 * ROWS) / seconds;
    }

    // Warm-up (JIT, page cache, query plans), not measured.
    for (const path of ['ours', 'oursSeq', 'raw', 'shaped'] as const) {
      await session.run(CLEAR);
      await measure[path]();
    }
    const rates: Record<Path, number[]> = { ours: [], oursSeq: [], raw: [], shaped: [], perRow: [] };
    const load: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order: Path[] = round % 2 === 0 ? ['ours', 'oursSeq', 'raw', 'shaped', 'perRow'] : ['perRow', 'shaped', 'raw', 'oursSeq', 'ours'];
      for (const path of order) {
        await session.run(CLEAR);
        rates[path].push(await measure[path]());
      }
      load.push(loadavg()[0]!);
      process.stderr.write(`round ${round + 1}/${ROUNDS}: ${(Object.keys(rates) as Path[]).map((p) => `${p} ${Math.round(rates[p][round]!)}`).join(', ')} rows/s, load ${load[round]!.toFixed(1)}\n`);
    }

    const ratio = (a: Path, b: Path) => median(rates[a].map((r, i) => r / rates[b][i]!));
    console.log(`\nstructured ingest, ${ROWS} entities + ${ROWS} CAUSES relations, batch ${BATCH}; ${ROUNDS} interleaved rounds, data deleted before each; Neo4j ${(await graph.client.serverInfo()).version}`);
    console.log(`load average during the rounds (1 min): ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on ${cpus().length} CPUs`);
    console.log('| path | rows a round | median rows/s | min | max |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const path of Object.keys(LABELS) as Path[]) {
      const r = rates[path];
      console.log(`| ${LABELS[path]} | ${path === 'perRow' ? PER_ROW : 2 * ROWS} | ${Math.round(median(r))} | ${Math.round(Math.min(...r))} | ${Math.round(Math.max(...r))} |`);
    }
    const vsRaw = ratio('ours', 'raw');
    const vsRow = ratio('ours', 'perRow');
    console.log('\n| goal | median of per-round ratios | verdict |');
    console.log('| --- | ---: | --- |');
    console.log(`| (a) / (b) ≥ 80% | ${(vsRaw * 100).toFixed(0)}% | ${vsRaw >= 0.8 ? 'goal met' : 'NOT met'} |`);
    console.log(`| (a) / (c) ≥ 100× | ${vsRow.toFixed(0)}× | ${vsRow >= 100 ? 'goal met' : 'NOT met'} |`);
    console.log(`| (a′) / (b), for reference | ${(ratio('oursSeq', 'raw') * 100).toFixed(0)}% | — |`);
    console.log(`| (a′) / (b′), for reference | ${(ratio('oursSeq', 'shaped') * 100).toFixed(0)}% | — |`);
    await textThroughput();
  } finally {
    await session.close();
    await driver.close();
    await graph.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Rows/s of the raw driver's batched UNWIND MERGE: entities, then relations, BATCH rows a transaction. */
async function unwind(session: Session, entities: unknown[], relations: unknown[], shaped: boolean): Promise<number> {
  const now = new Date().toISOString();
  const started = process.hrtime.bigint();
  const batch = (cypher: string, rows: unknown[]) =>
    session.executeWrite(async (tx) => {
      await tx.run(cypher, { rows, now, by: ASSERTED_BY });
      if (shaped) await tx.run(BUMP);
    });
  for (let i = 0; i < entities.length; i += BATCH) await batch(RAW_ENTITIES, entities.slice(i, i + BATCH));
  for (let i = 0; i < relations.length; i += BATCH) await batch(shaped ? RAW_RELATIONS_SHAPED : RAW_RELATIONS, relations.slice(i, i + BATCH));
  return (entities.length + relations.length) / elapsed(started);
}

const elapsed = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
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
