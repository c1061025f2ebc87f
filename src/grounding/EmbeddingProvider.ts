/**
 * One interface for every way of computing embeddings; the client, the embed
 * server and (later) the grounding service depend on this, not on a backend.
 */
export type ProviderKind = 'in-process' | 'openai' | 'kserve';

export interface ProviderInfo {
  provider: ProviderKind;
  /** Model name, e.g. all-MiniLM-L6-v2. */
  model: string;
  /**
   * Identity of the weights: SHA-256 of the ONNX file where known. Caches and
   * stored entity embeddings key on it so a model change invalidates them.
   */
  modelChecksum: string;
  dimensions: number;
  /** onnxruntime execution provider that ran the model ('cpu', 'cuda'), or 'unknown' for a foreign server. */
  executionProvider: string;
  /** Base URL of a remote provider. */
  endpoint?: string;
}

export interface EmbedOptions {
  signal?: AbortSignal;
}

/** Vectors in input order, and who computed them. */
export interface EmbeddingBatch {
  vectors: Float32Array[];
  info: ProviderInfo;
}

export interface EmbeddingProvider {
  readonly info: ProviderInfo;
  embed(texts: readonly string[], options?: EmbedOptions): Promise<EmbeddingBatch>;
  close(): Promise<void>;
}
