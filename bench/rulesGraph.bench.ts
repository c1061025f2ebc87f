/**
 * Rule engine II benchmark (issue 7): `npm run bench rulesGraph`.
 * One Neo4j (started here on a free port and a temp dir), the graphs of the
 * rule-engine benchmark stored as relationships, scaled down for a small
 * shared machine (RULES_GRAPH_CHAIN, default 300 nodes; RULES_GRAPH_DAG,
 * default 1000:3000 = nodes:edges, the same 3 edges per node as 20k/60k):
 *   (a) Causeway's materialisation of the closure end to end (read base
 *       facts, evaluate, derivation records, batched writes);
 *   (b) the same closure by Cypher `MATCH (a)-[:R*]->(b) MERGE (a)-[:TC]->(b)`
 *       under a cap (RULES_GRAPH_CYPHER_CAP_MS, default 120 s);
 *   (c) one inserted edge, then one deleted edge: incremental maintenance vs
 *       the full materialisation of (a);
 *   and derived-fact write rate vs a raw UNWIND CREATE of as many relationships.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { migrate, openGraph, startLocalNeo4j, type GraphClient } from '../src/graph';
import { RuleService } from '../src/services/rules';

const CHAIN = Number(process.env.RULES_GRAPH_CHAIN ?? 300);
const [DAG_NODES, DAG_EDGES] = (process.env.RULES_GRAPH_DAG ?? '1000:3000').split(':').map(Number);
const CYPHER_CAP_MS = Number(process.env.RULES_GRAPH_CYPHER_CAP_MS ?? 120_000);

function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dagEdges(n: number, m: number): Array<[number, number]> {
  const next = random(20240601);
  const seen = new Set<number>();
  const edges: Array<[number, number]> = [];
  while (edges.length < m) {
    const i = Math.floor(next() * n);
    const j = Math.floor(next() * n);
    if (i === j) continue;
    const [lo, hi] = i < j ? [i, j] : [j, i];
    if (seen.has(lo * n + hi)) continue;
    seen.add(lo * n + hi);
    edges.push([lo, hi]);
  }
  return edges;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** Entities and edges written raw (UNWIND), each case under its own id prefix and relationship type. */
async function load(graph: GraphClient, tag: string, nodes: number, edges: Array<[number, number]>): Promise<void> {
  const ids = Array.from({ length: nodes }, (_, i) => ({ id: `${tag}-${i}`, name: `${tag} ${i}` }));
  for (let s = 0; s < ids.length; s += 10_000) {
    await graph.write((tx) => tx.runText("UNWIND $rows AS row CREATE (:Entity {id: row.id, name: row.name, type: 'Node', createdAt: '2026-01-01T00:00:00Z', assertedBy: 'bench'})", { rows: ids.slice(s, s + 10_000) }));
  }
  await addEdges(graph, tag, edges);
}

async function addEdges(graph: GraphClient, tag: string, edges: Array<[number, number]>): Promise<void> {
  const rows = edges.map(([a, b]) => ({ id: `${tag}-e${a}-${b}`, from: `${tag}-${a}`, to: `${tag}-${b}` }));
  for (let s = 0; s < rows.length; s += 10_000) {
    await graph.write(async (tx) => {
      await tx.runText(`UNWIND $rows AS row MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to}) CREATE (a)-[:R_${tag.toUpperCase()} {id: row.id, assertedBy: 'bench', createdAt: '2026-01-01T00:00:00Z'}]->(b)`, { rows: rows.slice(s, s + 10_000) });
      await tx.run('version/bump-graph-version');
    });
  }
}

async function deleteEdge(graph: GraphClient, tag: string, [a, b]: [number, number]): Promise<void> {
  await graph.write(async (tx) => {
    await tx.runText(`MATCH (:Entity {id: $from})-[r:R_${tag.toUpperCase()}]->(:Entity {id: $to}) DELETE r`, { from: `${tag}-${a}`, to: `${tag}-${b}` });
    await tx.run('version/bump-graph-version');
  });
}

interface Row {
  case: string;
  derived: number;
  endToEnd: number;
  phases: string;
  cypher: string;
  insert: number;
  remove: number;
  full: number;
}

async function runCase(graph: GraphClient, rules: RuleService, tag: string, title: string, nodes: number, edges: Array<[number, number]>, insert: [number, number], remove: [number, number]): Promise<Row> {
  await load(graph, tag, nodes, edges);
  const e = `r_${tag}`;
  const name = `bench-${tag}`;
  await rules.define(name, `path(X, Y) :- ${e}(X, Y).\npath(X, Z) :- path(X, Y), ${e}(Y, Z).`, 'bench');
  const full = await timed(() => rules.materialize(name));
  const r = full.value;
  process.stderr.write(`${title}: materialised ${r.derivedFacts} facts in ${full.ms.toFixed(0)} ms ${JSON.stringify(r.milliseconds)}\n`);

  // (b) the closure by Cypher variable-length matching, capped by a transaction timeout.
  const T = tag.toUpperCase();
  const cypher = await timed(async () => {
    try {
      const rows = await graph.write((tx) => tx.runText(`MATCH (a:Entity)-[:R_${T}*]->(b:Entity) MERGE (a)-[:TC_${T}]->(b) RETURN count(*) AS paths`), { timeoutMs: CYPHER_CAP_MS });
      return `${Number(rows[0]?.paths)} paths`;
    } catch (error) {
      return `stopped at the cap (${(error as Error).message.split('\n')[0].slice(0, 60)})`;
    }
  });
  process.stderr.write(`${title}: Cypher ${cypher.value} in ${cypher.ms.toFixed(0)} ms\n`);

  // (c) one edge in, then one edge out, maintained incrementally.
  await addEdges(graph, tag, [insert]);
  const inserted = await timed(() => rules.materialize(name));
  await deleteEdge(graph, tag, remove);
  const removed = await timed(() => rules.materialize(name));
  process.stderr.write(`${title}: +1 edge ${inserted.ms.toFixed(0)} ms ${JSON.stringify(inserted.value)}\n${title}: -1 edge ${removed.ms.toFixed(0)} ms ${JSON.stringify(removed.value)}\n`);
  return {
    case: title,
    derived: r.derivedFacts,
    endToEnd: full.ms,
    phases: `read ${r.milliseconds.read} / eval ${r.milliseconds.evaluate} / derive ${r.milliseconds.derive} / write ${r.milliseconds.write}`,
    cypher: `${(cypher.ms / 1000).toFixed(1)} s (${cypher.value})`,
    insert: inserted.ms,
    remove: removed.ms,
    full: full.ms,
    writeRate: (r.written / r.milliseconds.write) * 1000,
  } as Row & { writeRate: number };
}

/** The raw rate: as many relationships by UNWIND CREATE, batches of 10,000, id only. */
async function rawWriteRate(graph: GraphClient, tag: string, count: number, nodes: number): Promise<number> {
  const rows = Array.from({ length: count }, (_, k) => ({ id: `${tag}-raw${k}`, from: `${tag}-${k % nodes}`, to: `${tag}-${(k * 7 + 1) % nodes}` }));
  const { ms } = await timed(async () => {
    for (let s = 0; s < rows.length; s += 10_000) {
      await graph.write((tx) => tx.runText('UNWIND $rows AS row MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to}) CREATE (a)-[r:RAW_WRITE]->(b) SET r = {id: row.id}', { rows: rows.slice(s, s + 10_000) }));
    }
  });
  return (count / ms) * 1000;
}

/** The same raw write, each relationship carrying the properties of a stored derived fact (its derivation record). */
async function rawCopyRate(graph: GraphClient, count: number): Promise<number> {
  const rows = await graph.read((tx) => tx.runText(`MATCH (a)-[r:PATH]->(b) RETURN a.id AS from, b.id AS to, r {.*} AS props LIMIT ${Math.trunc(count)}`));
  const copies = rows.map((row, k) => ({ from: row.from, to: row.to, props: { ...(row.props as object), id: `copy-${k}` } }));
  const { ms } = await timed(async () => {
    for (let s = 0; s < copies.length; s += 10_000) {
      await graph.write((tx) => tx.runText('UNWIND $rows AS row MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to}) CREATE (a)-[r:RAW_COPY]->(b) SET r = row.props', { rows: copies.slice(s, s + 10_000) }));
    }
  });
  return (copies.length / ms) * 1000;
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'causeway-bench-rulesgraph-'));
  const server = await startLocalNeo4j({ port: await freePort(), dataDir: join(home, 'neo4j'), pageCacheBytes: 256 * 1024 ** 2, heapBytes: 1024 * 1024 ** 2, log: () => undefined });
  process.env.NEO4J_URI = server.uri;
  process.env.NEO4J_USER = 'neo4j';
  process.env.NEO4J_PASSWORD = '';
  const opened = await openGraph(loadConfig());
  try {
    await migrate(opened.client, join(__dirname, '..', 'migrations'));
    const rules = new RuleService(opened.client);
    const chainEdges = Array.from({ length: CHAIN - 1 }, (_, i) => [i, i + 1] as [number, number]);
    const dag = dagEdges(DAG_NODES, DAG_EDGES);
    // Warm-up (not reported): a fresh JVM's first large writes run several times slower
    // (measured: the same DAG wrote at 2.8k facts/s first and 3.7k/s second; the chain 1.2k/s first, 8.8k/s second).
    const warm = dagEdges(300, 900);
    await load(opened.client, 'warm', 300, warm);
    await rules.define('bench-warm', 'path(X, Y) :- r_warm(X, Y).\npath(X, Z) :- path(X, Y), r_warm(Y, Z).', 'bench');
    await rules.materialize('bench-warm');
    await rawWriteRate(opened.client, 'warm', 20_000, 300);
    const rows = [
      // Chain: a new last edge from the end to an extra node, then that edge removed again.
      await runCase(opened.client, rules, 'chain', `(a) chain of ${CHAIN}`, CHAIN + 1, chainEdges, [CHAIN - 1, CHAIN], [CHAIN - 1, CHAIN]),
      // DAG: a new source node with an edge into node 0 (new facts: node 0's descendants), then one existing edge removed.
      await runCase(opened.client, rules, 'dag', `(b) random DAG ${DAG_NODES}/${DAG_EDGES}`, DAG_NODES + 1, dag, [DAG_NODES, 0], dag[Math.floor(dag.length / 2)]),
    ] as Array<Row & { writeRate: number }>;
    const raw = await rawWriteRate(opened.client, 'chain', Math.min(50_000, rows[0].derived), CHAIN);
    const rawWithRecords = await rawCopyRate(opened.client, 20_000);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`\n| case | derived facts | Causeway end to end | phases (ms) | Cypher *-closure | +1 edge (incr.) | −1 edge (incr.) | full ÷ +1 | full ÷ −1 | derived writes/s |`);
    console.log('| --- | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) {
      console.log(`| ${r.case} | ${r.derived} | ${s(r.endToEnd)} | ${r.phases} | ${r.cypher} | ${s(r.insert)} | ${s(r.remove)} | ${(r.full / r.insert).toFixed(1)}× | ${(r.full / r.remove).toFixed(1)}× | ${r.writeRate.toFixed(0)} |`);
    }
    console.log(`\nraw UNWIND CREATE (id only, batches of 10,000): ${raw.toFixed(0)} relationships/s; derived writes at ${rows.map((r) => `${((r.writeRate / raw) * 100).toFixed(0)}%`).join(' / ')} of it`);
    console.log(`raw UNWIND CREATE carrying the same properties as stored derived facts (derivation records copied): ${rawWithRecords.toFixed(0)} relationships/s; derived writes at ${rows.map((r) => `${((r.writeRate / rawWithRecords) * 100).toFixed(0)}%`).join(' / ')} of it`);
  } finally {
    await opened.close();
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
