import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { environmentError, invalidModel } from '../errors';
import { ExecutionProvider, ExecutionProviderPreference, providerCandidates } from './executionProviders';

export interface EncoderOptions {
  executionProvider?: ExecutionProviderPreference;
  /** Threads inside one operator (matrix products); default: the machine's cores. */
  intraOpThreads?: number;
  /** Threads across independent operators; 1 because a BERT graph is a chain. */
  interOpThreads?: number;
  /**
   * Let idle intra-op threads spin-wait for the next operator (onnxruntime's
   * default). Off by default: on a shared machine, and in the embed server
   * whose event loop needs a core between runs, spinning threads steal CPU.
   */
  spinWait?: boolean;
}

/**
 * One onnxruntime session over the exported graph (scripts/model/export_onnx.py):
 * int64 input_ids / attention_mask / token_type_ids [batch, sequence] in,
 * pooled and L2-normalised `sentence_embedding` [batch, dimensions] out.
 */
export class OnnxSentenceEncoder {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly executionProvider: ExecutionProvider,
    readonly threads: { intraOp: number; interOp: number; spinWait: boolean },
    public dimensions: number,
  ) {}

  /** Seconds inside session.run, summed (the embed server's utilisation metric). */
  modelSeconds = 0;
  private lastRunEnd = 0;

  static async create(onnxPath: string, options: EncoderOptions = {}): Promise<OnnxSentenceEncoder> {
    const threads = {
      intraOp: options.intraOpThreads ?? availableParallelism(),
      interOp: options.interOpThreads ?? 1,
      spinWait: options.spinWait ?? false,
    };
    const failures: string[] = [];
    for (const provider of providerCandidates(options.executionProvider ?? 'auto')) {
      try {
        const spin = threads.spinWait ? '1' : '0';
        const session = await ort.InferenceSession.create(onnxPath, {
          executionProviders: provider === 'cuda' ? ['cuda'] : ['cpu'],
          intraOpNumThreads: threads.intraOp,
          interOpNumThreads: threads.interOp,
          executionMode: 'sequential',
          graphOptimizationLevel: 'all',
          // onnxruntime's defaults, stated so bench/python/ort_peer.py can set the same.
          enableCpuMemArena: true,
          enableMemPattern: true,
          logSeverityLevel: 3,
          extra: { session: { intra_op: { allow_spinning: spin }, inter_op: { allow_spinning: spin } } },
        });
        const encoder = new OnnxSentenceEncoder(session, provider, threads, 0);
        // A first run both warms the session up and reads the output width.
        const [probe] = await encoder.encode([[101, 102]]);
        encoder.dimensions = probe!.length;
        return encoder;
      } catch (error) {
        failures.push(`${provider}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    throw environmentError(`could not start onnxruntime on ${onnxPath}: ${failures.join('; ')}`, { failures });
  }

  /** Embeds one batch of token-id sequences, right-padded to the longest. */
  async encode(batch: readonly (readonly number[])[]): Promise<Float32Array[]> {
    if (batch.length === 0) return [];
    const width = Math.max(...batch.map((ids) => ids.length));
    const size = batch.length * width;
    const inputIds = new BigInt64Array(size);
    const mask = new BigInt64Array(size);
    batch.forEach((ids, row) => {
      const offset = row * width;
      for (let i = 0; i < ids.length; i++) {
        inputIds[offset + i] = BigInt(ids[i]!);
        mask[offset + i] = 1n;
      }
    });
    const dims = [batch.length, width];
    const started = performance.now();
    const output = await this.session.run({
      input_ids: new ort.Tensor('int64', inputIds, dims),
      attention_mask: new ort.Tensor('int64', mask, dims),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(size), dims),
    });
    // run() defers to setImmediate and then blocks this thread, so runs issued
    // together execute one after another: a run starts when the one before ends.
    const ended = performance.now();
    this.modelSeconds += (ended - Math.max(started, this.lastRunEnd)) / 1000;
    this.lastRunEnd = ended;
    const result = output.sentence_embedding;
    if (!result || result.dims.length !== 2 || result.dims[0] !== batch.length) {
      throw invalidModel('model output sentence_embedding [batch, dimensions] is missing or misshapen');
    }
    const data = result.data as Float32Array;
    const width2 = Number(result.dims[1]);
    return batch.map((_, row) => data.slice(row * width2, (row + 1) * width2));
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
