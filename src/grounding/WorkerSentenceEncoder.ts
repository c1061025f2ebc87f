import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CausewayError, environmentError, type ErrorCode } from '../errors';
import type { EncoderWorkerData, ToWorker } from './encoderWorker';
import type { ExecutionProvider } from './executionProviders';
import type { EncoderOptions } from './OnnxSentenceEncoder';
import type { SentenceEncoder } from './SentenceEncoder';

type FromWorker =
  | { kind: 'ready'; executionProvider: ExecutionProvider; threads: SentenceEncoder['threads']; dimensions: number }
  | { kind: 'failed'; message: string; code: ErrorCode }
  | { kind: 'encoded'; id: number; data?: Float32Array; dimensions?: number; modelSeconds?: number; error?: string };

/**
 * The ONNX session in a worker thread (see encoderWorker.ts for why), behind
 * the same SentenceEncoder interface as the in-thread OnnxSentenceEncoder.
 */
export class WorkerSentenceEncoder implements SentenceEncoder {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: unknown) => void }>();
  private dead: Error | undefined;
  /** The worker's running total, as of its last answer. */
  modelSeconds = 0;

  private constructor(
    private readonly worker: Worker,
    readonly executionProvider: ExecutionProvider,
    readonly threads: SentenceEncoder['threads'],
    readonly dimensions: number,
  ) {
    worker.on('message', (message: FromWorker) => this.onMessage(message));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`encoder worker exited with code ${code}`)));
  }

  static async create(onnxPath: string, options: EncoderOptions = {}): Promise<WorkerSentenceEncoder> {
    const worker = spawnWorker({ onnxPath, options });
    const ready = await new Promise<Extract<FromWorker, { kind: 'ready' }>>((resolve, reject) => {
      worker.once('message', (message: FromWorker) => {
        if (message.kind === 'ready') resolve(message);
        else if (message.kind === 'failed') reject(new CausewayError(message.message, { code: message.code }));
      });
      worker.once('error', (error) => reject(environmentError(`encoder worker failed to start: ${error.message}`, undefined, error)));
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return new WorkerSentenceEncoder(worker, ready.executionProvider, ready.threads, ready.dimensions);
  }

  encode(batch: readonly (readonly number[])[]): Promise<Float32Array[]> {
    if (batch.length === 0) return Promise.resolve([]);
    if (this.dead) return Promise.reject(environmentError(`encoder worker is gone: ${this.dead.message}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ kind: 'encode', id, batch } satisfies ToWorker);
    });
  }

  async release(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.postMessage({ kind: 'release' } satisfies ToWorker);
    await exited;
  }

  private onMessage(message: FromWorker): void {
    if (message.kind !== 'encoded') return;
    if (message.modelSeconds !== undefined) this.modelSeconds = message.modelSeconds;
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.error !== undefined || !message.data) {
      waiter.reject(environmentError(`model run failed: ${message.error ?? 'no data'}`));
      return;
    }
    const { data, dimensions = this.dimensions } = message;
    const rows = data.length / dimensions;
    waiter.resolve(Array.from({ length: rows }, (_, row) => data.subarray(row * dimensions, (row + 1) * dimensions)));
  }

  private fail(error: Error): void {
    this.dead ??= error;
    for (const waiter of this.pending.values()) waiter.reject(environmentError(`encoder worker is gone: ${error.message}`, undefined, error));
    this.pending.clear();
  }
}

/**
 * Built code runs encoderWorker.js directly; from TypeScript sources (ts-jest,
 * tsx) the worker first registers tsx's require hook so it can load the .ts.
 */
function spawnWorker(data: EncoderWorkerData): Worker {
  const file = join(__dirname, `encoderWorker${extname(__filename)}`);
  if (file.endsWith('.ts')) {
    return new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true, workerData: data });
  }
  return new Worker(file, { workerData: data });
}
