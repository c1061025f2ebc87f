import type { GraphClient, ServerInfo } from '../graph';

export type HealthProbe = () => Promise<{ server: ServerInfo; migrationVersion: string | null }>;

/** What `health` and /readyz report: the Neo4j server and the applied migration version. */
export function createHealthProbe(graph: GraphClient, migrationVersion: () => Promise<string | null>): HealthProbe {
  return async () => {
    const [server, version] = await Promise.all([graph.serverInfo(), migrationVersion()]);
    return { server, migrationVersion: version };
  };
}
