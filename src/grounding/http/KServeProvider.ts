import { EmbedOptions, EmbeddingBatch, EmbeddingProvider, ProviderInfo } from '../EmbeddingProvider';
import type { SentenceTokenizer } from '../SentenceTokenizer';
import { lengthSortedBatches } from '../lengthSortedBatches';
import { postJson } from './postJson';
import { providerFailure } from './providerErrors';
import { remoteInfo, RemoteProviderOptions } from './remoteInfo';
import { kserveTensors, KServeInferResponse, SENTENCE_EMBEDDING } from './kserveTensors';

/**
 * KServe v2 / Open Inference Protocol `POST /v2/models/{name}/infer`, what
 * NVIDIA Triton serves for an ONNX model (`causeway model export-triton`).
 * Triton runs the graph only, so we tokenise here and send the int64 tensors
 * the graph takes; the answer is the pooled, normalised embedding.
 */
export class KServeProvider implements EmbeddingProvider {
  info: ProviderInfo;

  constructor(
    private readonly options: RemoteProviderOptions,
    private readonly tokenizer: SentenceTokenizer,
    /** Sentences per request, sorted by length so each request pads little. */
    private readonly maxBatch = 32,
  ) {
    this.info = remoteInfo('kserve', options);
  }

  async embed(texts: readonly string[], { signal }: EmbedOptions = {}): Promise<EmbeddingBatch> {
    const ids = texts.map((t) => this.tokenizer.encode(t));
    const vectors = new Array<Float32Array>(texts.length);
    const url = `${this.options.url.replace(/\/+$/, '')}/v2/models/${encodeURIComponent(this.options.model)}/infer`;
    for (const batch of lengthSortedBatches(ids.map((s) => s.length), this.maxBatch)) {
      const response = await postJson(url, { inputs: kserveTensors(batch.map((i) => ids[i]!)), outputs: [{ name: SENTENCE_EMBEDDING }] }, {
        timeoutMs: this.options.timeoutMs,
        headers: this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : undefined,
        signal,
      });
      const output = (response.body as Partial<KServeInferResponse>).outputs?.find((o) => o.name === SENTENCE_EMBEDDING);
      const dims = this.info.dimensions;
      if (!output || output.shape?.[0] !== batch.length || output.shape?.[1] !== dims || output.data?.length !== batch.length * dims) {
        throw providerFailure(`${url}: expected ${SENTENCE_EMBEDDING} of shape [${batch.length}, ${dims}]`, false, { url });
      }
      batch.forEach((index, row) => (vectors[index] = Float32Array.from(output.data.slice(row * dims, (row + 1) * dims))));
      this.info = remoteInfo('kserve', this.options, response.headers);
    }
    return { vectors, info: this.info };
  }

  async close(): Promise<void> {}
}
