/**
 * Grounding benchmark (`npm run bench grounding`), all on this machine in one run:
 *
 *  1. sentences/s in-process for calls of 1, 8, 32, 128 STS-B dev sentences
 *     (the provider length-sorts each call into model runs of at most 32,
 *     split further where padding would pass 1.25× the real tokens), and the
 *     share of the time spent tokenising;
 *  2. Node vs Python onnxruntime: the same model file, the same padded
 *     batches (batch 32), the same thread settings, model time only;
 *  3. `causeway embed-server` (a child process) under 32 concurrent clients,
 *     one sentence per request, vs the in-process ceiling (best batch above);
 *  4. int8 vs fp32 (when `provision.js --int8` has made the int8 file), model
 *     only, batch 32, same batches and threads;
 *  5. STS-B dev Spearman through the Node pipeline (JS tokenizer + onnxruntime-node),
 *     to cross-check scripts/model/validate_export.py's Python figure.
 *
 * The machine may be shared, so configurations are interleaved over
 * BENCH_ROUNDS rounds and each figure is the median of its rounds.
 *
 * Environment: BENCH_SENTENCES (default 256), BENCH_ROUNDS (default 5),
 * BENCH_THREADS (default: all cores), BENCH_SPIN (1: onnxruntime threads
 * spin-wait; default 0), BENCH_EP (auto | cpu | cuda; default cpu),
 * BENCH_MAX_WAIT_MS (server batching window, default 10).
 */
import { spawn, spawnSync } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { readFileSync, writeFileSync, mkdtempSync, existsSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InProcessProvider } from '../src/grounding/InProcessProvider';
import { lengthSortedBatches } from '../src/grounding/lengthSortedBatches';
import { locateModel } from '../src/grounding/modelLocation';

const root = resolve(__dirname, '..');
const sentenceCount = Number(process.env.BENCH_SENTENCES ?? 256);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const spinWait = process.env.BENCH_SPIN === '1';
const maxWaitMs = process.env.BENCH_MAX_WAIT_MS ?? '10';
const threads = Number(process.env.BENCH_THREADS ?? availableParallelism());
const executionProvider = (process.env.BENCH_EP ?? 'cpu') as 'auto' | 'cpu' | 'cuda';

function stsbSentences(limit: number): string[] {
  const file = join(root, '..', 'shared', 'datasets', 'stsb', 'sts-dev.csv');
  const seen = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const fields = line.split('\t');
    if (fields.length < 7) continue;
    seen.add(fields[5]!);
    seen.add(fields[6]!);
    if (seen.size >= limit) break;
  }
  return [...seen].slice(0, limit);
}

/** Seconds for one run of fn, after one untimed warm-up run. */
async function timeOnce(fn: () => Promise<unknown>, warm = true): Promise<number> {
  if (warm) await fn();
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function inProcessThroughput(provider: InProcessProvider, sentences: string[]) {
  const sizes = [1, 8, 32, 128];
  const seconds = new Map<number, number[]>(sizes.map((b) => [b, []]));
  const tokenizeSeconds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const batch of sizes) {
      const groups = chunk(sentences, batch);
      // One call per group; the provider decides its model runs.
      seconds.get(batch)!.push(await timeOnce(async () => {
        for (const group of groups) await provider.embed(group);
      }, round === 0));
    }
    tokenizeSeconds.push(await timeOnce(async () => sentences.map((s) => provider.tokenizer.encode(s)), round === 0));
  }
  const tokenize = median(tokenizeSeconds);
  return sizes.map((batch) => {
    const t = median(seconds.get(batch)!);
    return { batch, perSecond: sentences.length / t, tokenizeShare: tokenize / t };
  });
}

async function nodeVsPython(provider: InProcessProvider, sentences: string[]) {
  const ids = sentences.map((s) => provider.tokenizer.encode(s));
  const batches = lengthSortedBatches(ids.map((s) => s.length), 32).map((b) => b.map((i) => ids[i]!));
  const python = join(root, '.cache', 'python', 'bin', 'python');
  const hasOrt = existsSync(python) && spawnSync(python, ['-c', 'import onnxruntime'], { stdio: 'ignore' }).status === 0;
  if (!hasOrt) spawnSync(process.execPath, [join(root, 'scripts', 'model', 'provision.js'), '--tools'], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'ort-peer-'));
  writeFileSync(join(dir, 'batches.json'), JSON.stringify(batches));
  const node: number[] = [];
  const py: number[] = [];
  let pythonVersion = '';
  for (let round = 0; round < rounds; round++) {
    const t = await timeOnce(async () => {
      for (const b of batches) await provider.encoder.encode(b);
    }, round === 0);
    node.push(sentences.length / t);
    const args = [join(__dirname, 'python', 'ort_peer.py'), locateModel().onnxPath, join(dir, 'batches.json'), String(threads), '1', spinWait ? '1' : '0'];
    const peer = spawnSync(python, args, { encoding: 'utf8' });
    if (peer.status !== 0) throw new Error(`ort_peer.py failed: ${peer.stderr}`);
    const answer = JSON.parse(peer.stdout.trim().split('\n').pop()!) as { sentences_per_s: number; version: string };
    py.push(answer.sentences_per_s);
    pythonVersion = answer.version;
  }
  return { nodePerSecond: median(node), pythonPerSecond: median(py), pythonVersion };
}

async function serverUnderLoad(sentences: string[], clients: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'bench', 'embedServerMain.ts'), String(threads), executionProvider, maxWaitMs, spinWait ? '1' : '0'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const url = await new Promise<string>((resolveUrl, reject) => {
    let buffer = '';
    child.stderr!.on('data', (d: Buffer) => {
      buffer += d.toString();
      const m = /listening on (\S+)/.exec(buffer);
      if (m) resolveUrl(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`embed server exited with ${code}`)));
  });
  // Plain node:http with keep-alive: a light load generator (undici's fetch
  // costs more CPU per request, which on a small machine is taken from the server).
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const { hostname, port } = new URL(url);
  const request = (text: string): Promise<number> =>
    new Promise((resolveStatus, reject) => {
      const body = JSON.stringify({ input: text });
      const req = httpRequest(
        { agent, hostname, port, path: '/v1/embeddings', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolveStatus(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const runLoad = async (): Promise<number> => {
    let next = 0;
    let rejected = 0;
    const worker = async (): Promise<void> => {
      while (next < sentences.length) {
        if ((await request(sentences[next++]!)) !== 200) rejected += 1;
      }
    };
    await Promise.all(Array.from({ length: clients }, worker));
    return rejected;
  };
  let rejected = 0;
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    times.push(await timeOnce(async () => {
      rejected += await runLoad();
    }, round === 0));
  }
  const seconds = median(times);
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1]);
  const meanBatch = read('causeway_embed_batch_size_sum') / read('causeway_embed_batch_size_count');
  const health = (await (await fetch(`${url}/healthz`)).json()) as { executionProvider: string };
  agent.destroy();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { perSecond: sentences.length / seconds, meanBatch, rejected, executionProvider: health.executionProvider };
}

function readStsb(): { gold: number; a: string; b: string }[] {
  const file = join(root, '..', 'shared', 'datasets', 'stsb', 'sts-dev.csv');
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((f) => f.length >= 7)
    .map((f) => ({ gold: Number(f[4]), a: f[5]!, b: f[6]! }));
}

/** Average ranks, ties sharing the mean of their positions. */
function ranks(values: number[]): number[] {
  const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
  const out = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    for (let k = start; k <= end; k++) out[order[k]!] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return out;
}

/** Spearman's rho = Pearson correlation of the ranks. */
function spearman(x: number[], y: number[]): number {
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(rx);
  const my = mean(ry);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  rx.forEach((r, i) => {
    sxy += (r - mx) * (ry[i]! - my);
    sxx += (r - mx) ** 2;
    syy += (ry[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

async function stsbSpearman(provider: InProcessProvider): Promise<{ pairs: number; rho: number }> {
  const pairs = readStsb();
  const texts = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  // One call: embed sorts all texts by length into batches of maxBatch.
  const { vectors } = await provider.embed(texts);
  const byText = new Map(texts.map((t, i) => [t, vectors[i]!]));
  const cosines = pairs.map((p) => {
    const a = byText.get(p.a)!;
    const b = byText.get(p.b)!;
    let dot = 0;
    for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
    return dot;
  });
  return { pairs: pairs.length, rho: spearman(pairs.map((p) => p.gold), cosines) };
}

async function int8VsFp32(fp32: InProcessProvider, sentences: string[]) {
  if (!existsSync(join(locateModel().dir, 'model.int8.onnx'))) return undefined;
  const int8 = await InProcessProvider.create({ variant: 'int8', intraOpThreads: threads, interOpThreads: 1, spinWait, executionProvider, maxBatch: 32 });
  const ids = sentences.map((s) => fp32.tokenizer.encode(s));
  const batches = lengthSortedBatches(ids.map((s) => s.length), 32).map((b) => b.map((i) => ids[i]!));
  const rates = { fp32: [] as number[], int8: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    for (const [name, p] of [['fp32', fp32], ['int8', int8]] as const) {
      const t = await timeOnce(async () => {
        for (const b of batches) await p.encoder.encode(b);
      }, round === 0);
      rates[name].push(sentences.length / t);
    }
  }
  const { rho } = await stsbSpearman(int8);
  await int8.close();
  return { fp32PerSecond: median(rates.fp32), int8PerSecond: median(rates.int8), rho };
}

async function main(): Promise<void> {
  const sentences = stsbSentences(sentenceCount);
  const provider = await InProcessProvider.create({ intraOpThreads: threads, interOpThreads: 1, spinWait, executionProvider, maxBatch: 32 });
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`machine: ${availableParallelism()} cores (${cpu}); onnxruntime threads intra-op ${threads}, inter-op 1, spin-wait ${spinWait}; EP ${provider.info.executionProvider}`);
  console.log(`workload: ${sentences.length} distinct STS-B dev sentences, median of ${rounds} interleaved rounds, model ${provider.info.model} sha256 ${provider.info.modelChecksum.slice(0, 12)}…\n`);

  const rows = await inProcessThroughput(provider, sentences);
  console.log('| call size | sentences/s | tokenisation share |');
  console.log('| ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.batch} | ${r.perSecond.toFixed(1)} | ${(100 * r.tokenizeShare).toFixed(1)}% |`);
  const b1 = rows.find((r) => r.batch === 1)!.perSecond;
  const b32 = rows.find((r) => r.batch === 32)!.perSecond;
  const ceiling = Math.max(...rows.map((r) => r.perSecond));
  console.log(`batch 32 / batch 1 = ${(b32 / b1).toFixed(2)}x (goal >= 2.5x)\n`);

  const peer = await nodeVsPython(provider, sentences);
  console.log(`model only, the same length-sorted runs of <= 32, same file and threads: Node ${peer.nodePerSecond.toFixed(1)}/s, Python onnxruntime ${peer.pythonVersion} ${peer.pythonPerSecond.toFixed(1)}/s`);
  console.log(`Node / Python = ${((100 * peer.nodePerSecond) / peer.pythonPerSecond).toFixed(1)}% (goal >= 80%)\n`);
  const int8 = await int8VsFp32(provider, sentences);
  if (int8) {
    console.log(`int8 vs fp32, model only, same runs of <= 32: ${int8.int8PerSecond.toFixed(1)}/s vs ${int8.fp32PerSecond.toFixed(1)}/s = ${(int8.int8PerSecond / int8.fp32PerSecond).toFixed(2)}x (goal >= 2x)`);
    console.log(`STS-B dev int8: Spearman ${int8.rho.toFixed(4)}\n`);
  } else {
    console.log('int8: not provisioned (node scripts/model/provision.js --int8)\n');
  }
  const sts = await stsbSpearman(provider);
  console.log(`STS-B dev through the Node pipeline: Spearman ${sts.rho.toFixed(4)} over ${sts.pairs} pairs\n`);
  await provider.close();

  const server = await serverUnderLoad(sentences, 32);
  console.log(
    `embed-server (${server.executionProvider}, max wait ${maxWaitMs} ms), 32 concurrent clients, 1 sentence/request: ${server.perSecond.toFixed(1)}/s, ` +
      `mean batch ${server.meanBatch.toFixed(1)}, non-200 answers ${server.rejected}`,
  );
  console.log(`server / in-process ceiling (${ceiling.toFixed(1)}/s) = ${((100 * server.perSecond) / ceiling).toFixed(1)}% (goal >= 80%)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
