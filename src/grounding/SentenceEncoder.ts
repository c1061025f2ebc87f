import type { ExecutionProvider } from './executionProviders';

/** Runs the ONNX graph on batches of token ids; in this thread or in a worker. */
export interface SentenceEncoder {
  readonly executionProvider: ExecutionProvider;
  readonly threads: { intraOp: number; interOp: number; spinWait: boolean };
  readonly dimensions: number;
  /** Seconds spent inside model runs since the encoder started (utilisation = its rate). */
  readonly modelSeconds: number;
  /** One model run over a batch of token-id sequences (right-padded inside). */
  encode(batch: readonly (readonly number[])[]): Promise<Float32Array[]>;
  release(): Promise<void>;
}
