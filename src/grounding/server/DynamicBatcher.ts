import { limitExceeded } from '../../errors';

export interface DynamicBatcherOptions {
  /** Most sequences in one model run. */
  maxBatch: number;
  /** Longest time the first waiting sequence is held while a batch fills. */
  maxWaitMs: number;
  /** Most sequences waiting; beyond it requests are refused (HTTP 429). */
  maxQueue: number;
  /**
   * Batches handed to `run` and not yet finished (default 1). With 2, the
   * next batch forms and waits at the model while one runs, so the model
   * does not idle while this thread answers the last batch's requests.
   */
  maxInFlight?: number;
  run: (batch: number[][]) => Promise<Float32Array[]>;
  /** Called after each model run, for metrics. */
  onBatch?: (size: number, seconds: number) => void;
}

interface Pending {
  ids: number[];
  /** performance.now() at arrival. */
  at: number;
  resolve: (vector: Float32Array) => void;
  reject: (error: unknown) => void;
}

/**
 * Dynamic batching as in Triton and TorchServe: sequences from concurrent
 * requests wait in one bounded queue; a batch is handed to the model when
 * maxBatch are waiting or the oldest has waited maxWaitMs, whichever is
 * first, and fewer than maxInFlight batches are with the model. The model
 * itself runs one batch at a time (the session already uses every core, or
 * the GPU); a second batch in flight only waits there.
 */
export class DynamicBatcher {
  private readonly queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: DynamicBatcherOptions) {}

  get depth(): number {
    return this.queue.length;
  }

  /** Queues a request's sequences; refuses the whole request when the queue cannot take it. */
  submit(sequences: number[][]): Promise<Float32Array[]> {
    if (this.queue.length + sequences.length > this.options.maxQueue) {
      return Promise.reject(
        limitExceeded(`embedding queue full (${this.queue.length} waiting, limit ${this.options.maxQueue})`, {
          queued: this.queue.length,
          maxQueue: this.options.maxQueue,
        }),
      );
    }
    const results = sequences.map(
      (ids) => new Promise<Float32Array>((resolve, reject) => this.queue.push({ ids, at: performance.now(), resolve, reject })),
    );
    this.schedule();
    return Promise.all(results);
  }

  /** Resolves once the queue is empty and no run is in flight (graceful shutdown). */
  drained(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private get hasRoom(): boolean {
    return this.running < (this.options.maxInFlight ?? 1);
  }

  private schedule(): void {
    if (!this.hasRoom || this.queue.length === 0) return;
    const waited = performance.now() - this.queue[0]!.at;
    if (this.queue.length >= this.options.maxBatch || waited >= this.options.maxWaitMs) {
      this.clearTimer();
      void this.runOne();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.runOne();
      }, this.options.maxWaitMs - waited);
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async runOne(): Promise<void> {
    if (!this.hasRoom || this.queue.length === 0) return;
    this.running += 1;
    const batch = this.queue.splice(0, this.options.maxBatch);
    const started = process.hrtime.bigint();
    try {
      const running = this.options.run(batch.map((p) => p.ids));
      // What is left may form the next batch while this one is with the model (handed over after it, in order).
      this.schedule();
      const vectors = await running;
      batch.forEach((p, i) => p.resolve(vectors[i]!));
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.options.onBatch?.(batch.length, Number(process.hrtime.bigint() - started) / 1e9);
      this.running -= 1;
      if (this.queue.length === 0) {
        if (this.running === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      } else {
        this.schedule();
      }
    }
  }
}
