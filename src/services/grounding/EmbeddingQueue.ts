import type { EntityEmbedder } from './EntityEmbedder';

export interface EmbeddingQueueOptions {
  /** Most entities per embedding call. */
  maxBatch?: number;
  /** How long the first id of a batch waits for more to arrive. */
  maxWaitMs?: number;
  /** Failed batches are reported here and dropped (backfill picks them up later). */
  onError?: (error: unknown, ids: string[]) => void;
  /** Reported after each stored batch. */
  onBatch?: (report: { ids: number; embedded: number; skipped: number }) => void;
}

/**
 * Keeps embedding off the write path: writers enqueue the ids they changed
 * and return at once; one loop embeds them in batches in the background. An
 * id enqueued again while waiting is embedded once; one enqueued while its
 * batch runs is embedded again afterwards (its text may have changed).
 */
export class EmbeddingQueue {
  private readonly pending = new Set<string>();
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly embedder: EntityEmbedder,
    private readonly options: EmbeddingQueueOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 64;
    this.maxWaitMs = options.maxWaitMs ?? 100;
  }

  get size(): number {
    return this.pending.size;
  }

  enqueue(ids: Iterable<string>): void {
    if (this.closed) return;
    for (const id of ids) this.pending.add(id);
    if (this.pending.size > 0 && !this.running) this.running = this.drain().finally(() => (this.running = null));
  }

  /** Resolves when everything enqueued so far has been embedded (or failed). */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops accepting ids and finishes what is queued. */
  async close(): Promise<void> {
    this.closed = true;
    await this.whenIdle();
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0) {
      if (this.pending.size < this.maxBatch && !this.closed) await sleep(this.maxWaitMs);
      const batch = [...this.pending].slice(0, this.maxBatch);
      for (const id of batch) this.pending.delete(id);
      try {
        const report = await this.embedder.embedIds(batch);
        this.options.onBatch?.({ ids: batch.length, ...report });
      } catch (error) {
        this.options.onError?.(error, batch);
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
