import { z } from 'zod';
import { CausewayError } from '../errors';

/**
 * The grounding settings, read from the environment once. The README's
 * configuration table lists them; the integrator may fold this schema into
 * src/config.
 */
const positiveInt = z.coerce.number().int().positive();

const schema = z.object({
  /** Set: embeddings come from this server; unset: in-process. */
  EMBEDDINGS_URL: z.string().url().optional(),
  EMBEDDINGS_PROTOCOL: z.enum(['openai', 'kserve']).default('openai'),
  EMBEDDINGS_MODEL: z.string().optional(),
  EMBEDDINGS_MODEL_CHECKSUM: z.string().optional(),
  EMBEDDINGS_API_KEY: z.string().optional(),
  EMBEDDINGS_TIMEOUT_MS: positiveInt.default(10_000),
  EMBEDDINGS_RETRIES: z.coerce.number().int().min(0).default(2),
  /** `in-process`: compute locally when the remote provider keeps failing. */
  EMBEDDINGS_FALLBACK: z.enum(['none', 'in-process']).default('none'),
  EMBEDDINGS_EXECUTION_PROVIDER: z.enum(['auto', 'cpu', 'cuda']).default('auto'),
  EMBEDDINGS_THREADS: positiveInt.optional(),
  EMBEDDINGS_BATCH: positiveInt.default(32),
  EMBEDDINGS_CACHE_SIZE: z.coerce.number().int().min(0).default(10_000),
  CAUSEWAY_MODEL_DIR: z.string().optional(),
  EMBEDDINGS_MODEL_VARIANT: z.enum(['fp32', 'int8']).default('fp32'),
});

export interface EmbeddingConfig {
  remote?: {
    url: string;
    protocol: 'openai' | 'kserve';
    model: string;
    modelChecksum?: string;
    apiKey?: string;
    timeoutMs: number;
  };
  retries: number;
  fallback: 'none' | 'in-process';
  executionProvider: 'auto' | 'cpu' | 'cuda';
  intraOpThreads?: number;
  maxBatch: number;
  cacheSize: number;
  modelDir?: string;
  variant: 'fp32' | 'int8';
}

/** Model names: OpenAI-style servers know the Hub name, Triton the repository folder. */
export const DEFAULT_REMOTE_MODEL = { openai: 'sentence-transformers/all-MiniLM-L6-v2', kserve: 'all-minilm-l6-v2' } as const;

export function loadEmbeddingConfig(env: NodeJS.ProcessEnv = process.env): Readonly<EmbeddingConfig> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new CausewayError(`invalid embedding configuration: ${problems}`, { code: 'CONFIG_ERROR' });
  }
  const e = parsed.data;
  return Object.freeze({
    remote: e.EMBEDDINGS_URL
      ? {
          url: e.EMBEDDINGS_URL,
          protocol: e.EMBEDDINGS_PROTOCOL,
          model: e.EMBEDDINGS_MODEL ?? DEFAULT_REMOTE_MODEL[e.EMBEDDINGS_PROTOCOL],
          modelChecksum: e.EMBEDDINGS_MODEL_CHECKSUM,
          apiKey: e.EMBEDDINGS_API_KEY,
          timeoutMs: e.EMBEDDINGS_TIMEOUT_MS,
        }
      : undefined,
    retries: e.EMBEDDINGS_RETRIES,
    fallback: e.EMBEDDINGS_FALLBACK,
    executionProvider: e.EMBEDDINGS_EXECUTION_PROVIDER,
    intraOpThreads: e.EMBEDDINGS_THREADS,
    maxBatch: e.EMBEDDINGS_BATCH,
    cacheSize: e.EMBEDDINGS_CACHE_SIZE,
    modelDir: e.CAUSEWAY_MODEL_DIR,
    variant: e.EMBEDDINGS_MODEL_VARIANT,
  });
}
