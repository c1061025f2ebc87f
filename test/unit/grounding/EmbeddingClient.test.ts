/**
 * @jest-environment ./test/unit/grounding/onnxTestEnvironment.js
 */
import { createServer } from 'node:net';
import { EmbeddingClient } from '../../../src/grounding/EmbeddingClient';
import { InProcessProvider } from '../../../src/grounding/InProcessProvider';
import { OpenAiProvider } from '../../../src/grounding/http/OpenAiProvider';
import type { EmbeddingBatch, EmbeddingProvider } from '../../../src/grounding/EmbeddingProvider';
import { testProvider } from './modelForTests';

/** Wraps the real provider and records every batch of texts it was asked for. */
class RecordingProvider implements EmbeddingProvider {
  readonly seenBatches: string[][] = [];
  constructor(private readonly inner: InProcessProvider) {}
  get info() {
    return this.inner.info;
  }
  embed(texts: readonly string[]): Promise<EmbeddingBatch> {
    this.seenBatches.push([...texts]);
    return this.inner.embed(texts);
  }
  async close(): Promise<void> {}
}

/** A loopback port with nothing listening: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

describe('EmbeddingClient (real model)', () => {
  let provider: InProcessProvider;
  beforeAll(async () => {
    provider = await testProvider();
  });
  afterAll(async () => provider?.close());

  it('computes each distinct text once, in batches of maxBatch, and serves repeats from the cache', async () => {
    const recorder = new RecordingProvider(provider);
    const client = new EmbeddingClient({ primary: recorder, maxBatch: 2, cacheSize: 100 });
    const first = await client.embed(['a', 'b', 'a', 'c']);
    expect(recorder.seenBatches).toEqual([['a', 'b'], ['c']]);
    expect(first.report).toMatchObject({ cacheHits: 0, computed: 3, fellBack: false });
    expect(first.vectors[0]).toBe(first.vectors[2]);
    const second = await client.embed(['c', 'a', 'd']);
    expect(recorder.seenBatches.slice(2)).toEqual([['d']]);
    expect(second.report).toMatchObject({ cacheHits: 2, computed: 1 });
    expect(second.report.servedBy.map((s) => s.provider)).toEqual(['in-process']);
    const direct = (await provider.embed(['d'])).vectors[0]!;
    expect(Array.from(second.vectors[2]!)).toEqual(Array.from(direct));
  });

  it('falls back to in-process after retrying an unreachable server, and says so', async () => {
    const port = await closedPort();
    const client = new EmbeddingClient({
      primary: new OpenAiProvider({ url: `http://127.0.0.1:${port}`, model: 'all-MiniLM-L6-v2', dimensions: 384, timeoutMs: 1000 }),
      fallback: provider,
      retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 },
    });
    const result = await client.embed(['Smoking causes lung cancer.']);
    expect(result.report.fellBack).toBe(true);
    expect(result.info).toMatchObject({ provider: 'in-process', executionProvider: 'cpu' });
    expect(result.vectors[0]).toHaveLength(384);
  });

  it('creates a lazily configured fallback only when it is needed', async () => {
    let created = 0;
    const recorder = new RecordingProvider(provider);
    const healthy = new EmbeddingClient({ primary: recorder, fallback: async () => (created++, provider) });
    await healthy.embed(['x']);
    expect(created).toBe(0);
    const port = await closedPort();
    const failing = new EmbeddingClient({
      primary: new OpenAiProvider({ url: `http://127.0.0.1:${port}`, model: 'm', dimensions: 384, timeoutMs: 1000 }),
      fallback: async () => (created++, provider),
      retry: { retries: 0 },
    });
    const result = await failing.embed(['y', 'z']);
    expect(created).toBe(1);
    expect(result.report.fellBack).toBe(true);
    expect(result.info).toMatchObject({ provider: 'in-process', executionProvider: 'cpu' });
    expect(result.vectors[0]).toHaveLength(384);
  });

  it('without a fallback, fails with a typed error naming the server', async () => {
    const port = await closedPort();
    const client = new EmbeddingClient({
      primary: new OpenAiProvider({ url: `http://127.0.0.1:${port}`, model: 'm', dimensions: 384, timeoutMs: 1000 }),
      retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    await expect(client.embed(['x'])).rejects.toMatchObject({ code: 'ENVIRONMENT_ERROR', message: expect.stringContaining(`127.0.0.1:${port}`) });
  });
});
