import type { Plugin } from 'graphql-yoga';
import { Counter, Histogram, type Registry } from 'prom-client';
import { getOperationAST, type ExecutionResult } from 'graphql';

/**
 * Prometheus metrics at /metrics: request latency by route and status, and
 * GraphQL operations by type and outcome, errors by code. Labels stay
 * low-cardinality (no operation names from clients, no ids).
 */
export function useMetrics(options: { registry: Registry }): Plugin {
  const { registry } = options;
  const requests = new Histogram({
    name: 'causeway_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const operations = new Counter({
    name: 'causeway_graphql_operations_total',
    help: 'GraphQL operations executed',
    labelNames: ['type', 'outcome'],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'causeway_graphql_errors_total',
    help: 'GraphQL errors by extensions.code',
    labelNames: ['code'],
    registers: [registry],
  });
  const started = new WeakMap<Request, number>();
  const knownRoutes = new Set(['/graphql', '/healthz', '/readyz', '/metrics']);

  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      started.set(request, performance.now());
      if (url.pathname === '/metrics' && request.method === 'GET') {
        endResponse(new fetchAPI.Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } }));
      }
    },
    onExecute({ args }) {
      const type = getOperationAST(args.document, args.operationName)?.operation ?? 'unknown';
      return {
        onExecuteDone({ result }) {
          const single = result as ExecutionResult;
          operations.inc({ type, outcome: single.errors?.length ? 'error' : 'ok' });
        },
      };
    },
    onResultProcess({ result }) {
      for (const one of Array.isArray(result) ? result : [result]) {
        for (const error of (one as ExecutionResult).errors ?? []) errors.inc({ code: String(error.extensions?.code ?? 'GRAPHQL') });
      }
    },
    onResponse({ request, response }) {
      const start = started.get(request);
      if (start === undefined) return;
      const path = new URL(request.url).pathname;
      requests.observe({ route: knownRoutes.has(path) ? path : 'other', status: String(response.status) }, (performance.now() - start) / 1000);
    },
  };
}
