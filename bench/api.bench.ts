/**
 * API benchmark (issue 3): `npm run bench api`.
 *
 * Two goals, each printed as one line with "goal met" / "NOT met":
 *   1. The full Causeway stack keeps >= 80% of bare graphql-yoga's req/s on a
 *      trivial query (`{ __typename }` on both).
 *   2. One Cypher round trip per operation for `entity(id)`,
 *      `entities(first: 50)` and `causalPaths(maxDepth: 4)`.
 *
 * Fairness: bare yoga and the full stack each run in a server process of their
 * own (bench/apiServerMain.ts; the full one is built as `causeway serve`
 * builds it: API-key auth, graphql-armor limits, metrics, request ids, the
 * info-level access log on stderr, here a file), and autocannon runs in this
 * process, so the load generator never shares an event loop with a server.
 * Both get the same autocannon settings, the same body and headers, a
 * warm-up, then alternate in rounds (bare, full, bare, full, …) so load from
 * elsewhere on the machine hits both alike; the goal is judged on the median
 * of the per-round ratios. Each server also reports its CPU time per request,
 * a figure a busy machine disturbs less than req/s.
 *
 * The graph rows run against a generated DAG in a fresh local Neo4j.
 * Environment:
 *   BENCH_ROUNDS (default 5)        bare/full rounds after the warm-up (at least 3)
 *   BENCH_SLICE_SECONDS (default 5) seconds per round and side
 *   BENCH_SECONDS (default 10)      seconds per graph row
 *   BENCH_CONNECTIONS (default 10)  autocannon connections
 *   BENCH_BIG=1                     the issue's 100k entities / 300k relations
 *                                   (default 20k / 60k, which keeps a run near 3 minutes)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config';
import { migrate, openGraph, startLocalNeo4j, type GraphClient } from '../src/graph';

const ROUNDS = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 5));
const SLICE_SECONDS = Number(process.env.BENCH_SLICE_SECONDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const BIG = process.env.BENCH_BIG === '1';
const ENTITIES = BIG ? 100_000 : 20_000;
const RELATIONS = BIG ? 300_000 : 60_000;
const KEY = 'bench-reader-key-0123456789';
const TRIVIAL = '{ __typename }';
const GOAL_RATIO = 0.8;

interface Served {
  requests: number;
  cpuUsPerRequest: number;
  statements: { count: number; names: string[] } | null;
}

/** A server process of apiServerMain.ts, driven over IPC. */
class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(kind: 'bare' | 'full', env: NodeJS.ProcessEnv, logFd: number): Promise<ServerProcess> {
    const child = fork(join(__dirname, 'apiServerMain.ts'), [kind], { execArgv: ['--import', 'tsx'], env, stdio: ['ignore', 'inherit', logFd, 'ipc'] });
    const url = await new Promise<string>((resolve, reject) => {
      child.once('message', (m: { url: string }) => resolve(m.url));
      child.once('exit', (code) => reject(new Error(`the ${kind} server exited with ${code}`)));
    });
    return new ServerProcess(child, url);
  }

  private ask<T>(op: string): Promise<T> {
    return new Promise((resolve) => {
      this.child.once('message', (m) => resolve(m as T));
      this.child.send({ op });
    });
  }

  mark(): Promise<unknown> {
    return this.ask('mark');
  }

  read(): Promise<Served> {
    return this.ask('read');
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.send({ op: 'stop' });
    });
  }
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  cpuUs: number;
  statementsPerOp: number | null;
  statementNames: string[];
}

async function measure(server: ServerProcess, query: string, seconds: number): Promise<Measured> {
  await server.mark();
  const result = await autocannon({
    url: server.url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json', 'x-api-key': KEY },
    body: JSON.stringify({ query }),
  });
  const served = await server.read();
  const errors = result.errors + result.non2xx + result.timeouts;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    cpuUs: served.cpuUsPerRequest,
    // Per request the server saw (autocannon's count leaves out the ones it abandoned at the end).
    statementsPerOp: served.statements === null ? null : served.statements.count / Math.max(1, served.requests),
    statementNames: served.statements?.names ?? [],
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Server-side generation in batches: a DAG (edges go to higher ids) so causal paths are finite. */
async function generateGraph(client: GraphClient): Promise<{ entities: number; relations: number }> {
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
async function pathPair(client: GraphClient): Promise<{ from: string; to: string; paths: number }> {
  const [row] = await client.runAutoCommit(
    `MATCH p = (a:Entity {id: 'e1000'})-[:CAUSES*4]->(b) WITH b, count(p) AS paths ORDER BY paths DESC LIMIT 1
     RETURN 'e1000' AS from, b.id AS to, paths`,
  );
  return { from: String(row!.from), to: String(row!.to), paths: Number(row!.paths) };
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'causeway-bench-api-'));
  const logFd = openSync(join(home, 'server.log'), 'a');
  process.stderr.write('starting Neo4j…\n');
  const neo4j = await startLocalNeo4j({ port: 17000 + Math.floor(Math.random() * 2000), dataDir: join(home, 'neo4j'), pageCacheBytes: 512 * 1024 ** 2, heapBytes: 1024 ** 3 });
  const env = { ...process.env, NEO4J_URI: neo4j.uri, CAUSEWAY_API_KEYS: `bench:reader:${KEY}`, LOG_LEVEL: 'info', CAUSEWAY_HOME: home };
  const graph = await openGraph(loadConfig(env));
  const servers: ServerProcess[] = [];
  try {
    await migrate(graph.client, join(__dirname, '..', 'migrations'));
    process.stderr.write(`generating ${ENTITIES} entities, ${RELATIONS} relations…\n`);
    const started = Date.now();
    const size = await generateGraph(graph.client);
    process.stderr.write(`generated ${size.entities} entities, ${size.relations} relations in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    const pair = await pathPair(graph.client);

    const bare = await ServerProcess.start('bare', env, logFd);
    const full = await ServerProcess.start('full', env, logFd);
    servers.push(bare, full);

    process.stderr.write(`load average before the trivial rounds: ${load()}\n`);
    // Warm-up: JIT, caches, connection pools. Not counted.
    await measure(bare, TRIVIAL, 3);
    await measure(full, TRIVIAL, 3);
    const bareRounds: Measured[] = [];
    const fullRounds: Measured[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      bareRounds.push(await measure(bare, TRIVIAL, SLICE_SECONDS));
      fullRounds.push(await measure(full, TRIVIAL, SLICE_SECONDS));
      const ratio = fullRounds[round]!.rps / bareRounds[round]!.rps;
      process.stderr.write(`round ${round + 1}: bare ${bareRounds[round]!.rps.toFixed(0)} req/s, full ${fullRounds[round]!.rps.toFixed(0)} req/s, ${(ratio * 100).toFixed(0)}%\n`);
    }
    const loadAfterTrivial = load();

    const rows: Array<{ name: string } & Measured> = [];
    rows.push({ name: `bare yoga: ${TRIVIAL} (median of ${ROUNDS})`, ...summarise(bareRounds) });
    rows.push({ name: `full stack: ${TRIVIAL} (median of ${ROUNDS})`, ...summarise(fullRounds) });
    const graphRows = [
      { name: 'entity(id)', query: '{ entity(id: "e4242") { id name type baseRate aliases updatedAt } }' },
      { name: 'entities(first: 50)', query: '{ entities(first: 50, after: "ZW50aXR5OmU1MDAw") { pageInfo { hasNextPage endCursor } edges { node { id name type } } } }' },
      {
        name: `causalPaths depth 4 (${pair.paths} paths of 4)`,
        query: `{ causalPaths(from: "${pair.from}", to: "${pair.to}", maxDepth: 4, first: 10) { strength length entities { id } } }`,
      },
    ];
    for (const row of graphRows) rows.push({ name: row.name, ...(await measure(full, row.query, SECONDS)) });

    const ratios = bareRounds.map((b, i) => fullRounds[i]!.rps / b.rps);
    const ratio = median(ratios);
    const cpuRatio = median(bareRounds.map((b, i) => b.cpuUs / fullRounds[i]!.cpuUs));
    const baseline = rows[0]!.rps;
    process.stdout.write(
      `\n${size.entities} entities, ${size.relations} CAUSES relations${BIG ? '' : ' (BENCH_BIG=1 for 100k / 300k)'}; ${CONNECTIONS} connections; ` +
        `trivial rounds ${SLICE_SECONDS} s × ${ROUNDS} per side after a 3 s warm-up, graph rows ${SECONDS} s; Node ${process.version}; ` +
        `load average ${loadAfterTrivial} after the trivial rounds, ${load()} at the end, on ${cpus().length} CPUs\n\n`,
    );
    process.stdout.write('| operation | req/s | p50 ms | p99 ms | vs bare yoga | server CPU µs/req | Cypher statements/op | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|\n');
    for (const row of rows) {
      const statements = row.statementsPerOp === null ? '–' : `${row.statementsPerOp.toFixed(2)}${row.statementNames.length ? ` (${row.statementNames.join(', ')})` : ''}`;
      process.stdout.write(
        `| ${row.name} | ${row.rps.toFixed(0)} | ${row.p50} | ${row.p99} | ${((row.rps / baseline) * 100).toFixed(0)}% | ${row.cpuUs.toFixed(0)} | ${statements} | ${row.errors} |\n`,
      );
    }
    process.stdout.write(`\nper-round full/bare req/s: ${ratios.map((r) => `${(r * 100).toFixed(0)}%`).join(' ')}\n`);
    const maxStatements = Math.max(...rows.slice(2).map((r) => r.statementsPerOp ?? Infinity));
    const errors = rows.reduce((sum, r) => sum + r.errors, 0);
    process.stdout.write(
      `goal: full stack >= 80% of bare yoga's req/s on ${TRIVIAL}: median ${(ratio * 100).toFixed(0)}% — ${ratio >= GOAL_RATIO ? 'goal met' : 'NOT met'}` +
        ` (CPU per request: bare is ${(cpuRatio * 100).toFixed(0)}% of full)\n`,
    );
    process.stdout.write(`goal: one Cypher round trip per operation: at most ${maxStatements.toFixed(2)} statements/op — ${maxStatements <= 1 ? 'goal met' : 'NOT met'}\n`);
    if (errors > 0) process.stdout.write(`${errors} requests failed: the figures above are not valid\n`);
  } finally {
    for (const server of servers) await server.stop();
    await graph.close();
    await neo4j.stop();
    closeSync(logFd);
    rmSync(home, { recursive: true, force: true });
  }
}

/** Medians over the rounds (statements: the worst round). */
function summarise(rounds: Measured[]): Measured {
  return {
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    cpuUs: median(rounds.map((r) => r.cpuUs)),
    statementsPerOp: null,
    statementNames: [],
  };
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
