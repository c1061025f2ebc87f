export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injectable for tests; Math.random by default. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (error: unknown, attempt: number) => void;
}

/**
 * Exponential backoff with "full jitter" (Brooker, "Exponential Backoff And
 * Jitter", AWS Architecture Blog 2015): before retry n the caller sleeps a
 * uniform random time in [0, min(cap, base·2^n)), which spreads a crowd of
 * clients retrying against one recovering server. Only errors the caller's
 * `retriable` accepts are retried.
 */
export async function retryWithJitter<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy,
  retriable: (error: unknown) => boolean,
): Promise<T> {
  const random = policy.random ?? Math.random;
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= policy.retries || !retriable(error)) throw error;
      policy.onRetry?.(error, n + 1);
      await sleep(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** n));
    }
  }
}
