import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { CausewayError } from '../../errors';
import { GraphVersionTracker } from '../GraphVersionTracker';

/**
 * Per-request state the plugins share before and after GraphQL execution
 * (yoga hooks see the Request, not the GraphQL context). Weakly keyed, so it
 * goes with the request.
 */
export interface RequestState {
  requestId: string;
  /** A child logger carrying the request id, made on first use. */
  readonly logger: Logger;
  /** The path, for the access log and metrics labels. */
  path: string;
  versions: GraphVersionTracker;
  startedAt: number;
  /**
   * Aborts the request's Neo4j transactions when the per-operation timeout,
   * counted from the request's start, passes. Made on first use: operations
   * that never touch the graph pay for no timer.
   */
  readonly deadline: AbortSignal;
}

const states = new WeakMap<Request, RequestState>();
const timers = new WeakMap<Request, NodeJS.Timeout>();

/** Request ids: a caller's X-Request-Id when it is sane, else a fresh UUID. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function beginRequest(request: Request, logger: Logger, operationTimeoutMs: number): RequestState {
  const given = request.headers.get('x-request-id');
  const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
  const startedAt = performance.now();
  let child: Logger | undefined;
  let deadline: AbortSignal | undefined;
  const state: RequestState = {
    requestId,
    get logger() {
      return (child ??= logger.child({ requestId }));
    },
    get deadline() {
      if (!deadline) {
        const controller = new AbortController();
        // The reason is what a cancelled transaction throws: a typed TIMEOUT, not an AbortError.
        const expire = () => controller.abort(new CausewayError(`the operation took longer than ${operationTimeoutMs} ms and was cancelled`, { code: 'TIMEOUT' }));
        const remaining = operationTimeoutMs - (performance.now() - startedAt);
        if (remaining <= 0) expire();
        else {
          const timer = setTimeout(expire, remaining);
          timer.unref();
          timers.set(request, timer);
        }
        deadline = controller.signal;
      }
      return deadline;
    },
    path: pathOf(request.url),
    versions: new GraphVersionTracker(),
    startedAt,
  };
  states.set(request, state);
  return state;
}

export function requestState(request: Request): RequestState | undefined {
  return states.get(request);
}

export function endRequest(request: Request): void {
  const timer = timers.get(request);
  if (timer) clearTimeout(timer);
}

function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  const end = url.search(/[?#]/);
  return url.slice(start, end < 0 ? undefined : end);
}
