import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmbeddingClient } from '../../../src/grounding/EmbeddingClient';
import { OpenAiProvider } from '../../../src/grounding/http/OpenAiProvider';

/** A loopback HTTP server whose handler each test supplies; it records the requests it saw. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push(body);
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const vectorFor = (i: number) => Array.from({ length: 384 }, (_, j) => (j === i % 384 ? 1 : 0));

describe('HTTP providers: timeouts, retries, malformed answers', () => {
  it('retries a 503 with backoff and then succeeds, reading the order from data[].index', async () => {
    let calls = 0;
    const server = await serve((_req, res, body) => {
      calls += 1;
      if (calls === 1) {
        res.writeHead(503).end('busy');
        return;
      }
      const input = (JSON.parse(body) as { input: string[] }).input;
      // Answer in reverse order: the provider must place by index.
      const data = input.map((_, index) => ({ index, embedding: vectorFor(index) })).reverse();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
    });
    try {
      const client = new EmbeddingClient({
        primary: new OpenAiProvider({ url: server.url, model: 'm', dimensions: 384, timeoutMs: 2000 }),
        retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 },
      });
      const result = await client.embed(['a', 'b']);
      expect(calls).toBe(2);
      expect(result.vectors[1]![1]).toBe(1);
      expect(result.vectors[0]![0]).toBe(1);
      expect(result.info).toMatchObject({ provider: 'openai', executionProvider: 'unknown', modelChecksum: `openai:${server.url}:m` });
      expect(JSON.parse(server.seen[1]!)).toMatchObject({ input: ['a', 'b'], model: 'm', encoding_format: 'float' });
    } finally {
      await server.close();
    }
  });

  it('times out a server that never answers, as a retriable failure', async () => {
    const server = await serve(() => undefined);
    try {
      const provider = new OpenAiProvider({ url: server.url, model: 'm', dimensions: 384, timeoutMs: 100 });
      const started = Date.now();
      await expect(provider.embed(['x'])).rejects.toMatchObject({ code: 'ENVIRONMENT_ERROR', details: { retriable: true, timedOut: true } });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await server.close();
    }
  });

  it('does not retry a 400, nor accept vectors of the wrong width', async () => {
    let calls = 0;
    const bad = await serve((_req, res) => {
      calls += 1;
      res.writeHead(400).end('{"error":"no"}');
    });
    const narrow = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ index: 0, embedding: [1, 0] }] }));
    });
    try {
      const client = new EmbeddingClient({
        primary: new OpenAiProvider({ url: bad.url, model: 'm', dimensions: 384, timeoutMs: 1000 }),
        retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 1 },
      });
      await expect(client.embed(['x'])).rejects.toMatchObject({ details: { retriable: false, status: 400 } });
      expect(calls).toBe(1);
      await expect(new OpenAiProvider({ url: narrow.url, model: 'm', dimensions: 384, timeoutMs: 1000 }).embed(['x'])).rejects.toThrow(/384 numbers/);
    } finally {
      await bad.close();
      await narrow.close();
    }
  });
});
