import type { Plugin } from 'graphql-yoga';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { ExecutionResult } from 'graphql';
import { pathOf, requestState } from './RequestState';

/**
 * Prometheus metrics at /metrics: request latency by route and status, and
 * GraphQL operations by outcome, errors by code. Labels stay
 * low-cardinality (no operation names from clients, no ids).
 *
 * Every request passes through here, so the labelled children are looked up
 * once per label combination and kept (prom-client otherwise hashes the label
 * object on every observation), and the request's start time comes from the
 * request state useRequestLifecycle made, not from a map of its own.
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
  const knownRoutes = new Set(['/graphql', '/healthz', '/readyz', '/metrics']);
  const routeOf = new WeakMap<Request, string>();
  const latency = labelled((key) => {
    const [route, status] = key.split(' ');
    return requests.labels({ route: route!, status: status! });
  });
  const ok = operations.labels({ outcome: 'ok' });
  const failed = operations.labels({ outcome: 'error' });
  const errorsByCode = labelled((code) => errors.labels({ code }));

  return {
    // The route comes from the request's URL string: the adapter's parsed `url` is made on first use, and bare yoga never asks for it.
    onRequest({ request, endResponse, fetchAPI }) {
      const path = pathOf(request.url);
      const route = knownRoutes.has(path) ? path : 'other';
      if (route !== '/graphql') routeOf.set(request, route);
      if (route === '/metrics' && request.method === 'GET') {
        return registry.metrics().then((text) => endResponse(new fetchAPI.Response(text, { headers: { 'content-type': registry.contentType } })));
      }
      return undefined;
    },
    // Counted from the processed result: an onExecute hook would wrap every execution.
    onResultProcess({ result }) {
      for (const one of Array.isArray(result) ? result : [result]) {
        const list = (one as ExecutionResult).errors;
        if (!list || list.length === 0) {
          ok.inc();
          continue;
        }
        failed.inc();
        for (const error of list) errorsByCode(String(error.extensions?.code ?? 'GRAPHQL')).inc();
      }
    },
    onResponse({ request, response }) {
      const state = requestState(request);
      if (state === undefined) return;
      latency(`${routeOf.get(request) ?? '/graphql'} ${response.status}`).observe((performance.now() - state.startedAt) / 1000);
    },
  };
}

/** A labelled child per key, made once: the keys here are few (routes × statuses, error codes). */
function labelled<T>(make: (key: string) => T): (key: string) => T {
  const children = new Map<string, T>();
  return (key) => {
    let child = children.get(key);
    if (child === undefined) {
      child = make(key);
      children.set(key, child);
    }
    return child;
  };
}
