import type { Plugin } from 'graphql-yoga';
import type { HealthProbe } from '../healthProbe';

/**
 * /healthz: the process serves HTTP (liveness). /readyz: Neo4j answers and
 * migrations are applied (readiness: 503 until both hold). Both public.
 */
export function useHealthRoutes(options: { probe: HealthProbe }): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      if (url.pathname === '/healthz') {
        endResponse(fetchAPI.Response.json({ status: 'ok' }));
        return;
      }
      if (url.pathname === '/readyz') {
        try {
          const { server, migrationVersion } = await options.probe();
          const ready = migrationVersion !== null;
          endResponse(
            fetchAPI.Response.json(
              { status: ready ? 'ready' : 'migrations-pending', neo4j: { version: server.version, edition: server.edition }, migrationVersion },
              { status: ready ? 200 : 503 },
            ),
          );
        } catch (error) {
          endResponse(fetchAPI.Response.json({ status: 'unavailable', reason: (error as Error).message }, { status: 503 }));
        }
      }
    },
  };
}
