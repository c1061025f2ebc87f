import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { GraphVersionTracker } from '../GraphVersionTracker';

/**
 * Per-request state the plugins share before and after GraphQL execution
 * (yoga hooks see the Request, not the GraphQL context). Weakly keyed, so it
 * goes with the request.
 */
export interface RequestState {
  requestId: string;
  /** A child logger carrying the request id, made on first use (most requests never log but one line). */
  readonly logger: Logger;
  /** The path, for the access log and metrics labels. */
  path: string;
  versions: GraphVersionTracker;
  startedAt: number;
  /** Aborts the operation's Neo4j transactions when the per-operation timeout passes. */
  deadline: AbortController;
  timer?: NodeJS.Timeout;
}

const states = new WeakMap<Request, RequestState>();

/** Request ids: a caller's X-Request-Id when it is sane, else a fresh UUID. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function beginRequest(request: Request, logger: Logger): RequestState {
  const given = request.headers.get('x-request-id');
  const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
  let child: Logger | undefined;
  const state: RequestState = {
    requestId,
    get logger() {
      return (child ??= logger.child({ requestId }));
    },
    path: pathOf(request.url),
    versions: new GraphVersionTracker(),
    startedAt: performance.now(),
    deadline: new AbortController(),
  };
  states.set(request, state);
  return state;
}

export function requestState(request: Request): RequestState | undefined {
  return states.get(request);
}

export function endRequest(request: Request): void {
  const state = states.get(request);
  if (state?.timer) clearTimeout(state.timer);
}

function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  const end = url.search(/[?#]/);
  return url.slice(start, end < 0 ? undefined : end);
}
