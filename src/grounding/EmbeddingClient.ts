import { EmbedOptions, EmbeddingBatch, EmbeddingProvider, ProviderInfo } from './EmbeddingProvider';
import { LruCache } from './LruCache';
import { retryWithJitter, RetryPolicy } from './http/retryWithJitter';

export interface EmbeddingClientOptions {
  primary: EmbeddingProvider;
  /**
   * Used when the primary still fails after its retries (e.g. in-process behind
   * a GPU server). A factory is called on first need, so a model that may never
   * be used is not loaded up front.
   */
  fallback?: EmbeddingProvider | (() => Promise<EmbeddingProvider>);
  /** Texts per provider call. */
  maxBatch?: number;
  /** Cached vectors (entries); 0 disables the cache. */
  cacheSize?: number;
  retry?: Partial<RetryPolicy>;
}

/** What served a call: for logs, metrics and grounding certificates. */
export interface EmbedReport {
  /** Providers that computed vectors for this call (none when all were cached). */
  servedBy: ProviderInfo[];
  cacheHits: number;
  computed: number;
  /** True when the fallback had to step in. */
  fellBack: boolean;
}

export interface ClientEmbeddingBatch extends EmbeddingBatch {
  report: EmbedReport;
}

/**
 * The one entry point for embeddings: splits work into batches, serves
 * repeats from an LRU cache keyed by model checksum + text, retries transient
 * failures with jittered backoff, falls back when configured, and reports
 * which provider and execution provider served each call.
 */
export class EmbeddingClient implements EmbeddingProvider {
  private readonly cache: LruCache<string, Float32Array>;
  private readonly maxBatch: number;
  private readonly retry: RetryPolicy;
  private fallback: Promise<EmbeddingProvider> | undefined;

  constructor(private readonly options: EmbeddingClientOptions) {
    this.cache = new LruCache(options.cacheSize ?? 10_000);
    this.maxBatch = options.maxBatch ?? 64;
    this.retry = { retries: 2, baseDelayMs: 100, maxDelayMs: 2_000, ...options.retry };
  }

  get info(): ProviderInfo {
    return this.options.primary.info;
  }

  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<ClientEmbeddingBatch> {
    const vectors = new Array<Float32Array>(texts.length);
    const report: EmbedReport = { servedBy: [], cacheHits: 0, computed: 0, fellBack: false };
    // Texts to compute, each once however often it repeats.
    const missing = new Map<string, number[]>();
    texts.forEach((text, i) => {
      const hit = this.cache.get(this.key(this.info, text));
      if (hit) {
        vectors[i] = hit;
        report.cacheHits += 1;
      } else {
        missing.set(text, [...(missing.get(text) ?? []), i]);
      }
    });
    const unique = [...missing.keys()];
    for (let start = 0; start < unique.length; start += this.maxBatch) {
      const chunk = unique.slice(start, start + this.maxBatch);
      const batch = await this.embedChunk(chunk, options, report);
      chunk.forEach((text, k) => {
        const vector = batch.vectors[k]!;
        this.cache.set(this.key(batch.info, text), vector);
        for (const i of missing.get(text)!) vectors[i] = vector;
      });
      report.computed += chunk.length;
      if (!report.servedBy.some((s) => sameServer(s, batch.info))) report.servedBy.push(batch.info);
    }
    return { vectors, info: report.servedBy[0] ?? this.info, report };
  }

  private async embedChunk(chunk: string[], options: EmbedOptions, report: EmbedReport): Promise<EmbeddingBatch> {
    try {
      return await retryWithJitter(() => this.options.primary.embed(chunk, options), this.retry);
    } catch (error) {
      const fallback = this.fallbackProvider();
      if (!fallback || options.signal?.aborted) throw error;
      report.fellBack = true;
      return (await fallback).embed(chunk, options);
    }
  }

  private fallbackProvider(): Promise<EmbeddingProvider> | undefined {
    const configured = this.options.fallback;
    if (!configured) return undefined;
    this.fallback ??= typeof configured === 'function' ? configured() : Promise.resolve(configured);
    return this.fallback;
  }

  private key(info: ProviderInfo, text: string): string {
    return `${info.modelChecksum}\u0000${text}`;
  }

  async close(): Promise<void> {
    await Promise.all([this.options.primary.close(), this.fallback?.then((f) => f.close())]);
  }
}

function sameServer(a: ProviderInfo, b: ProviderInfo): boolean {
  return a.provider === b.provider && a.endpoint === b.endpoint && a.executionProvider === b.executionProvider;
}
