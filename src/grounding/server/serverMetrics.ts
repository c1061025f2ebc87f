import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The embed server's Prometheus metrics, on a registry of its own (not prom-client's global one). */
export function createServerMetrics(queueDepth: () => number, modelSeconds: () => number, labels: { executionProvider: string; modelChecksum: string }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'causeway_embed_process_' });
  const requests = new Counter({
    name: 'causeway_embed_requests_total',
    help: 'HTTP requests by protocol and status code',
    labelNames: ['protocol', 'status'] as const,
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: 'causeway_embed_request_duration_seconds',
    help: 'Time from request to response',
    labelNames: ['protocol'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const batchSize = new Histogram({
    name: 'causeway_embed_batch_size',
    help: 'Sequences per model run (dynamic batching)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  });
  const batchSeconds = new Histogram({
    name: 'causeway_embed_batch_duration_seconds',
    help: 'Time per model run',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const sentences = new Counter({ name: 'causeway_embed_sentences_total', help: 'Sentences embedded', registers: [registry] });
  new Gauge({
    name: 'causeway_embed_queue_depth',
    help: 'Sequences waiting for a model run',
    registers: [registry],
    collect() {
      this.set(queueDepth());
    },
  });
  new Counter({
    name: 'causeway_embed_model_busy_seconds_total',
    help: 'Time inside model runs; its rate is the model\'s utilisation (idle gaps between batches lower it)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(modelSeconds());
    },
  });
  new Gauge({
    name: 'causeway_embed_model_info',
    help: 'The served model; value 1',
    labelNames: ['execution_provider', 'model_checksum'] as const,
    registers: [registry],
  })
    .labels(labels.executionProvider, labels.modelChecksum)
    .set(1);
  // Labelled children looked up once per label set, not hashed on every request.
  const requestChildren = new Map<string, { count: ReturnType<typeof requests.labels>; seconds: ReturnType<typeof requestSeconds.labels> }>();
  return {
    registry,
    observeRequest(protocol: string, status: number, seconds: number): void {
      const key = `${protocol} ${status}`;
      let child = requestChildren.get(key);
      if (!child) {
        child = { count: requests.labels(protocol, String(status)), seconds: requestSeconds.labels(protocol) };
        requestChildren.set(key, child);
      }
      child.count.inc();
      child.seconds.observe(seconds);
    },
    observeBatch(size: number, seconds: number): void {
      batchSize.observe(size);
      batchSeconds.observe(seconds);
      sentences.inc(size);
    },
  };
}

export type ServerMetrics = ReturnType<typeof createServerMetrics>;
