import { CausewayError } from '../../errors';

/**
 * A remote embedding provider failed. `retriable` (in details) says whether
 * trying again can help: network errors, timeouts, 429 and 5xx can; a 4xx
 * answer to a malformed request cannot.
 */
export function providerFailure(message: string, retriable: boolean, details: Record<string, unknown> = {}, cause?: unknown): CausewayError {
  return new CausewayError(message, { code: 'ENVIRONMENT_ERROR', details: { ...details, retriable }, cause });
}

export function isRetriable(error: unknown): boolean {
  return error instanceof CausewayError && error.details?.retriable === true;
}
