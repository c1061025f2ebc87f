import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { beginRequest, endRequest, requestState } from './RequestState';

export interface RequestLifecycleOptions {
  logger: Logger;
  /** Cancels the request's Neo4j transactions after this long. */
  operationTimeoutMs: number;
}

/** Request id (echoed as X-Request-Id), deadline, and one access-log line per request. */
export function useRequestLifecycle(options: RequestLifecycleOptions): Plugin {
  return {
    onRequest({ request }) {
      beginRequest(request, options.logger, options.operationTimeoutMs);
    },
    onResponse({ request, response }) {
      const state = requestState(request);
      endRequest(request);
      if (!state) return;
      response.headers.set('x-request-id', state.requestId);
      if (options.logger.isLevelEnabled('info')) {
        const ms = Math.round(performance.now() - state.startedAt);
        options.logger.info({ requestId: state.requestId, method: request.method, path: state.path, status: response.status, ms }, 'request');
      }
    },
  };
}
