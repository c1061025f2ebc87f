/**
 * Rule engine II benchmark (issue 7): `npm run bench rulesGraph`.
 * One Neo4j (started here on a free port and a temp dir), the graphs of the
 * rule-engine benchmark stored as relationships. The default run is scaled
 * down for a small shared machine (a few minutes): a chain of 300 nodes and a
 * random DAG of 3000 nodes / 9000 edges (3 edges per node, as 20k/60k), plus
 * a chain of diamonds (not from Rule engine I) whose paths, unlike its
 * pairs, double with each diamond: where variable-length matching, which
 * enumerates paths, does not finish.
 *   (a) Causeway's materialisation of the closure end to end (read base
 *       facts, evaluate, derivation records, batched writes) vs the same
 *       closure by Cypher `MATCH (a)-[:R*]->(b) MERGE (a)-[:TC]->(b)` under a cap;
 *   (b) one inserted edge, then one deleted edge, maintained incrementally,
 *       repeated (medians) vs the full materialisation of (a); each edge's
 *       write logs its endpoints in the graph's change log, as the API's
 *       writers do, so maintenance reads only around them;
 *   (c) the derived-fact write rate vs a raw UNWIND CREATE of the same
 *       relationships (the closure's pairs, as many as the case derives, an
 *       id of the same length and nothing else; batches of 10,000, one at a
 *       time, the plain way: ours keeps two in flight), measured
 *       once just before and once just after the materialisation; and, as a
 *       reference, vs a 20,000-row sample carrying the same properties as
 *       the case's derived facts (measured right after). The raw writes match
 *       ours in volume, endpoints and batch size: a smaller sample of spread
 *       pairs measured a store without dense nodes, without the checkpoints a
 *       million-row write triggers, and half-warm.
 * Environment: RULES_GRAPH_CHAIN (nodes, default 300), RULES_GRAPH_DAG
 * (nodes:edges, default 3000:9000), RULES_GRAPH_DIAMONDS (default 22; 0 skips
 * the case; its Cypher cap RULES_GRAPH_DIAMOND_CAP_MS, default 60000), RULES_GRAPH_CYCLES (+1/−1 repetitions, default 5),
 * RULES_GRAPH_CYPHER_CAP_MS (default 120000), RULES_GRAPH_CASES (default
 * chain,dag,diamond). RULES_GRAPH_FULL=1 runs the
 * issue's sizes (chain 2000, DAG 20000:60000, 10-minute cap, a 4 GiB heap:
 * RULES_GRAPH_HEAP_MB, a 3 GiB page cache: RULES_GRAPH_PAGECACHE_MB; about 5 minutes
 * a case, run one at a time: RULES_GRAPH_CASES=chain or dag, RULES_GRAPH_CYCLES=9 and
 * NODE_OPTIONS=--max-old-space-size=8192).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { migrate, openGraph, startLocalNeo4j, type GraphClient } from '../src/graph';
import { bumpVersion } from '../src/services/kg/graphVersion';
import { RuleService } from '../src/services/rules';
import { mulberry32 } from '../src/util/mulberry32';

const FULL = process.env.RULES_GRAPH_FULL === '1';
const CHAIN = Number(process.env.RULES_GRAPH_CHAIN ?? (FULL ? 2000 : 300));
const [DAG_NODES, DAG_EDGES] = (process.env.RULES_GRAPH_DAG ?? (FULL ? '20000:60000' : '3000:9000')).split(':').map(Number);
const DIAMONDS = Number(process.env.RULES_GRAPH_DIAMONDS ?? 22);
const CYCLES = Math.max(1, Number(process.env.RULES_GRAPH_CYCLES ?? 5));
const CYPHER_CAP_MS = Number(process.env.RULES_GRAPH_CYPHER_CAP_MS ?? (FULL ? 600_000 : 120_000));
const CASES = new Set((process.env.RULES_GRAPH_CASES ?? 'chain,dag,diamond').split(','));
const DIAMOND_CAP_MS = Number(process.env.RULES_GRAPH_DIAMOND_CAP_MS ?? (FULL ? 600_000 : 60_000));
const HEAP_MB = Number(process.env.RULES_GRAPH_HEAP_MB ?? (FULL ? 4096 : 1024));
// The sizes store 1-2M derived relationships (about 1 GiB of store files): a page cache that holds
// them, as any Neo4j deployment is sized, so later batches and the raw baselines of the same volume write to memory.
const PAGE_CACHE_MB = Number(process.env.RULES_GRAPH_PAGECACHE_MB ?? (FULL ? 3072 : 256));

function dagEdges(n: number, m: number): Array<[number, number]> {
  const next = mulberry32(20240601);
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

/** Edges written raw, the version advanced with their endpoints in the change log, as the API's writers do (a batch over the log's cap logs "unknown"). */
async function addEdges(graph: GraphClient, tag: string, edges: Array<[number, number]>): Promise<void> {
  const rows = edges.map(([a, b]) => ({ id: `${tag}-e${a}-${b}`, from: `${tag}-${a}`, to: `${tag}-${b}` }));
  for (let s = 0; s < rows.length; s += 10_000) {
    const batch = rows.slice(s, s + 10_000);
    await graph.write(async (tx) => {
      await tx.runText(`UNWIND $rows AS row MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to}) CREATE (a)-[:R_${tag.toUpperCase()} {id: row.id, assertedBy: 'bench', createdAt: '2026-01-01T00:00:00Z'}]->(b)`, { rows: batch });
      await bumpVersion(tx, batch.flatMap((row) => [row.from, row.to]));
    });
  }
}

async function deleteEdge(graph: GraphClient, tag: string, [a, b]: [number, number]): Promise<void> {
  const [from, to] = [`${tag}-${a}`, `${tag}-${b}`];
  await graph.write(async (tx) => {
    await tx.runText(`MATCH (:Entity {id: $from})-[r:R_${tag.toUpperCase()}]->(:Entity {id: $to}) DELETE r`, { from, to });
    await bumpVersion(tx, [from, to]);
  });
}

interface CaseResult {
  title: string;
  derived: number;
  fullMs: number;
  phases: string;
  writeRate: number;
  /** Raw id-only UNWIND CREATE of the same pairs, just before and just after the materialisation (mean, relationships/s). */
  rawIdOnly: number;
  rawBefore: number;
  rawAfter: number;
  /** Raw UNWIND CREATE of relationships carrying the same properties as this case's derived facts, right after them. */
  rawWithRecords: number;
  cypherMs: number;
  cypherFinished: boolean;
  cypherText: string;
  capMs: number;
  /** Whether (b) applies: the graphs, not the diamonds (whose closure is too small for the ratio to mean anything). */
  incrementalGoal: boolean;
  insertMs: number[];
  removeMs: number[];
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function runCase(graph: GraphClient, rules: RuleService, tag: string, title: string, nodes: number, edges: Array<[number, number]>, insert: [number, number], remove: [number, number], capMs = CYPHER_CAP_MS): Promise<CaseResult> {
  await load(graph, tag, nodes, edges);
  const e = `r_${tag}`;
  const name = `bench-${tag}`;
  await rules.define(name, `path(X, Y) :- ${e}(X, Y).\npath(X, Z) :- path(X, Y), ${e}(Y, Z).`, 'bench');
  const pairs = closurePairs(nodes, edges);
  const rawBefore = await rawWriteRate(graph, tag, pairs);
  const full = await timed(() => rules.materialize(name));
  const rawAfter = await rawWriteRate(graph, tag, pairs);
  const r = full.value;
  // The same rows again, each carrying the properties of a stored derived fact (copied from this case's records).
  const rawWithRecords = r.derivedFacts >= 20_000 ? await rawCopyRate(graph, name, 20_000) : Number.NaN;
  process.stderr.write(`${title}: materialised ${r.derivedFacts} facts in ${full.ms.toFixed(0)} ms ${JSON.stringify(r.milliseconds)}; raw id-only ${rawBefore.toFixed(0)} / ${rawAfter.toFixed(0)} per s\n`);

  // (a) the closure by Cypher variable-length matching, capped by a transaction timeout.
  const T = tag.toUpperCase();
  let cypherFinished = true;
  const cypher = await timed(async () => {
    try {
      const rows = await graph.write((tx) => tx.runText(`MATCH (a:Entity)-[:R_${T}*]->(b:Entity) MERGE (a)-[:TC_${T}]->(b) RETURN count(*) AS paths`), { timeoutMs: capMs });
      return `${Number(rows[0]?.paths)} paths`;
    } catch (error) {
      cypherFinished = false;
      return `stopped at the ${(capMs / 1000).toFixed(0)} s cap`;
    }
  });
  process.stderr.write(`${title}: Cypher ${cypher.value} in ${cypher.ms.toFixed(0)} ms\n`);

  // (b) one edge in, then one edge out, maintained incrementally; repeated (the edges swap roles when they differ).
  const insertMs: number[] = [];
  const removeMs: number[] = [];
  let [toAdd, toRemove] = [insert, remove];
  for (let k = 0; k < CYCLES; k++) {
    await addEdges(graph, tag, [toAdd]);
    const added = await timed(() => rules.materialize(name));
    await deleteEdge(graph, tag, toRemove);
    const removed = await timed(() => rules.materialize(name));
    insertMs.push(added.ms);
    removeMs.push(removed.ms);
    if (k === 0) process.stderr.write(`${title}: +1 edge ${added.ms.toFixed(0)} ms ${JSON.stringify(added.value)}\n${title}: -1 edge ${removed.ms.toFixed(0)} ms ${JSON.stringify(removed.value)}\n`);
    if (toAdd !== toRemove) [toAdd, toRemove] = [toRemove, toAdd];
  }
  process.stderr.write(`${title}: +1 edge ${insertMs.map((m) => m.toFixed(0)).join(', ')} ms; -1 edge ${removeMs.map((m) => m.toFixed(0)).join(', ')} ms\n`);
  return {
    title,
    derived: r.derivedFacts,
    fullMs: full.ms,
    phases: `read ${r.milliseconds.read} / eval ${r.milliseconds.evaluate} / derive ${r.milliseconds.derive} / write ${r.milliseconds.write}`,
    writeRate: (r.written / r.milliseconds.write) * 1000,
    rawIdOnly: (rawBefore + rawAfter) / 2,
    rawBefore,
    rawAfter,
    rawWithRecords,
    cypherMs: cypher.ms,
    cypherFinished,
    cypherText: cypher.value,
    capMs,
    incrementalGoal: tag !== 'diamond',
    insertMs,
    removeMs,
  };
}

let rawRuns = 0;

/** Every (source, target) pair of the closure of a DAG: what the case derives, known before it is materialised. */
function closurePairs(nodes: number, edges: ReadonlyArray<[number, number]>): Int32Array {
  const out: number[][] = Array.from({ length: nodes }, () => []);
  for (const [a, b] of edges) out[a].push(b);
  const pairs: number[] = [];
  const seen = new Int32Array(nodes).fill(-1);
  for (let source = 0; source < nodes; source++) {
    const stack = [...out[source]];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (seen[node] === source) continue;
      seen[node] = source;
      pairs.push(source, node);
      for (const next of out[node]) if (seen[next] !== source) stack.push(next);
    }
  }
  return Int32Array.from(pairs);
}

/**
 * The raw rate: the given pairs written by UNWIND CREATE in batches of 10,000, each relationship
 * carrying only an id as long as a derived fact's. Rows are built outside the timed writes, as ours are.
 */
async function rawWriteRate(graph: GraphClient, tag: string, pairs: Int32Array): Promise<number> {
  rawRuns += 1;
  const count = pairs.length / 2;
  let ms = 0;
  for (let s = 0; s < count; s += 10_000) {
    const rows = Array.from({ length: Math.min(10_000, count - s) }, (_, i) => {
      const k = s + i;
      return { id: `rw${rawRuns}-${k.toString(16).padStart(30, '0')}`, from: `${tag}-${pairs[2 * k]}`, to: `${tag}-${pairs[2 * k + 1]}` };
    });
    ms += (await timed(() => graph.write((tx) => tx.runText('UNWIND $rows AS row MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to}) CREATE (a)-[r:RAW_WRITE]->(b) SET r = {id: row.id}', { rows })))).ms;
  }
  return (count / ms) * 1000;
}

/** The same raw write, each relationship carrying the properties of a stored derived fact (its derivation record). */
async function rawCopyRate(graph: GraphClient, ruleSet: string, count: number): Promise<number> {
  const rows = await graph.read((tx) => tx.runText(`MATCH (a)-[r:PATH]->(b) WHERE r.ruleSet = $ruleSet RETURN a.id AS from, b.id AS to, r {.*} AS props LIMIT ${Math.trunc(count)}`, { ruleSet }));
  const copies = rows.map((row, k) => ({ from: row.from, to: row.to, props: { ...(row.props as object), id: `copy-${ruleSet}-${k}` } }));
  const { ms } = await timed(async () => {
    for (let s = 0; s < copies.length; s += 10_000) {
      await graph.write((tx) => tx.runText('UNWIND $rows AS row MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to}) CREATE (a)-[r:RAW_COPY]->(b) SET r = row.props', { rows: copies.slice(s, s + 10_000) }));
    }
  });
  return (copies.length / ms) * 1000;
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'causeway-bench-rulesgraph-'));
  const server = await startLocalNeo4j({ port: await freePort(), dataDir: join(home, 'neo4j'), pageCacheBytes: PAGE_CACHE_MB * 1024 ** 2, heapBytes: HEAP_MB * 1024 ** 2, log: () => undefined });
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
    const warm = Array.from({ length: 299 }, (_, i) => [i, i + 1] as [number, number]); // 44,850 facts: each write shape runs a few seconds
    await load(opened.client, 'warm', 300, warm);
    await rules.define('bench-warm', 'path(X, Y) :- r_warm(X, Y).\npath(X, Z) :- path(X, Y), r_warm(Y, Z).', 'bench');
    await rules.materialize('bench-warm');
    await rawWriteRate(opened.client, 'warm', closurePairs(300, warm));
    await rawCopyRate(opened.client, 'bench-warm', 20_000);
    const diamondCount = DIAMONDS;
    const diamonds = Array.from({ length: diamondCount }, (_, i) => [
      [3 * i, 3 * i + 1], [3 * i, 3 * i + 2], [3 * i + 1, 3 * i + 3], [3 * i + 2, 3 * i + 3],
    ] as Array<[number, number]>).flat();
    const cases = [
      // Chain: a new last edge from the end to an extra node, then that edge removed again.
      ...(!CASES.has('chain') ? [] : [await runCase(opened.client, rules, 'chain', `chain of ${CHAIN}`, CHAIN + 1, chainEdges, [CHAIN - 1, CHAIN], [CHAIN - 1, CHAIN])]),
      // DAG: a new source node with an edge into node 0 (new facts: node 0's descendants), then one existing edge removed.
      ...(!CASES.has('dag') ? [] : [await runCase(opened.client, rules, 'dag', `random DAG ${DAG_NODES}/${DAG_EDGES}`, DAG_NODES + 1, dag, [DAG_NODES, 0], dag[Math.floor(dag.length / 2)])]),
      ...(diamondCount > 0 && CASES.has('diamond')
        ? [await runCase(opened.client, rules, 'diamond', `${diamondCount} diamonds in a row (${3 * diamondCount + 1} nodes, 2^${diamondCount} paths end to end)`, 3 * diamondCount + 2, diamonds, [3 * diamondCount, 3 * diamondCount + 1], [3 * diamondCount, 3 * diamondCount + 1], DIAMOND_CAP_MS)]
        : []),
    ];
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const verdict = (met: boolean) => (met ? 'goal met' : 'NOT met');
    console.log(`\nload average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (${cpus().length} cores); +1/−1: medians of ${CYCLES}`);
    console.log(`\n| case | derived facts | Causeway end to end | phases (ms) | Cypher *-closure | +1 edge (median) | −1 edge (median) | derived writes/s | raw id-only UNWIND/s |`);
    console.log('| --- | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: |');
    for (const c of cases) {
      console.log(`| ${c.title} | ${c.derived} | ${s(c.fullMs)} | ${c.phases} | ${s(c.cypherMs)} (${c.cypherText}) | ${s(median(c.insertMs))} | ${s(median(c.removeMs))} | ${c.writeRate.toFixed(0)} | ${c.rawIdOnly.toFixed(0)} |`);
    }
    console.log('\nGoals:');
    for (const c of cases) {
      if (c.cypherFinished) {
        const ratio = c.cypherMs / c.fullMs;
        console.log(`(a) ${c.title}: end to end ${ratio.toFixed(2)}× the Cypher closure's speed (goal ≥ 10×): ${verdict(ratio >= 10)}`);
      } else {
        console.log(`(a) ${c.title}: Cypher did not finish within its ${(c.capMs / 1000).toFixed(0)} s cap; Causeway finished in ${s(c.fullMs)} (goal: finishing where it does not): goal met`);
      }
    }
    for (const c of cases.filter((c) => c.incrementalGoal)) {
      const up = c.fullMs / median(c.insertMs);
      const down = c.fullMs / median(c.removeMs);
      console.log(`(b) ${c.title}: full ÷ incremental = ${up.toFixed(0)}× (+1 edge), ${down.toFixed(0)}× (−1 edge) (goal ≥ 100×): ${verdict(up >= 100 && down >= 100)}`);
    }
    for (const c of cases.filter((c) => c.derived >= 20_000)) {
      const share = c.writeRate / c.rawIdOnly;
      console.log(`(c) ${c.title}: derived writes ${c.writeRate.toFixed(0)}/s = ${(share * 100).toFixed(0)}% of a raw id-only UNWIND CREATE of the same ${c.derived} pairs (${c.rawIdOnly.toFixed(0)}/s; before ${c.rawBefore.toFixed(0)}, after ${c.rawAfter.toFixed(0)}) (goal ≥ 80%): ${verdict(share >= 0.8)}; reference: ${((c.writeRate / c.rawWithRecords) * 100).toFixed(0)}% of a 20,000-row raw UNWIND carrying the same properties, measured right after (${c.rawWithRecords.toFixed(0)}/s)`);
    }
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
