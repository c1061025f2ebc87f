/**
 * The Node side of grounding.bench.ts's Node-vs-Python comparison, as a child
 * process shaped exactly like bench/python/ort_peer.py: one onnxruntime-node
 * session (src/grounding/OnnxSentenceEncoder, on this thread) over the same
 * padded batches; for each line "run" on stdin it times one pass and prints
 * {"seconds": …, "version": …}. Both peers sleep between their turns the same
 * way, so neither gets the scheduler's favour on a busy machine that a
 * process woken from a long sleep gets over one that kept running.
 *
 * argv: MODEL.onnx BATCHES.json THREADS SPIN(0|1)
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { OnnxSentenceEncoder } from '../src/grounding/OnnxSentenceEncoder';

async function main(): Promise<void> {
  const [model, batchesFile, threads, spin] = process.argv.slice(2);
  const batches = JSON.parse(readFileSync(batchesFile!, 'utf8')) as number[][][];
  const encoder = await OnnxSentenceEncoder.create(model!, { executionProvider: 'cpu', intraOpThreads: Number(threads), interOpThreads: 1, spinWait: spin === '1' });
  for (const batch of batches) await encoder.encode(batch); // warm-up: every shape once
  const version = (require('onnxruntime-node/package.json') as { version: string }).version;
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() !== 'run') continue;
    const started = performance.now();
    for (const batch of batches) await encoder.encode(batch);
    process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - started) / 1000, version })}\n`);
  }
  await encoder.release();
}

void main();
