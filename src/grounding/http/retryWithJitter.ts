import { retryWithJitter as retry, type RetryPolicy } from '../../util/retryWithJitter';
import { isRetriable } from './providerErrors';

export type { RetryPolicy };

/** Retries a provider call on errors a provider may recover from (timeouts, 429, 5xx, dropped connections). */
export function retryWithJitter<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  return retry(attempt, policy, isRetriable);
}
