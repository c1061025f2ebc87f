import type { ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { beginRequest, requestState } from './RequestState';

export interface RequestLifecycleOptions {
  logger: Logger;
  /** Cancels the request's Neo4j transactions after this long. */
  operationTimeoutMs: number;
}

/** Request id (echoed as X-Request-Id), deadline, and one access-log line per request. */
export function useRequestLifecycle(options: RequestLifecycleOptions): Plugin {
  const { logger } = options;
  return {
    onRequest({ request }) {
      beginRequest(request, logger, options.operationTimeoutMs);
    },
    onResponse({ request, response, serverContext }) {
      const state = requestState(request);
      if (!state) return;
      state.end();
      setHeader(serverContext as { res?: ServerResponse }, response, 'x-request-id', state.requestId);
      if (logger.isLevelEnabled('info')) {
        const ms = Math.round(performance.now() - state.startedAt);
        logger.info({ requestId: state.requestId, method: request.method, path: state.path, status: response.status, ms }, 'request');
      }
    },
  };
}

/**
 * Behind node:http the header goes on the ServerResponse, which merges it
 * with the fetch Response's own: touching `response.headers` would turn the
 * adapter off its single-writeHead path for every response. Elsewhere
 * (`api.fetch`, other runtimes) it goes on the fetch Response.
 */
function setHeader(serverContext: { res?: ServerResponse }, response: Response, name: string, value: string): void {
  const res = serverContext.res;
  if (res && typeof res.setHeader === 'function' && !res.headersSent) res.setHeader(name, value);
  else response.headers.set(name, value);
}
