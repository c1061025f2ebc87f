import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { projectRoot, type Config } from '../config';
import { CausewayError } from '../errors';
import { CypherCatalog } from './cypherCatalog';
import type { GraphClient } from './GraphClient';
import { isProcessAlive, startLocalNeo4j, type LocalServer } from './local/LocalNeo4jServer';
import { readServerRecord } from './local/serverRecord';
import { Neo4jGraphClient } from './Neo4jGraphClient';

export interface OpenGraph {
  client: GraphClient;
  uri: string;
  /** Set when this process started the embedded server (it stops with close()). */
  server?: LocalServer;
  close(): Promise<void>;
}

export interface OpenGraphOptions {
  log?: (line: string) => void;
  cypherDir?: string;
}

/**
 * NEO4J_URI set: connect to that server (bolt://, neo4j:// or neo4j+s:// for
 * clusters and Aura). Unset: use the embedded default — the server started by
 * `causeway neo4j start` if it runs, else one started now and tied to us.
 */
export async function openGraph(config: Config, options: OpenGraphOptions = {}): Promise<OpenGraph> {
  const log = options.log ?? (() => {});
  const catalog = CypherCatalog.load(options.cypherDir ?? join(projectRoot(), 'cypher'));

  let uri = config.neo4jUri;
  let server: LocalServer | undefined;
  if (!uri) {
    const running = readServerRecord(config.localNeo4j.dataDir);
    if (running && isProcessAlive(running.pid)) {
      uri = running.uri;
      log(`using the local Neo4j already running at ${uri} (pid ${running.pid})`);
    } else {
      server = await startLocalNeo4j({ ...config.localNeo4j, log });
      uri = server.uri;
      log(`Neo4j ${server.version} ${server.edition} ready at ${uri}`);
    }
  }

  const driver = createDriver(uri, config);
  try {
    await driver.getServerInfo();
  } catch (error) {
    await driver.close();
    await server?.stop();
    throw new CausewayError(`Neo4j is unreachable at ${uri}: ${(error as Error).message}`, { code: 'DATABASE_UNAVAILABLE', cause: error });
  }
  const client = new Neo4jGraphClient(driver, catalog, config.neo4jDatabase);
  return {
    client,
    uri,
    server,
    close: async () => {
      await client.close();
      await server?.stop();
    },
  };
}

function createDriver(uri: string, config: Config): Driver {
  const auth = config.neo4jUri ? neo4j.auth.basic(config.neo4jUser, config.neo4jPassword) : undefined;
  return neo4j.driver(uri, auth, {
    maxTransactionRetryTime: 15_000,
    connectionAcquisitionTimeout: 30_000,
    userAgent: `causeway/${packageVersion()}`,
  });
}

function packageVersion(): string {
  const file = join(projectRoot(), 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : 'unknown';
}
