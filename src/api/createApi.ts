import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { Registry } from 'prom-client';
import { DEFAULT_BASE_RATE } from '../config';
import { CausalService } from '../services/causal';
import { feedEmbeddingQueue, GroundingService } from '../services/grounding';
import { createKnowledgeGraph } from '../services/kg';
import { anonymousReadsAllowed, resolveLimits, type CreateApiOptions } from './ApiOptions';
import { ApiKeyStore, parseApiKeys } from './auth/apiKeys';
import { createGraphiQLRenderer } from './graphiql';
import { createHealthProbe } from './healthProbe';
import { Loaders } from './loaders';
import { loadSchema } from './loadSchema';
import { requestState } from './plugins/RequestState';
import { useAuth } from './plugins/useAuth';
import { useErrorHandling } from './plugins/useErrorHandling';
import { useHealthRoutes } from './plugins/useHealthRoutes';
import { useLimits } from './plugins/useLimits';
import { useMetrics } from './plugins/useMetrics';
import { useRequestLifecycle } from './plugins/useRequestLifecycle';
import type { RequestContext } from './RequestContext';
import { invariant } from '../errors';

export type CausewayApi = YogaServerInstance<Record<string, unknown>, RequestContext>;

/**
 * The GraphQL API at /graphql (GraphiQL on GET from a browser), plus /healthz,
 * /readyz and /metrics. Returns the yoga instance: pass it to
 * `http.createServer(api)`, or call `api.fetch(...)` in tests.
 */
export function createApi(options: CreateApiOptions): CausewayApi {
  const limits = resolveLimits(options);
  const grounding = options.grounding ?? new GroundingService(options.graph);
  const kg = options.grounding ? feedEmbeddingQueue(createKnowledgeGraph(options.graph), options.grounding.queue) : createKnowledgeGraph(options.graph);
  const causal = new CausalService(options.graph, { defaultBaseRate: options.config.defaultBaseRate ?? DEFAULT_BASE_RATE });
  const probe = createHealthProbe(options.graph, options.migrationVersion);
  const keys = new ApiKeyStore([...parseApiKeys(options.config.apiKeys), ...(options.extraApiKeys ?? [])]);
  const registry = options.metricsRegistry ?? new Registry();
  const renderGraphiQL = createGraphiQLRenderer();

  return createYoga<Record<string, unknown>, RequestContext>({
    schema: loadSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: options.graphiql ?? true,
    renderGraphiQL,
    // Masking is done by useErrorHandling, which sees the request id to log with.
    maskedErrors: false,
    logging: false,
    context: ({ request }): RequestContext => {
      const state = requestState(request);
      invariant(state !== undefined, 'useRequestLifecycle runs before context building');
      return {
        requestId: state.requestId,
        requestState: state,
        kg,
        causal,
        grounding,
        versions: state.versions,
        loaders: new Loaders(kg, state, state.versions),
        limits,
        // The request's deadline: its signal is read when a transaction starts, so the timer starts only then.
        tx: state,
        health: probe,
      };
    },
    plugins: [
      useRequestLifecycle({ logger: options.logger, operationTimeoutMs: limits.operationTimeoutMs }),
      useHealthRoutes({ probe }),
      useMetrics({ registry }),
      ...useAuth({ keys, jwtSecret: options.config.jwtSecret, jwksUri: options.config.jwksUri, anonymousReads: anonymousReadsAllowed(options.config) }),
      useLimits(limits),
      useErrorHandling(),
    ],
  });
}
