/**
 * @jest-environment ./test/unit/grounding/onnxTestEnvironment.js
 */
import { request } from 'node:http';
import { EmbedServer } from '../../../src/grounding/server/EmbedServer';
import { EmbeddingClient } from '../../../src/grounding/EmbeddingClient';
import { InProcessProvider } from '../../../src/grounding/InProcessProvider';
import { OpenAiProvider } from '../../../src/grounding/http/OpenAiProvider';
import { KServeProvider } from '../../../src/grounding/http/KServeProvider';
import { testProvider } from './modelForTests';

const texts = ['Smoking causes lung cancer.', '', 'A man is playing a guitar.', 'Rain causes wet streets.', 'Smoking causes lung cancer.'];

function maxAbsDiff(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((v, i) => v.forEach((x, j) => (worst = Math.max(worst, Math.abs(x - b[i]![j]!)))));
  return worst;
}

async function post(url: string, body: unknown): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

/** Sum and count of a Prometheus histogram in the text exposition format. */
function histogram(metrics: string, name: string): { sum: number; count: number } {
  const read = (suffix: string) => Number(new RegExp(`^${name}_${suffix} (\\S+)$`, 'm').exec(metrics)?.[1]);
  return { sum: read('sum'), count: read('count') };
}

describe('causeway embed-server on loopback (real model)', () => {
  let local: InProcessProvider;
  let served: InProcessProvider;
  let server: EmbedServer;
  let expected: Float32Array[];

  beforeAll(async () => {
    local = await testProvider();
    served = await testProvider({ maxBatch: 16 });
    server = await EmbedServer.start(served, { port: 0, maxBatch: 16, maxWaitMs: 25, maxQueue: 64 });
    expected = (await local.embed(texts)).vectors;
  });
  afterAll(async () => {
    await server?.shutdown();
    await local?.close();
  });

  it('serves OpenAI /v1/embeddings through the client, reporting provider and execution provider', async () => {
    const client = new EmbeddingClient({
      primary: new OpenAiProvider({ url: server.url, model: 'all-MiniLM-L6-v2', dimensions: 384, timeoutMs: 5000 }),
      cacheSize: 0,
    });
    const result = await client.embed(texts);
    expect(maxAbsDiff(result.vectors, expected)).toBeLessThan(1e-5);
    expect(result.info).toMatchObject({ provider: 'openai', executionProvider: 'cpu', modelChecksum: local.info.modelChecksum, endpoint: server.url });
    // The repeated text is computed once.
    expect(result.report.computed).toBe(4);
  });

  it('serves KServe v2 infer through the client (client-side tokenisation, as with Triton)', async () => {
    const client = new EmbeddingClient({
      primary: new KServeProvider({ url: server.url, model: 'all-minilm-l6-v2', dimensions: 384, timeoutMs: 5000 }, local.tokenizer, 2),
      cacheSize: 0,
    });
    const result = await client.embed(texts);
    expect(maxAbsDiff(result.vectors, expected)).toBeLessThan(1e-5);
    expect(result.info).toMatchObject({ provider: 'kserve', executionProvider: 'cpu', modelChecksum: local.info.modelChecksum });
  });

  it('accepts a KServe BYTES text tensor and OpenAI base64 encoding', async () => {
    const kserve = await post(`${server.url}/v2/models/all-minilm-l6-v2/infer`, {
      id: 'r1',
      inputs: [{ name: 'text', shape: [2], datatype: 'BYTES', data: [texts[0], texts[2]] }],
    });
    expect(kserve.status).toBe(200);
    expect(kserve.json).toMatchObject({ id: 'r1', parameters: { execution_provider: 'cpu' } });
    expect(kserve.json.outputs[0].shape).toEqual([2, 384]);
    expect(Math.abs(kserve.json.outputs[0].data[384] - expected[2]![0]!)).toBeLessThan(1e-5);

    const b64 = await post(`${server.url}/v1/embeddings`, { input: texts[3], encoding_format: 'base64' });
    const bytes = Buffer.from(b64.json.data[0].embedding, 'base64');
    const vector = new Float32Array(bytes.buffer, bytes.byteOffset, 384);
    expect(maxAbsDiff([vector], [expected[3]!])).toBeLessThan(1e-5);
    expect(b64.json.usage.prompt_tokens).toBeGreaterThan(2);
    // Sized, not chunked: 384 float32 in base64 are 2,048 characters of the body.
    expect(Number(b64.headers.get('content-length'))).toBeGreaterThan(2048);
    expect(b64.headers.get('transfer-encoding')).toBeNull();
  });

  it('forms batches across 32 concurrent clients', async () => {
    const before = histogram(await (await fetch(`${server.url}/metrics`)).text(), 'causeway_embed_batch_size');
    const sentences = Array.from({ length: 32 }, (_, i) => `Concurrent client number ${i} asks for an embedding.`);
    const answers = await Promise.all(sentences.map((s) => post(`${server.url}/v1/embeddings`, { input: s })));
    expect(answers.every((a) => a.status === 200 && a.json.data[0].embedding.length === 384)).toBe(true);
    const after = histogram(await (await fetch(`${server.url}/metrics`)).text(), 'causeway_embed_batch_size');
    const runs = after.count - before.count;
    expect(after.sum - before.sum).toBe(32);
    expect(runs).toBeLessThan(32);
    expect(32 / runs).toBeGreaterThan(2);
  });

  it('answers /healthz with the execution provider and rejects malformed requests', async () => {
    const health = await (await fetch(`${server.url}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', executionProvider: 'cpu', dimensions: 384, model: 'all-MiniLM-L6-v2' });
    expect((await post(`${server.url}/v1/embeddings`, { input: [1, 2] })).status).toBe(400);
    expect((await post(`${server.url}/v1/embeddings`, { input: 'x', model: 'gpt-4' })).status).toBe(404);
    expect((await post(`${server.url}/v2/models/other/infer`, { inputs: [] })).status).toBe(404);
    const ragged = await post(`${server.url}/v2/models/all-minilm-l6-v2/infer`, {
      inputs: [{ name: 'input_ids', shape: [1, 3], datatype: 'INT64', data: [101, 102] }, { name: 'attention_mask', shape: [1, 3], datatype: 'INT64', data: [1, 1, 1] }],
    });
    expect(ragged.status).toBe(400);
  });

  it('routes paths with a query string or dot segments like plain ones', async () => {
    // node:http sends the path as written (fetch would normalise it first).
    const rawPost = (path: string, body: unknown) =>
      new Promise<{ status: number; json: any }>((resolve, reject) => {
        const { hostname, port } = new URL(server.url);
        const req = request({ hostname, port, path, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
        });
        req.on('error', reject);
        req.end(JSON.stringify(body));
      });
    for (const path of ['/v1/embeddings?trace=1', '/v1/./embeddings', '/v2/../v1/embeddings', '/v1/embedding%73']) {
      const answer = await rawPost(path, { input: texts[0] });
      expect({ path, status: answer.status }).toEqual({ path, status: path.includes('%') ? 404 : 200 });
      if (answer.status === 200) expect(maxAbsDiff([Float32Array.from(answer.json.data[0].embedding as number[])], [expected[0]!])).toBeLessThan(1e-5);
    }
    expect((await fetch(`${server.url}/healthz?verbose`)).status).toBe(200);
  });

  it('reports the time its model spent running, no more than the time that passed', async () => {
    const busy = async () => Number(/^causeway_embed_model_busy_seconds_total (\S+)$/m.exec(await (await fetch(`${server.url}/metrics`)).text())?.[1]);
    const before = await busy();
    const started = performance.now();
    await post(`${server.url}/v1/embeddings`, { input: texts.map((t) => `${t} Once more, with feeling.`) });
    const elapsed = (performance.now() - started) / 1000;
    const spent = (await busy()) - before;
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(elapsed);
  });
});

describe('embed-server backpressure and shutdown (real model)', () => {
  it('answers 429 with Retry-After when the queue cannot take a request', async () => {
    const provider = await testProvider();
    const server = await EmbedServer.start(provider, { port: 0, maxBatch: 4, maxWaitMs: 1, maxQueue: 2 });
    try {
      const refused = await post(`${server.url}/v1/embeddings`, { input: ['a', 'b', 'c'] });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.json.error.type).toBe('LIMIT_EXCEEDED');
      expect((await post(`${server.url}/v1/embeddings`, { input: ['a', 'b'] })).status).toBe(200);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/causeway_embed_requests_total\{protocol="openai",status="429"\} 1/);
      expect(metrics).toMatch(/causeway_embed_model_info\{execution_provider="cpu"/);
    } finally {
      await server.shutdown();
    }
  });

  it('answers 413 to a body over maxBodyBytes, closing that connection, and serves the next request', async () => {
    const provider = await testProvider();
    const server = await EmbedServer.start(provider, { port: 0, maxBatch: 4, maxWaitMs: 1, maxQueue: 16, maxBodyBytes: 256 });
    try {
      const tooLarge = await post(`${server.url}/v1/embeddings`, { input: 'x'.repeat(4096) });
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.headers.get('connection')).toBe('close');
      expect(tooLarge.json.error.type).toBe('LIMIT_EXCEEDED');
      expect((await post(`${server.url}/v1/embeddings`, { input: 'small enough' })).status).toBe(200);
      const notJson = await fetch(`${server.url}/v1/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input": ' });
      expect(notJson.status).toBe(400);
    } finally {
      await server.shutdown();
    }
  });

  it('finishes requests in flight on shutdown, then refuses connections', async () => {
    const provider = await testProvider();
    const server = await EmbedServer.start(provider, { port: 0, maxBatch: 8, maxWaitMs: 300, maxQueue: 100 });
    const inFlight = Promise.all(Array.from({ length: 6 }, (_, i) => post(`${server.url}/v1/embeddings`, { input: `sentence ${i}` })));
    // Shut down while all six wait in the queue for their batch to fill.
    for (let depth = 0; depth < 6; ) depth = ((await (await fetch(`${server.url}/healthz`)).json()) as { queueDepth: number }).queueDepth;
    await server.shutdown();
    const answers = await inFlight;
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
