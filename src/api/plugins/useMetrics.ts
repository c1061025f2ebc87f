import type { Plugin } from 'graphql-yoga';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { ExecutionResult } from 'graphql';

/**
 * Prometheus metrics at /metrics: request latency by route and status, and
 * GraphQL operations by outcome, errors by code. Labels stay
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
    labelNames: ['outcome'],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'causeway_graphql_errors_total',
    help: 'GraphQL errors by extensions.code',
    labelNames: ['code'],
    registers: [registry],
  });
  const started = new WeakMap<Request, { at: number; route: string }>();
  const knownRoutes = new Set(['/graphql', '/healthz', '/readyz', '/metrics']);

  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      started.set(request, { at: performance.now(), route: knownRoutes.has(url.pathname) ? url.pathname : 'other' });
      if (url.pathname === '/metrics' && request.method === 'GET') {
        endResponse(new fetchAPI.Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } }));
      }
    },
    // Counted from the processed result: an onExecute hook would wrap every execution.
    onResultProcess({ result }) {
      for (const one of Array.isArray(result) ? result : [result]) {
        const list = (one as ExecutionResult).errors ?? [];
        operations.inc({ outcome: list.length > 0 ? 'error' : 'ok' });
        for (const error of list) errors.inc({ code: String(error.extensions?.code ?? 'GRAPHQL') });
      }
    },
    onResponse({ request, response }) {
      const start = started.get(request);
      if (start === undefined) return;
      requests.observe({ route: start.route, status: String(response.status) }, (performance.now() - start.at) / 1000);
    },
  };
}
