import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { migrate, openGraph, startLocalNeo4j, type LocalServer } from '../../src/graph';

/**
 * Starts one real Neo4j for the whole integration run, on a free port with a
 * temporary data directory, migrates it, and hands its URI to the test
 * workers through the environment (workers are forked after this runs).
 * Every temporary directory of the run (Neo4j stores of ~0.5 GB among them)
 * goes under one TMPDIR that globalTeardown removes.
 */
export default async function globalSetup(): Promise<void> {
  const runTmp = mkdtempSync(join(tmpdir(), 'causeway-run-'));
  (globalThis as { __CAUSEWAY_RUN_TMP__?: string }).__CAUSEWAY_RUN_TMP__ = runTmp;
  process.env.TMPDIR = runTmp;
  const home = mkdtempSync(join(runTmp, 'causeway-it-'));
  const port = await freePort();
  const server: LocalServer = await startLocalNeo4j({
    port,
    dataDir: join(home, 'neo4j'),
    pageCacheBytes: 64 * 1024 ** 2,
    heapBytes: 768 * 1024 ** 2,
    log: (line) => process.stderr.write(`[neo4j] ${line}\n`),
  });
  (globalThis as { __NEO4J_SERVER__?: LocalServer }).__NEO4J_SERVER__ = server;
  process.env.NEO4J_URI = server.uri;
  process.env.NEO4J_USER = 'neo4j';
  process.env.NEO4J_PASSWORD = '';
  process.env.CAUSEWAY_IT_HOME = home;
  process.env.CAUSEWAY_IT_NEO4J_VERSION = server.version;

  const graph = await openGraph(loadConfig());
  try {
    await migrate(graph.client, join(__dirname, '..', '..', 'migrations'));
  } finally {
    await graph.close();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
