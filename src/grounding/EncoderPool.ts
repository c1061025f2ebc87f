import type { SentenceEncoder } from './SentenceEncoder';

/**
 * Several model instances behind one SentenceEncoder, as Triton's instance
 * groups run them: each run goes to the instance with the fewest runs
 * waiting. Two one-thread sessions beat one two-thread session on two cores
 * (no waking of a second thread for each of the graph's small operators),
 * most for small runs (docs/grounding.md, "Benchmark").
 */
export class EncoderPool implements SentenceEncoder {
  private readonly pending: number[];

  constructor(private readonly instances: readonly SentenceEncoder[]) {
    if (instances.length === 0) throw new RangeError('an encoder pool needs at least one instance');
    this.pending = instances.map(() => 0);
  }

  get executionProvider(): SentenceEncoder['executionProvider'] {
    return this.instances[0]!.executionProvider;
  }

  /** Threads of one instance; `instances` says how many there are. */
  get threads(): SentenceEncoder['threads'] {
    return this.instances[0]!.threads;
  }

  get dimensions(): number {
    return this.instances[0]!.dimensions;
  }

  get size(): number {
    return this.instances.length;
  }

  /** Summed over instances, so with n instances it grows up to n seconds a second. */
  get modelSeconds(): number {
    return this.instances.reduce((sum, e) => sum + e.modelSeconds, 0);
  }

  async encode(batch: readonly (readonly number[])[]): Promise<Float32Array[]> {
    let chosen = 0;
    for (let i = 1; i < this.pending.length; i++) if (this.pending[i]! < this.pending[chosen]!) chosen = i;
    this.pending[chosen]! += 1;
    try {
      return await this.instances[chosen]!.encode(batch);
    } finally {
      this.pending[chosen]! -= 1;
    }
  }

  async release(): Promise<void> {
    await Promise.all(this.instances.map((e) => e.release()));
  }
}
