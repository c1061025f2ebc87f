import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { badUserInput } from '../errors';
import { fileChecksum, locateModel } from './modelLocation';
import { KSERVE_MODEL_NAME } from './server/kserveRoutes';

export interface TritonExportOptions {
  modelDir?: string;
  /** KIND_GPU (default) or KIND_CPU instances. */
  kind?: 'gpu' | 'cpu';
  maxBatch?: number;
  maxQueueDelayMicros?: number;
  dimensions?: number;
}

/**
 * Writes a Triton Inference Server model repository for the ONNX model
 * (https://github.com/triton-inference-server/server/blob/main/docs/user_guide/model_repository.md):
 *
 *   DIR/all-minilm-l6-v2/config.pbtxt
 *   DIR/all-minilm-l6-v2/1/model.onnx
 *
 * Triton then serves KServe v2 `POST /v2/models/all-minilm-l6-v2/infer`, which
 * our KServeProvider calls (it tokenises client-side). Returns the files written.
 */
export function exportTritonRepository(outDir: string, options: TritonExportOptions = {}): string[] {
  const files = locateModel(options.modelDir);
  const modelRoot = join(outDir, KSERVE_MODEL_NAME);
  const config = join(modelRoot, 'config.pbtxt');
  if (existsSync(config)) throw badUserInput(`${config} exists already; choose an empty directory`, 'DIR');
  mkdirSync(join(modelRoot, '1'), { recursive: true });
  const onnx = join(modelRoot, '1', 'model.onnx');
  copyFileSync(files.onnxPath, onnx);
  // Clients need the same tokenizer; Triton ignores files outside version folders.
  const tokenizer = join(modelRoot, 'tokenizer.json');
  const tokenizerConfig = join(modelRoot, 'tokenizer_config.json');
  copyFileSync(files.tokenizerJsonPath, tokenizer);
  copyFileSync(files.tokenizerConfigPath, tokenizerConfig);
  writeFileSync(config, tritonConfig(fileChecksum(files.onnxPath), options));
  return [config, onnx, tokenizer, tokenizerConfig];
}

/** config.pbtxt; with max_batch_size > 0 the dims below leave out the batch axis. */
export function tritonConfig(checksum: string, options: TritonExportOptions = {}): string {
  const input = (name: string): string => `  { name: "${name}" data_type: TYPE_INT64 dims: [ -1 ] }`;
  return `# Written by \`causeway model export-triton\`. all-MiniLM-L6-v2, fp32, pooled and L2-normalised in the graph.
# Inputs are right-padded token ids (the client tokenises, truncating at 256 tokens).
name: "${KSERVE_MODEL_NAME}"
backend: "onnxruntime"
max_batch_size: ${options.maxBatch ?? 64}
input [
${['input_ids', 'attention_mask', 'token_type_ids'].map(input).join(',\n')}
]
output [
  { name: "sentence_embedding" data_type: TYPE_FP32 dims: [ ${options.dimensions ?? 384} ] }
]
dynamic_batching {
  max_queue_delay_microseconds: ${options.maxQueueDelayMicros ?? 2000}
}
instance_group [
  { count: 1 kind: ${options.kind === 'cpu' ? 'KIND_CPU' : 'KIND_GPU'} }
]
parameters {
  key: "model_sha256"
  value: { string_value: "${checksum}" }
}
`;
}
