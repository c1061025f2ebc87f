import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { openGraph, startLocalNeo4j, type LocalServer, type OpenGraph } from '../../src/graph';
import { freePort } from '../integration/globalSetup';

/**
 * A Neo4j of the test's own (for tests that need an empty history or restart
 * the server). Given no data directory it makes a temporary one and deletes it
 * when the server stops; a caller's own directory is left for it to reuse.
 */
export async function startFreshNeo4j(dataDir?: string): Promise<LocalServer> {
  const home = dataDir ? undefined : mkdtempSync(join(tmpdir(), 'causeway-fresh-'));
  const server = await startLocalNeo4j({
    port: await freePort(),
    dataDir: dataDir ?? join(home!, 'neo4j'),
    pageCacheBytes: 32 * 1024 ** 2,
    heapBytes: 384 * 1024 ** 2,
  });
  if (!home) return server;
  return {
    ...server,
    stop: async () => {
      await server.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export function connect(server: LocalServer): Promise<OpenGraph> {
  return openGraph(loadConfig({ ...process.env, NEO4J_URI: server.uri }));
}
