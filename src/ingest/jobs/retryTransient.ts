import { isCausewayError } from '../../errors';
import { retryWithJitter, type RetryPolicy } from '../../util/retryWithJitter';

export type { RetryPolicy };

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

/** Retries `attempt` with exponential backoff and full jitter, on transient errors only. */
export function retryTransient<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  return retryWithJitter(attempt, policy, isTransient);
}
