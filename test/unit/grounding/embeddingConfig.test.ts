import { loadEmbeddingConfig } from '../../../src/grounding/embeddingConfig';

describe('loadEmbeddingConfig', () => {
  it('defaults to the in-process provider', () => {
    const config = loadEmbeddingConfig({});
    expect(config.remote).toBeUndefined();
    expect(config).toMatchObject({ executionProvider: 'auto', fallback: 'none', maxBatch: 32, retries: 2 });
  });

  it('reads a remote KServe provider with its model name defaulting to the Triton repository name', () => {
    const config = loadEmbeddingConfig({ EMBEDDINGS_URL: 'http://gpu:8000', EMBEDDINGS_PROTOCOL: 'kserve', EMBEDDINGS_FALLBACK: 'in-process' });
    expect(config.remote).toMatchObject({ url: 'http://gpu:8000', protocol: 'kserve', model: 'all-minilm-l6-v2', timeoutMs: 10000 });
    expect(config.fallback).toBe('in-process');
  });

  it('rejects a bad setting with CONFIG_ERROR naming it', () => {
    expect(() => loadEmbeddingConfig({ EMBEDDINGS_PROTOCOL: 'grpc' })).toThrow(/EMBEDDINGS_PROTOCOL/);
    expect(() => loadEmbeddingConfig({ EMBEDDINGS_BATCH: '0' })).toThrow(expect.objectContaining({ code: 'CONFIG_ERROR' }));
  });
});
