/**
 * Worker-thread side of WorkerSentenceEncoder: owns one OnnxSentenceEncoder.
 * onnxruntime-node's run() is synchronous on the calling thread, so running
 * it here keeps the main event loop free to accept and parse requests while a
 * batch is in the model (which is what lets the next batch form meanwhile).
 *
 * Protocol (parent ⇄ worker):
 *   → { kind: 'encode', id, batch }      ← { kind: 'encoded', id, data, dimensions, modelSeconds } (data transferred)
 *   ← { kind: 'ready', executionProvider, threads, dimensions } | { kind: 'failed', message, code }
 *   → { kind: 'release' }                ← worker exits
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isCausewayError } from '../errors';
import { OnnxSentenceEncoder, type EncoderOptions } from './OnnxSentenceEncoder';

export interface EncoderWorkerData {
  onnxPath: string;
  options: EncoderOptions;
}

export type ToWorker = { kind: 'encode'; id: number; batch: readonly (readonly number[])[] } | { kind: 'release' };

async function serve(): Promise<void> {
  const port = parentPort!;
  const { onnxPath, options } = workerData as EncoderWorkerData;
  let encoder: OnnxSentenceEncoder;
  try {
    encoder = await OnnxSentenceEncoder.create(onnxPath, options);
  } catch (error) {
    port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error), code: isCausewayError(error) ? error.code : 'INTERNAL' });
    return;
  }
  port.postMessage({ kind: 'ready', executionProvider: encoder.executionProvider, threads: encoder.threads, dimensions: encoder.dimensions });
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'release') {
      void encoder.release().then(() => port.close());
      return;
    }
    encoder.encode(message.batch).then(
      (vectors) => {
        const data = new Float32Array(vectors.length * encoder.dimensions);
        vectors.forEach((v, row) => data.set(v, row * encoder.dimensions));
        port.postMessage({ kind: 'encoded', id: message.id, data, dimensions: encoder.dimensions, modelSeconds: encoder.modelSeconds }, [data.buffer]);
      },
      (error: unknown) => port.postMessage({ kind: 'encoded', id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

void serve();
