import type { Plugin } from 'graphql-yoga';
import { CausewayError } from '../../errors';
import type { Logger } from 'pino';
import { beginRequest, endRequest, requestState } from './RequestState';

export interface RequestLifecycleOptions {
  logger: Logger;
  /** Cancels the request's Neo4j transactions after this long. */
  operationTimeoutMs: number;
}

/** Request id (echoed as X-Request-Id), child logger, deadline, and one access-log line per request. */
export function useRequestLifecycle(options: RequestLifecycleOptions): Plugin {
  return {
    onRequest({ request }) {
      const state = beginRequest(request, options.logger);
      // The reason is what a cancelled transaction throws: a typed TIMEOUT, not an AbortError.
      state.timer = setTimeout(
        () => state.deadline.abort(new CausewayError(`the operation took longer than ${options.operationTimeoutMs} ms and was cancelled`, { code: 'TIMEOUT' })),
        options.operationTimeoutMs,
      );
      state.timer.unref();
    },
    onResponse({ request, response }) {
      const state = requestState(request);
      endRequest(request);
      if (!state) return;
      response.headers.set('x-request-id', state.requestId);
      if (options.logger.isLevelEnabled('info')) {
        state.logger.info({ method: request.method, path: state.path, status: response.status, ms: Math.round(performance.now() - state.startedAt) }, 'request');
      }
    },
  };
}
