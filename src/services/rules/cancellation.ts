import { CausewayError } from '../../errors';

/** Between batches: an aborted caller stops the work with TIMEOUT, like the engine does. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new CausewayError('rule materialisation aborted by the caller', { code: 'TIMEOUT', details: { reason: String(signal.reason) } });
  }
}

/** A deadline as an AbortSignal for the graph transactions, combined with the caller's. */
export function deadlineSignal(timeoutMs: number | undefined, signal: AbortSignal | undefined): AbortSignal | undefined {
  const signals = [signal, timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs)].filter((s): s is AbortSignal => s !== undefined);
  if (signals.length === 0) return undefined;
  return signals.length === 1 ? signals[0] : AbortSignal.any(signals);
}
