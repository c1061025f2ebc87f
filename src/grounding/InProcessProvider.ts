import { fileChecksum, locateModel, type ModelVariant } from './modelLocation';
import { EmbedOptions, EmbeddingBatch, EmbeddingProvider, ProviderInfo } from './EmbeddingProvider';
import { EncoderOptions, OnnxSentenceEncoder } from './OnnxSentenceEncoder';
import type { SentenceEncoder } from './SentenceEncoder';
import { WorkerSentenceEncoder } from './WorkerSentenceEncoder';
import { EncoderPool } from './EncoderPool';
import { availableParallelism } from 'node:os';
import { SentenceTokenizer } from './SentenceTokenizer';
import { InFlightLimit } from './InFlightLimit';
import { lengthSortedBatches } from './lengthSortedBatches';
import { CausewayError } from '../errors';

export const MODEL_NAME = 'all-MiniLM-L6-v2';

export interface InProcessOptions extends EncoderOptions {
  /** Model folder; default $CAUSEWAY_MODEL_DIR or <repo>/.cache/model. */
  modelDir?: string;
  /** fp32 (default) or the optional int8 file; the checksum tells them apart. */
  variant?: ModelVariant;
  /** Sentences per onnxruntime run. */
  maxBatch?: number;
  /**
   * Where the model runs: `worker` (default) keeps this thread's event loop
   * free during a run (onnxruntime-node's run() blocks its thread); `main`
   * saves the hop, for one-shot command-line work.
   */
  thread?: 'worker' | 'main';
  /**
   * Model runs handed to the encoder at once (default 2): one running, one
   * waiting in the worker so it starts without a round trip through this
   * thread. 1 hands over one run at a time.
   */
  pipelineDepth?: number;
  /**
   * Model instances (worker threads, each its own session; default 1). With
   * n, intraOpThreads (default: all cores) is split between them, at least
   * one each; runs go to the least busy one, and pipelineDepth defaults to
   * 2 per instance.
   */
  instances?: number;
}

/** The default provider: tokenizer and onnxruntime session in this process. */
export class InProcessProvider implements EmbeddingProvider {
  private readonly runs: InFlightLimit;

  private constructor(
    readonly tokenizer: SentenceTokenizer,
    readonly encoder: SentenceEncoder,
    readonly info: ProviderInfo,
    readonly maxBatch: number,
    pipelineDepth: number,
    /** Model instances (EncoderPool) behind `encoder`. */
    readonly instances: number,
  ) {
    this.runs = new InFlightLimit(pipelineDepth);
  }

  static async create(options: InProcessOptions = {}): Promise<InProcessProvider> {
    const files = locateModel(options.modelDir, options.variant);
    const tokenizer = SentenceTokenizer.fromFiles(files.tokenizerJsonPath, files.tokenizerConfigPath);
    const instances = options.instances ?? 1;
    if (!Number.isInteger(instances) || instances < 1) throw new RangeError(`instances must be a positive integer, got ${instances}`);
    const encoder = options.thread === 'main'
      ? await OnnxSentenceEncoder.create(files.onnxPath, encoderOptions(options))
      : instances === 1
        ? await WorkerSentenceEncoder.create(files.onnxPath, encoderOptions(options))
        : await pool(files.onnxPath, options, instances);
    const info: ProviderInfo = {
      provider: 'in-process',
      model: MODEL_NAME,
      modelChecksum: fileChecksum(files.onnxPath),
      dimensions: encoder.dimensions,
      executionProvider: encoder.executionProvider,
    };
    return new InProcessProvider(tokenizer, encoder, info, options.maxBatch ?? 32, options.pipelineDepth ?? 2 * instances, options.thread === 'main' ? 1 : instances);
  }

  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<EmbeddingBatch> {
    const ids = texts.map((text) => this.tokenizer.encode(text));
    return { vectors: await this.embedIds(ids, options), info: this.info };
  }

  /**
   * Embeds already tokenised sequences in length-sorted batches; results in
   * input order. All of a call's runs are submitted at once, so up to
   * pipelineDepth of them are with the encoder together.
   */
  async embedIds(ids: readonly number[][], options: EmbedOptions = {}): Promise<Float32Array[]> {
    const vectors = new Array<Float32Array>(ids.length);
    const runs = lengthSortedBatches(ids.map((s) => s.length), this.maxBatch).map((batch) =>
      this.runs.run(async () => {
        if (options.signal?.aborted) throw new CausewayError('embedding cancelled', { code: 'TIMEOUT' });
        const out = await this.encoder.encode(batch.map((i) => ids[i]!));
        batch.forEach((index, k) => (vectors[index] = out[k]!));
      }),
    );
    await Promise.all(runs);
    return vectors;
  }

  async close(): Promise<void> {
    await this.runs.idle();
    await this.encoder.release();
  }
}

/** n worker instances sharing the cores: intraOpThreads (default all cores) split between them. */
async function pool(onnxPath: string, options: InProcessOptions, instances: number): Promise<EncoderPool> {
  const threads = Math.max(1, Math.floor((options.intraOpThreads ?? availableParallelism()) / instances));
  const each = { ...encoderOptions(options), intraOpThreads: threads };
  return new EncoderPool(await Promise.all(Array.from({ length: instances }, () => WorkerSentenceEncoder.create(onnxPath, each))));
}

/** Only the encoder's own options cross into the worker (structured clone). */
function encoderOptions(options: InProcessOptions): EncoderOptions {
  const { executionProvider, intraOpThreads, interOpThreads, spinWait } = options;
  return { executionProvider, intraOpThreads, interOpThreads, spinWait };
}
