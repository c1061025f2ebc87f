import type { InProcessProvider } from '../InProcessProvider';
import type { DynamicBatcher } from './DynamicBatcher';

export interface ResolvedServerOptions {
  host: string;
  port: number;
  maxBatch: number;
  maxWaitMs: number;
  maxQueue: number;
  maxInFlight: number;
  maxInputs: number;
  maxBodyBytes: number;
}

export interface RouteContext {
  provider: InProcessProvider;
  batcher: DynamicBatcher;
  options: ResolvedServerOptions;
  /** Names a client may use for the model (compared case-insensitively). */
  modelNames: string[];
}

export interface RouteResult {
  status: number;
  body: unknown;
  /** Metrics label. */
  protocol: string;
}
