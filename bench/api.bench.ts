/**
 * API benchmark (issue 3): `npm run bench api`.
 *
 * autocannon on loopback against
 *   - bare graphql-yoga serving `{ hello }` (the baseline),
 *   - the full Causeway stack (API-key auth, graphql-armor limits, metrics,
 *     request ids, error handling) on the trivial `{ __typename }`,
 *   - `entity(id)`, `entities(first: 50)` and `causalPaths(maxDepth: 4)` over
 *     a generated graph of 100k entities and ~300k CAUSES relations in a
 *     fresh local Neo4j.
 * Prints req/s, p50/p99 latency, the ratio to bare yoga, and the Cypher
 * statements per operation (counted by wrapping the GraphClient).
 * BENCH_SECONDS (default 10) and BENCH_CONNECTIONS (default 10) tune a run.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { createSchema, createYoga } from 'graphql-yoga';
import pino from 'pino';
import { createApi } from '../src/api';
import { loadConfig } from '../src/config';
import { migrate, openGraph, startLocalNeo4j } from '../src/graph';
import { CountingGraphClient } from '../test/helpers/CountingGraphClient';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = 5;
const ENTITIES = 100_000;
const RELATIONS = 300_000;
const KEY = 'bench-reader-key-0123456789';

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  statementsPerOp: number | null;
}

/** Request-weighted means of the slices' rates and latencies (p99: the worst slice). */
function combine(slices: Row[]): Row {
  const total = slices.reduce((sum, s) => sum + s.rps, 0);
  return {
    name: `${slices[0]!.name} (${slices.length} alternating slices)`,
    rps: total / slices.length,
    p50: Math.round(slices.reduce((sum, s) => sum + s.p50 * s.rps, 0) / total),
    p99: Math.max(...slices.map((s) => s.p99)),
    errors: slices.reduce((sum, s) => sum + s.errors, 0),
    statementsPerOp: slices[0]!.statementsPerOp === null ? null : slices.reduce((sum, s) => sum + s.statementsPerOp! * s.rps, 0) / total,
  };
}

async function load(name: string, url: string, query: string, counter?: CountingGraphClient, seconds = SECONDS): Promise<Row> {
  counter?.reset();
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json', 'x-api-key': KEY },
    body: JSON.stringify({ query }),
  });
  const ok = result['2xx'];
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    statementsPerOp: counter ? counter.statements.length / Math.max(1, ok) : null,
  };
}

/** Server-side generation in batches: a DAG (edges go to higher ids) so causal paths are finite. */
async function generateGraph(client: CountingGraphClient): Promise<{ entities: number; relations: number }> {
  const now = new Date().toISOString();
  await client.runAutoCommit(
    `UNWIND range(0, toInteger($n) - 1) AS i
     CALL { WITH i
       CREATE (:Entity {id: 'e' + i, name: 'Entity ' + i, type: 'Bench', aliases: [], baseRate: 0.01,
                        createdAt: $now, updatedAt: $now, assertedBy: 'bench'}) } IN TRANSACTIONS OF 20000 ROWS`,
    { n: ENTITIES, now },
  );
  await client.runAutoCommit(
    // Parameters arrive as floats from JS: ids must be built from integers ('e' + 5, not 'e' + 5.0).
    `UNWIND range(0, toInteger($m) - 1) AS i
     CALL { WITH i
       WITH i, i % toInteger($n) AS f, (i % toInteger($n)) + 1 + toInteger(rand() * 40) AS t
       WHERE t < toInteger($n)
       MATCH (a:Entity {id: 'e' + f}), (b:Entity {id: 'e' + t})
       CREATE (k:Assertion {id: 'r' + i, type: 'CAUSES', from: a.id, to: b.id})
       CREATE (a)-[:CAUSES {id: 'r' + i, strength: 0.1 + rand() * 0.8, source: 'asserted', evidenceCount: 0,
                            createdAt: $now, updatedAt: $now, assertedBy: 'bench'}]->(b) } IN TRANSACTIONS OF 20000 ROWS`,
    { n: ENTITIES, m: RELATIONS, now },
  );
  const [counts] = await client.runAutoCommit('MATCH (e:Entity) WITH count(e) AS entities MATCH ()-[r:CAUSES]->() RETURN entities, count(r) AS relations');
  return { entities: Number(counts!.entities), relations: Number(counts!.relations) };
}

/** A source/target pair joined by paths of length 4 (and maybe shorter ones). */
async function pathPair(client: CountingGraphClient): Promise<{ from: string; to: string; paths: number }> {
  const [row] = await client.runAutoCommit(
    `MATCH p = (a:Entity {id: 'e1000'})-[:CAUSES*4]->(b) WITH b, count(p) AS paths ORDER BY paths DESC LIMIT 1
     RETURN 'e1000' AS from, b.id AS to, paths`,
  );
  return { from: String(row!.from), to: String(row!.to), paths: Number(row!.paths) };
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'causeway-bench-api-'));
  process.stderr.write('starting Neo4j…\n');
  const neo4j = await startLocalNeo4j({ port: 17000 + Math.floor(Math.random() * 2000), dataDir: join(home, 'neo4j'), pageCacheBytes: 512 * 1024 ** 2, heapBytes: 1024 ** 3 });
  const config = loadConfig({ ...process.env, NEO4J_URI: neo4j.uri, CAUSEWAY_API_KEYS: `bench:reader:${KEY}`, LOG_LEVEL: 'silent' });
  const graph = await openGraph(config);
  const counter = new CountingGraphClient(graph.client);
  const servers: Server[] = [];
  try {
    await migrate(graph.client, join(__dirname, '..', 'migrations'));
    process.stderr.write('generating the graph…\n');
    const started = Date.now();
    const size = await generateGraph(counter);
    process.stderr.write(`generated ${size.entities} entities, ${size.relations} relations in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    const pair = await pathPair(counter);

    const bare = await listen(createYoga({ schema: createSchema({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } }), logging: false }));
    const full = await listen(createApi({ graph: counter, config, logger: pino({ level: 'silent' }), migrationVersion: async () => '003' }));
    servers.push(bare.server, full.server);

    // Bare and full alternate in short slices, so load from elsewhere on the machine hits both alike.
    const bareSlices: Row[] = [];
    const fullSlices: Row[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      bareSlices.push(await load('bare yoga: { hello }', bare.url, '{ hello }', undefined, SECONDS / ROUNDS));
      fullSlices.push(await load('full stack: { __typename }', full.url, '{ __typename }', counter, SECONDS / ROUNDS));
    }
    const rows: Row[] = [combine(bareSlices), combine(fullSlices)];
    rows.push(await load('entity(id)', full.url, '{ entity(id: "e4242") { id name type baseRate aliases updatedAt } }', counter));
    rows.push(await load('entities(first: 50)', full.url, '{ entities(first: 50, after: "ZW50aXR5OmU1MDAwMA") { pageInfo { hasNextPage endCursor } edges { node { id name type } } } }', counter));
    rows.push(
      await load(
        `causalPaths depth 4 (${pair.paths} paths of 4)`,
        full.url,
        `{ causalPaths(from: "${pair.from}", to: "${pair.to}", maxDepth: 4, first: 10) { strength length entities { id } } }`,
        counter,
      ),
    );

    const baseline = rows[0]!.rps;
    process.stdout.write(
      `\n${size.entities} entities, ${size.relations} CAUSES relations; ${CONNECTIONS} connections, ${SECONDS} s per row; Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs\n\n`,
    );
    process.stdout.write('| operation | req/s | p50 ms | p99 ms | vs bare yoga | Cypher statements/op | errors |\n|---|---:|---:|---:|---:|---:|---:|\n');
    for (const row of rows) {
      const ratio = `${((row.rps / baseline) * 100).toFixed(0)}%`;
      const statements = row.statementsPerOp === null ? '–' : row.statementsPerOp.toFixed(2);
      process.stdout.write(`| ${row.name} | ${row.rps.toFixed(0)} | ${row.p50} | ${row.p99} | ${ratio} | ${statements} | ${row.errors} |\n`);
    }
    const trivial = rows[1]!.rps / baseline;
    process.stdout.write(`\nfull stack on the trivial query: ${(trivial * 100).toFixed(0)}% of bare yoga (goal ≥ 80%)\n`);
  } finally {
    for (const server of servers) server.close();
    await graph.close();
    await neo4j.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
