import { createServer, IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { badUserInput, CausewayError, isCausewayError, notFound } from '../../errors';
import type { InProcessProvider } from '../InProcessProvider';
import { EXECUTION_PROVIDER_HEADER, MODEL_CHECKSUM_HEADER } from '../http/remoteInfo';
import { DynamicBatcher } from './DynamicBatcher';
import { createServerMetrics, ServerMetrics } from './serverMetrics';
import { handleKServe } from './kserveRoutes';
import { handleOpenAi } from './openAiRoutes';
import type { ResolvedServerOptions, RouteContext, RouteResult } from './routeTypes';

export interface EmbedServerOptions {
  host?: string;
  port?: number;
  /** Most sequences per model run. */
  maxBatch?: number;
  /** Longest a sequence waits for its batch to fill, in ms. */
  maxWaitMs?: number;
  /** Most sequences waiting before requests get 429. */
  maxQueue?: number;
  /** Batches with the model at once: one running, one waiting to start (default 2; see DynamicBatcher). */
  maxInFlight?: number;
  /** Most texts in one request. */
  maxInputs?: number;
  maxBodyBytes?: number;
}

const DEFAULTS: ResolvedServerOptions = {
  host: '127.0.0.1',
  port: 8080,
  maxBatch: 32,
  maxWaitMs: 5,
  maxQueue: 1024,
  maxInFlight: 2,
  maxInputs: 2048,
  maxBodyBytes: 16 * 1024 * 1024,
};

/**
 * `causeway embed-server`: the in-process model behind HTTP, speaking
 * OpenAI-compatible `POST /v1/embeddings` and KServe v2
 * `POST /v2/models/{name}/infer`, with dynamic batching across requests,
 * a bounded queue (429 when full), `/healthz`, Prometheus `/metrics` and
 * graceful shutdown (stop accepting, finish queued work, then close).
 */
export class EmbedServer {
  private draining = false;

  /** Headers every answer carries, our clients read them. */
  private readonly modelHeaders: OutgoingHttpHeaders;

  private constructor(
    private readonly server: Server,
    private readonly context: RouteContext,
    private readonly metrics: ServerMetrics,
  ) {
    const info = context.provider.info;
    this.modelHeaders = {
      [EXECUTION_PROVIDER_HEADER]: info.executionProvider,
      [MODEL_CHECKSUM_HEADER]: info.modelChecksum,
      'content-type': 'application/json',
    };
  }

  static async start(provider: InProcessProvider, options: EmbedServerOptions = {}): Promise<EmbedServer> {
    const resolved = { ...DEFAULTS, ...options };
    let metrics: ServerMetrics | undefined;
    const batcher = new DynamicBatcher({
      maxBatch: resolved.maxBatch,
      maxWaitMs: resolved.maxWaitMs,
      maxQueue: resolved.maxQueue,
      maxInFlight: resolved.maxInFlight,
      run: (batch) => provider.embedIds(batch),
      onBatch: (size, seconds) => metrics?.observeBatch(size, seconds),
    });
    metrics = createServerMetrics(() => batcher.depth, () => provider.encoder.modelSeconds, provider.info);
    const modelNames = [provider.info.model, `sentence-transformers/${provider.info.model}`].map((n) => n.toLowerCase());
    const context: RouteContext = { provider, batcher, options: resolved, modelNames };
    const server = createServer();
    const embedServer = new EmbedServer(server, context, metrics);
    server.on('request', (req, res) => void embedServer.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(resolved.port, resolved.host, () => resolve());
    });
    void embedServer.url; // remember the bound address while the socket is open
    return embedServer;
  }

  /** Base URL of the listening socket (kept after shutdown, for logs). */
  get url(): string {
    const address = this.server.address() as AddressInfo | null;
    if (address) {
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      this.lastUrl = `http://${host}:${address.port}`;
    }
    return this.lastUrl;
  }

  private lastUrl = '';

  /** Stops accepting connections, answers everything queued, then releases the model. */
  async shutdown(graceMs = 10_000): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    // close() stops new connections at once; sockets already open may still be
    // carrying a request whose bytes are on the way, so idle ones are closed
    // only after the queue has drained, and the rest after graceMs.
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const grace = setTimeout(() => this.server.closeAllConnections(), graceMs);
    await this.context.batcher.drained();
    this.server.closeIdleConnections();
    await closed;
    clearTimeout(grace);
    await this.context.provider.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    let result: RouteResult;
    try {
      result = await this.route(req);
    } catch (error) {
      result = errorResult(error, protocolOf(req.url ?? ''));
      // Masked for the client; the operator still needs to see it.
      if (result.status === 500) process.stderr.write(`embed-server: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    // One writeHead with every header: cheaper per request than setHeader calls.
    const headers: OutgoingHttpHeaders = typeof result.body === 'string' ? { ...this.modelHeaders, 'content-type': this.metrics.registry.contentType } : { ...this.modelHeaders };
    // A refused oversized body: close rather than read the rest of it.
    if (this.draining || result.status === 413) headers.connection = 'close';
    if (result.status === 429) headers['retry-after'] = '1';
    const body = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
    // writeHead fixes the headers, so without a length Node would send the body chunked.
    headers['content-length'] = Buffer.byteLength(body);
    res.writeHead(result.status, headers);
    res.end(body);
    if (result.protocol !== 'ops') this.metrics.observeRequest(result.protocol, result.status, (performance.now() - started) / 1000);
  }

  private async route(req: IncomingMessage): Promise<RouteResult> {
    const path = pathOf(req.url ?? '/');
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/healthz') return this.health();
    if (method === 'GET' && path === '/metrics') {
      return { status: 200, body: await this.metrics.registry.metrics(), protocol: 'ops' };
    }
    if (this.draining) throw new CausewayError('server is shutting down', { code: 'LIMIT_EXCEEDED', details: { draining: true } });
    const readBody = (): Promise<unknown> => readJson(req, this.context.options.maxBodyBytes);
    if (path.startsWith('/v1/')) return handleOpenAi(this.context, method, path, readBody);
    if (path.startsWith('/v2')) return handleKServe(this.context, method, path, readBody);
    throw notFound(`no route ${method} ${path}`);
  }

  private health(): RouteResult {
    const { provider, batcher } = this.context;
    return {
      status: this.draining ? 503 : 200,
      protocol: 'ops',
      body: {
        status: this.draining ? 'draining' : 'ok',
        model: provider.info.model,
        modelChecksum: provider.info.modelChecksum,
        dimensions: provider.info.dimensions,
        executionProvider: provider.info.executionProvider,
        threads: provider.encoder.threads,
        instances: provider.instances,
        queueDepth: batcher.depth,
        maxBatch: this.context.options.maxBatch,
        maxWaitMs: this.context.options.maxWaitMs,
        maxQueue: this.context.options.maxQueue,
        maxInFlight: this.context.options.maxInFlight,
      },
    };
  }
}

function protocolOf(url: string): string {
  return url.startsWith('/v1/') ? 'openai' : url.startsWith('/v2') ? 'kserve' : 'ops';
}

/** The HTTP status of a typed error; 500 for anything unexpected. */
function statusOf(error: unknown): number {
  if (!isCausewayError(error)) return 500;
  switch (error.code) {
    case 'LIMIT_EXCEEDED':
      // Draining → 503 (try another replica); body too large → 413; queue full → 429.
      return error.details?.draining ? 503 : error.details?.tooLarge ? 413 : 429;
    case 'NOT_FOUND':
      return 404;
    case 'BAD_USER_INPUT':
      return 400;
    default:
      return 500;
  }
}

/** Typed errors keep their message; a 500 is masked. Error bodies follow each protocol's shape. */
function errorResult(error: unknown, protocol: string): RouteResult {
  const status = statusOf(error);
  const message = status === 500 || !isCausewayError(error) ? 'internal error' : error.message;
  const type = isCausewayError(error) && status !== 500 ? error.code : 'INTERNAL';
  const body = protocol === 'openai' ? { error: { message, type, code: status } } : { error: message };
  return { status, protocol, body };
}

/** The request path: the common plain paths as they are, anything else (query, dot segments, escapes) through URL. */
function pathOf(url: string): string {
  return /^\/[\w/-]*$/.test(url) && !url.includes('//') ? url : new URL(url, 'http://localhost').pathname;
}

/** The body as JSON, refused past `limit` bytes. Events rather than `for await`, which costs more per request. */
function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) return;
      if (size > limit) {
        refused = true;
        reject(new CausewayError(`request body over ${limit} bytes`, { code: 'LIMIT_EXCEEDED', details: { tooLarge: true } }));
        return;
      }
      chunks.push(chunk);
    });
    req.once('error', reject);
    req.once('end', () => {
      if (refused) return;
      try {
        const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
        resolve(JSON.parse(text) as unknown);
      } catch {
        reject(badUserInput('request body is not valid JSON'));
      }
    });
  });
}
