/**
 * @jest-environment ./test/unit/grounding/onnxTestEnvironment.js
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { locateModel } from '../../../src/grounding/modelLocation';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessProvider } from '../../../src/grounding/InProcessProvider';
import { CausewayError } from '../../../src/errors';
import { cosine, testProvider } from './modelForTests';

const fixtures = join(__dirname, '../../fixtures/grounding');
const sentences = JSON.parse(readFileSync(join(fixtures, 'sentences.json'), 'utf8')) as string[];
/** Float64 numpy forward pass (scripts/model/reference_numpy.py), one unpadded sentence at a time. */
const reference = JSON.parse(readFileSync(join(fixtures, 'reference_embeddings.json'), 'utf8')) as number[][];

describe('InProcessProvider (real ONNX model)', () => {
  let provider: InProcessProvider;
  beforeAll(async () => {
    provider = await testProvider({ maxBatch: 8 });
  });
  afterAll(async () => {
    await provider?.close();
  });

  it('describes itself: 384 dimensions, CPU, the ONNX file checksum', () => {
    expect(provider.info).toMatchObject({ provider: 'in-process', model: 'all-MiniLM-L6-v2', dimensions: 384, executionProvider: 'cpu' });
    expect(provider.info.modelChecksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('matches the numpy reference within 1e-4 in padded, length-sorted batches', async () => {
    const { vectors } = await provider.embed(sentences);
    let worst = 0;
    vectors.forEach((v, i) => {
      expect(v).toHaveLength(384);
      reference[i]!.forEach((r, j) => (worst = Math.max(worst, Math.abs(v[j]! - r))));
    });
    expect(worst).toBeLessThanOrEqual(1e-4);
  });

  it('gives unit vectors, the empty text included', async () => {
    const { vectors } = await provider.embed(['', 'x']);
    for (const v of vectors) expect(Math.sqrt(cosine(v, v))).toBeCloseTo(1, 5);
  });

  it('does not depend on what else is in the batch', async () => {
    const [alone] = (await provider.embed(['Smoking causes lung cancer.'])).vectors;
    const mixed = (await provider.embed([sentences[23]!, 'Smoking causes lung cancer.', 'a'])).vectors[1]!;
    alone!.forEach((x, i) => expect(Math.abs(x - mixed[i]!)).toBeLessThan(1e-5));
  });

  it('puts paraphrases closer than unrelated sentences', async () => {
    const [guitar1, guitar2, stocks, smoke1, smoke2, onion1, onion2] = (
      await provider.embed([
        'A man is playing a guitar.',
        'A person plays an acoustic guitar.',
        'The stock market fell sharply on Tuesday.',
        'Smoking causes lung cancer.',
        'Tobacco use leads to cancer of the lungs.',
        'A woman is slicing an onion.',
        'Someone is cutting an onion into pieces.',
      ])
    ).vectors as Float32Array[];
    for (const [a, b, unrelated] of [
      [guitar1, guitar2, stocks],
      [smoke1, smoke2, guitar1],
      [onion1, onion2, smoke1],
    ] as const) {
      expect(cosine(a!, b!)).toBeGreaterThan(0.5);
      expect(cosine(a!, b!)).toBeGreaterThan(cosine(a!, unrelated!) + 0.3);
    }
  });

  it('computes the same vectors with the session on the main thread as in the worker', async () => {
    const main = await testProvider({ thread: 'main' });
    try {
      const some = sentences.slice(0, 6);
      const [inWorker, onMain] = await Promise.all([provider.embed(some), main.embed(some)]);
      inWorker.vectors.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(onMain.vectors[i]!)));
    } finally {
      await main.close();
    }
  });

  it('computes the same vectors on two one-thread instances', async () => {
    const pooled = await testProvider({ instances: 2, maxBatch: 4 });
    try {
      expect(pooled.instances).toBe(2);
      expect(pooled.encoder.threads.intraOp).toBe(1);
      const some = sentences.slice(0, 12);
      const [single, twice] = await Promise.all([provider.embed(some), pooled.embed(some)]);
      // Different thread counts may sum in another order: equal to float32 rounding.
      let worst = 0;
      single.vectors.forEach((v, i) => v.forEach((x, j) => (worst = Math.max(worst, Math.abs(x - twice.vectors[i]![j]!)))));
      expect(worst).toBeLessThan(1e-5);
      expect(pooled.encoder.modelSeconds).toBeGreaterThan(0);
    } finally {
      await pooled.close();
    }
    await expect(testProvider({ instances: 0 })).rejects.toThrow(RangeError);
  });

  it('fails with ENVIRONMENT_ERROR naming the provisioning command when the model is absent', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-model-'));
    const attempt = InProcessProvider.create({ modelDir: empty });
    await expect(attempt).rejects.toBeInstanceOf(CausewayError);
    await expect(attempt).rejects.toMatchObject({ code: 'ENVIRONMENT_ERROR', message: expect.stringContaining('scripts/model/provision.js') });
  });
});

describe('locateModel variants', () => {
  it('names the --int8 provisioning step when the int8 file is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-'));
    for (const f of ['model.onnx', 'tokenizer.json', 'tokenizer_config.json']) writeFileSync(join(dir, f), '{}');
    expect(locateModel(dir, 'fp32').onnxPath).toBe(join(dir, 'model.onnx'));
    expect(() => locateModel(dir, 'int8')).toThrow(/provision\.js --int8/);
  });
});
