import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportTritonRepository } from '../../../src/grounding/tritonRepository';
import { fileChecksum, locateModel } from '../../../src/grounding/modelLocation';
import { requireModelDir } from './modelForTests';

describe('exportTritonRepository', () => {
  it('writes config.pbtxt and 1/model.onnx in Triton layout, naming the checksum', () => {
    const modelDir = requireModelDir();
    const out = mkdtempSync(join(tmpdir(), 'triton-'));
    const written = exportTritonRepository(out, { modelDir, kind: 'cpu', maxBatch: 16 });
    const root = join(out, 'all-minilm-l6-v2');
    expect(written).toContain(join(root, '1', 'model.onnx'));
    expect(statSync(join(root, '1', 'model.onnx')).size).toBe(statSync(locateModel(modelDir).onnxPath).size);
    const config = readFileSync(join(root, 'config.pbtxt'), 'utf8');
    expect(config).toContain('name: "all-minilm-l6-v2"');
    expect(config).toContain('backend: "onnxruntime"');
    expect(config).toContain('max_batch_size: 16');
    expect(config).toContain('kind: KIND_CPU');
    expect(config).toMatch(/name: "input_ids" data_type: TYPE_INT64 dims: \[ -1 \]/);
    expect(config).toMatch(/name: "sentence_embedding" data_type: TYPE_FP32 dims: \[ 384 \]/);
    expect(config).toContain(fileChecksum(locateModel(modelDir).onnxPath));
    expect(() => exportTritonRepository(out, { modelDir })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
