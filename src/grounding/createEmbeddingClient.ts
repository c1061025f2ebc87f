import type { EmbeddingConfig } from './embeddingConfig';
import type { EmbeddingProvider } from './EmbeddingProvider';
import { EmbeddingClient } from './EmbeddingClient';
import { InProcessProvider } from './InProcessProvider';
import { KServeProvider } from './http/KServeProvider';
import { OpenAiProvider } from './http/OpenAiProvider';
import { defaultModelDir, locateModel } from './modelLocation';
import { SentenceTokenizer } from './SentenceTokenizer';

const DIMENSIONS = 384;

/** Builds the configured provider (and fallback) behind one client. */
export async function createEmbeddingClient(config: EmbeddingConfig): Promise<EmbeddingClient> {
  const inProcess = (): Promise<InProcessProvider> =>
    InProcessProvider.create({
      modelDir: config.modelDir,
      variant: config.variant,
      executionProvider: config.executionProvider,
      intraOpThreads: config.intraOpThreads,
      maxBatch: config.maxBatch,
    });
  let primary: EmbeddingProvider;
  if (!config.remote) {
    primary = await inProcess();
  } else {
    const remote = { ...config.remote, dimensions: DIMENSIONS };
    if (config.remote.protocol === 'openai') {
      primary = new OpenAiProvider(remote);
    } else {
      // Triton runs the graph only: tokenisation stays on this side.
      const files = locateModel(config.modelDir ?? defaultModelDir());
      primary = new KServeProvider(remote, SentenceTokenizer.fromFiles(files.tokenizerJsonPath, files.tokenizerConfigPath), config.maxBatch);
    }
  }
  const fallback = config.remote && config.fallback === 'in-process' ? inProcess : undefined;
  return new EmbeddingClient({
    primary,
    fallback,
    // In-process, hand the provider large calls so its length sort spans more
    // texts; remote, keep each HTTP request moderate.
    maxBatch: config.remote ? Math.max(config.maxBatch, 64) : 1024,
    cacheSize: config.cacheSize,
    retry: { retries: config.retries },
  });
}
