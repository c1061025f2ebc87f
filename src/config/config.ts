import { resolve } from 'node:path';
import { z } from 'zod';
import { CausewayError } from '../errors';

/**
 * One schema for every setting, read from the environment once and frozen.
 * README's configuration table mirrors this file.
 */
const bytes = z
  .string()
  .regex(/^\d+[kmg]?$/i, 'a size such as 512m or 2g')
  .transform((text) => {
    const unit = text.slice(-1).toLowerCase();
    const scale = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
    return Number.parseInt(text, 10) * scale;
  });

/** The noisy-OR leak assumed for an entity without a base rate (named in every answer's assumptions). */
export const DEFAULT_BASE_RATE = 0.01;

const port = z.coerce.number().int().min(1).max(65535);

const schema = z.object({
  NEO4J_URI: z.string().regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\//, 'bolt://, neo4j://, neo4j+s:// …').optional(),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.string().optional(),
  CAUSEWAY_HOME: z.string().default('.causeway'),
  CAUSEWAY_NEO4J_PORT: port.default(7687),
  CAUSEWAY_NEO4J_PAGE_CACHE: bytes.default('128m'),
  CAUSEWAY_NEO4J_HEAP: bytes.default('512m'),
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CAUSEWAY_API_KEYS: z.string().optional(),
  CAUSEWAY_JWT_SECRET: z.string().optional(),
  CAUSEWAY_JWKS_URI: z.string().url().optional(),
  CAUSEWAY_ANONYMOUS_READS: z.enum(['auto', 'true', 'false']).default('auto'),
  CAUSEWAY_TX_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  CAUSEWAY_DEFAULT_BASE_RATE: z.coerce.number().min(0).max(1).default(DEFAULT_BASE_RATE),
});

export interface Config {
  /** Set when an external Neo4j is used; unset means the embedded local server. */
  neo4jUri?: string;
  neo4jUser: string;
  neo4jPassword: string;
  neo4jDatabase?: string;
  /** Directory for the embedded server's data, the generated admin key, caches. */
  home: string;
  localNeo4j: { port: number; pageCacheBytes: number; heapBytes: number; dataDir: string };
  http: { host: string; port: number };
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  apiKeys?: string;
  jwtSecret?: string;
  jwksUri?: string;
  anonymousReads: 'auto' | 'true' | 'false';
  txTimeoutMs: number;
  defaultBaseRate: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new CausewayError(`invalid configuration: ${problems}`, { code: 'CONFIG_ERROR' });
  }
  const e = parsed.data;
  const home = resolve(e.CAUSEWAY_HOME);
  return Object.freeze({
    neo4jUri: e.NEO4J_URI,
    neo4jUser: e.NEO4J_USER,
    neo4jPassword: e.NEO4J_PASSWORD,
    neo4jDatabase: e.NEO4J_DATABASE,
    home,
    localNeo4j: Object.freeze({
      port: e.CAUSEWAY_NEO4J_PORT,
      pageCacheBytes: e.CAUSEWAY_NEO4J_PAGE_CACHE,
      heapBytes: e.CAUSEWAY_NEO4J_HEAP,
      dataDir: resolve(home, 'neo4j'),
    }),
    http: Object.freeze({ host: e.HOST, port: e.PORT }),
    logLevel: e.LOG_LEVEL,
    apiKeys: e.CAUSEWAY_API_KEYS,
    jwtSecret: e.CAUSEWAY_JWT_SECRET,
    jwksUri: e.CAUSEWAY_JWKS_URI,
    anonymousReads: e.CAUSEWAY_ANONYMOUS_READS,
    txTimeoutMs: e.CAUSEWAY_TX_TIMEOUT_MS,
    defaultBaseRate: e.CAUSEWAY_DEFAULT_BASE_RATE,
  });
}
