import { isCausewayError } from '../../errors';

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (error: unknown, attempt: number) => void;
}

/** An error worth retrying: the database or a server unreachable or overloaded for a while. */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

const TRANSIENT_CODES = new Set(['DATABASE_UNAVAILABLE', 'TIMEOUT']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

export function isTransient(error: unknown): boolean {
  if (error instanceof TransientError) return true;
  if (isCausewayError(error)) return TRANSIENT_CODES.has(error.code);
  const e = error as { code?: string; name?: string; cause?: { code?: string }; retriable?: boolean } | null;
  if (!e) return false;
  // Driver errors that escaped translation (e.g. a connection dropped mid-transaction).
  if (e.retriable === true || (e.name === 'Neo4jError' && /ServiceUnavailable|SessionExpired|TransientError/.test(String(e.code)))) return true;
  return NETWORK_CODES.has(String(e.code)) || NETWORK_CODES.has(String(e.cause?.code)) || (e.name === 'TypeError' && String((error as Error).message).includes('fetch failed'));
}

/**
 * Exponential backoff with full jitter (Brooker, "Exponential Backoff And
 * Jitter", AWS Architecture Blog, 2015): before retry n, sleep a uniform
 * time in [0, min(max, base·2ⁿ)). Only transient errors are retried.
 */
export async function retryTransient<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const random = policy.random ?? Math.random;
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= policy.retries || !isTransient(error)) throw error;
      policy.onRetry?.(error, n + 1);
      await sleep(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** n));
    }
  }
}
