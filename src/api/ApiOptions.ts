import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../config';
import type { GraphClient } from '../graph';
import type { GroundingService } from '../services/grounding';
import type { ApiKey } from './auth/apiKeys';

export interface CreateApiOptions {
  graph: GraphClient;
  /** HTTP host (loopback decides anonymous reads), keys, JWT settings, transaction timeout. */
  config: Pick<Config, 'http' | 'apiKeys' | 'jwtSecret' | 'jwksUri' | 'anonymousReads' | 'txTimeoutMs'> & Partial<Pick<Config, 'defaultBaseRate'>>;
  logger: Logger;
  /** The latest applied migration, e.g. from src/graph's migrationVersion(graph). */
  migrationVersion: () => Promise<string | null>;
  /** Keys beyond CAUSEWAY_API_KEYS, e.g. the embedded default's generated admin key. */
  extraApiKeys?: readonly ApiKey[];
  limits?: Partial<ApiLimits>;
  /** Where /metrics reads from; a fresh registry when absent. */
  metricsRegistry?: Registry;
  graphiql?: boolean;
  /**
   * Grounding for the ground/similarEntities/embed/duplicateCandidates fields.
   * When given, entity upserts through the API also feed its embedding queue
   * (background embedding; `serve` passes one). When absent, the API builds
   * its own, which loads the model on first use and embeds nothing on writes.
   */
  grounding?: GroundingService;
}

export interface ApiLimits {
  /** Largest `first` any list field accepts. */
  maxFirst: number;
  /** Query depth, cost and alias limits (graphql-armor). */
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxTokens: number;
  /** Per-operation timeout; cancels the Neo4j transaction. Defaults to config.txTimeoutMs. */
  operationTimeoutMs: number;
}

export function resolveLimits(options: CreateApiOptions): ApiLimits {
  return {
    maxFirst: 100,
    maxDepth: 10,
    maxCost: 5000,
    maxAliases: 15,
    maxTokens: 2000,
    operationTimeoutMs: options.config.txTimeoutMs,
    ...options.limits,
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]']);

/** `auto`: anonymous reads exactly when the server listens on loopback only (the embedded default). */
export function anonymousReadsAllowed(config: CreateApiOptions['config']): boolean {
  if (config.anonymousReads === 'true') return true;
  if (config.anonymousReads === 'false') return false;
  return LOOPBACK.has(config.http.host) || config.http.host.startsWith('127.');
}
