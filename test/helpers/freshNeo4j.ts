import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { openGraph, startLocalNeo4j, type LocalServer, type OpenGraph } from '../../src/graph';
import { freePort } from '../integration/globalSetup';

/** A Neo4j of the test's own (for tests that need an empty history or restart the server). */
export async function startFreshNeo4j(dataDir = join(mkdtempSync(join(tmpdir(), 'causeway-fresh-')), 'neo4j')): Promise<LocalServer> {
  return startLocalNeo4j({ port: await freePort(), dataDir, pageCacheBytes: 32 * 1024 ** 2, heapBytes: 384 * 1024 ** 2 });
}

export function connect(server: LocalServer): Promise<OpenGraph> {
  return openGraph(loadConfig({ ...process.env, NEO4J_URI: server.uri }));
}
