import { isRetriable } from './providerErrors';

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injectable for tests; Math.random by default. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Exponential backoff with "full jitter" (Brooker, "Exponential Backoff And
 * Jitter", AWS Architecture Blog 2015): before retry n the caller sleeps a
 * uniform random time in [0, min(cap, base·2^n)), which spreads a crowd of
 * clients retrying against one recovering server.
 */
export async function retryWithJitter<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const random = policy.random ?? Math.random;
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= policy.retries || !isRetriable(error)) throw error;
      await sleep(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** n));
    }
  }
}
