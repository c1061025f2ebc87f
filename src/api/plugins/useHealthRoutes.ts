import type { Plugin } from 'graphql-yoga';
import type { HealthProbe } from '../healthProbe';

/**
 * /healthz: the process serves HTTP (liveness). /readyz: Neo4j answers and
 * migrations are applied (readiness: 503 until both hold). Both public.
 * The hook is synchronous for every other request: an async hook would make
 * each GraphQL request wait a promise for nothing.
 */
export function useHealthRoutes(options: { probe: HealthProbe }): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
      if (url.pathname === '/healthz') {
        endResponse(fetchAPI.Response.json({ status: 'ok' }));
        return undefined;
      }
      if (url.pathname !== '/readyz') return undefined;
      return options.probe().then(
        ({ server, migrationVersion }) => {
          const ready = migrationVersion !== null;
          endResponse(
            fetchAPI.Response.json(
              { status: ready ? 'ready' : 'migrations-pending', neo4j: { version: server.version, edition: server.edition }, migrationVersion },
              { status: ready ? 200 : 503 },
            ),
          );
        },
        (error: unknown) => endResponse(fetchAPI.Response.json({ status: 'unavailable', reason: (error as Error).message }, { status: 503 })),
      );
    },
  };
}
