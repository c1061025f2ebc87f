import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { CausewayError } from '../../errors';
import type { TransactionOptions } from '../../graph';
import { GraphVersionTracker } from '../GraphVersionTracker';

/** Request ids: a caller's X-Request-Id when it is sane, else a fresh UUID. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Per-request state the plugins and resolvers share (yoga hooks see the
 * Request, not the GraphQL context). It is also the request's
 * TransactionOptions: every Neo4j transaction of the request reads its
 * deadline from here.
 *
 * A class, and everything not every request needs made on first use: this
 * object is built for every request, and per-request allocations were the
 * larger part of what the full stack cost over bare yoga on a trivial query
 * (bench/api.bench.ts; docs/api.md, "Performance").
 */
export class RequestState implements TransactionOptions {
  readonly requestId: string;
  readonly startedAt = performance.now();
  readonly versions = new GraphVersionTracker();
  private child: Logger | undefined;
  private controller: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly request: Request,
    private readonly parentLogger: Logger,
    /** Cancels the request's Neo4j transactions this long after the request started. */
    readonly timeoutMs: number,
  ) {
    const given = request.headers.get('x-request-id');
    this.requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
  }

  /** A child logger carrying the request id. */
  get logger(): Logger {
    return (this.child ??= this.parentLogger.child({ requestId: this.requestId }));
  }

  /**
   * Aborts the request's Neo4j transactions when the per-operation timeout,
   * counted from the request's start, passes. Read when a transaction starts,
   * so operations that never touch the graph pay for no timer.
   */
  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      // The reason is what a cancelled transaction throws: a typed TIMEOUT, not an AbortError.
      const expire = () => controller.abort(new CausewayError(`the operation took longer than ${this.timeoutMs} ms and was cancelled`, { code: 'TIMEOUT' }));
      const remaining = this.timeoutMs - (performance.now() - this.startedAt);
      if (remaining <= 0) expire();
      else {
        this.timer = setTimeout(expire, remaining);
        this.timer.unref();
      }
      this.controller = controller;
    }
    return this.controller.signal;
  }

  /** The path, for the access log and metrics labels. */
  get path(): string {
    return pathOf(this.request.url);
  }

  end(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

const states = new WeakMap<Request, RequestState>();

export function beginRequest(request: Request, logger: Logger, operationTimeoutMs: number): RequestState {
  const state = new RequestState(request, logger, operationTimeoutMs);
  states.set(request, state);
  return state;
}

export function requestState(request: Request): RequestState | undefined {
  return states.get(request);
}

/** The path of a request URL, without parsing the URL. */
export function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  const end = url.search(/[?#]/);
  return url.slice(start, end < 0 ? undefined : end);
}
