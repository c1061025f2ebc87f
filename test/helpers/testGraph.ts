import { loadConfig } from '../../src/config';
import { openGraph, type OpenGraph } from '../../src/graph';

/** Connects to the Neo4j that test/integration/globalSetup.ts started (NEO4J_URI is set there). */
export async function openTestGraph(): Promise<OpenGraph> {
  if (!process.env.NEO4J_URI) throw new Error('NEO4J_URI is not set: run integration tests through jest so globalSetup starts Neo4j');
  return openGraph(loadConfig());
}

/** Removes everything but the migration history and lock, for tests that need an empty graph. */
export async function clearData(graph: OpenGraph): Promise<void> {
  await graph.client.runAutoCommit(
    "MATCH (n) WHERE NOT n:__Neo4jMigration AND NOT n:__Neo4jMigrationsLock CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS",
  );
}
