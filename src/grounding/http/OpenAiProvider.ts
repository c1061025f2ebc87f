import { EmbedOptions, EmbeddingBatch, EmbeddingProvider, ProviderInfo } from '../EmbeddingProvider';
import { postJson } from './postJson';
import { providerFailure } from './providerErrors';
import { remoteInfo, RemoteProviderOptions } from './remoteInfo';

interface OpenAiEmbeddingResponse {
  data: { index: number; embedding: number[] }[];
}

/**
 * OpenAI-compatible `POST /v1/embeddings` (the API text-embeddings-inference,
 * vLLM, Infinity and our own embed-server speak): text in, vectors out; the
 * server tokenises.
 */
export class OpenAiProvider implements EmbeddingProvider {
  info: ProviderInfo;

  constructor(private readonly options: RemoteProviderOptions) {
    this.info = remoteInfo('openai', options);
  }

  async embed(texts: readonly string[], { signal }: EmbedOptions = {}): Promise<EmbeddingBatch> {
    if (texts.length === 0) return { vectors: [], info: this.info };
    const url = `${this.options.url.replace(/\/+$/, '')}/v1/embeddings`;
    const response = await postJson(url, { input: texts, model: this.options.model, encoding_format: 'float' }, {
      timeoutMs: this.options.timeoutMs,
      headers: this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : undefined,
      signal,
    });
    const body = response.body as Partial<OpenAiEmbeddingResponse>;
    if (!Array.isArray(body.data) || body.data.length !== texts.length) {
      throw providerFailure(`${url}: expected ${texts.length} embeddings in data[]`, false, { url });
    }
    const vectors = new Array<Float32Array>(texts.length);
    for (const item of body.data) vectors[item.index] = Float32Array.from(item.embedding);
    if (vectors.some((v) => v === undefined || v.length !== this.info.dimensions)) {
      throw providerFailure(`${url}: embeddings must have ${this.info.dimensions} numbers and distinct indices`, false, { url });
    }
    this.info = remoteInfo('openai', this.options, response.headers);
    return { vectors, info: this.info };
  }

  async close(): Promise<void> {}
}
