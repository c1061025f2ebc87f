import { retryWithJitter } from '../../../src/grounding/http/retryWithJitter';
import { providerFailure } from '../../../src/grounding/http/providerErrors';

describe('retryWithJitter', () => {
  it('retries retriable failures with full-jitter delays below the exponential cap', async () => {
    const slept: number[] = [];
    let calls = 0;
    const value = await retryWithJitter(
      async () => {
        calls += 1;
        if (calls < 4) throw providerFailure('503', true);
        return 'ok';
      },
      { retries: 3, baseDelayMs: 100, maxDelayMs: 250, random: () => 0.999, sleep: async (ms) => void slept.push(ms) },
    );
    expect(value).toBe('ok');
    expect(calls).toBe(4);
    // caps: 100, 200, min(250, 400)
    expect(slept.map(Math.round)).toEqual([100, 200, 250]);
  });

  it('gives up after the last retry, and at once on a non-retriable failure', async () => {
    let calls = 0;
    const policy = { retries: 2, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined };
    await expect(
      retryWithJitter(async () => {
        calls += 1;
        throw providerFailure('down', true);
      }, policy),
    ).rejects.toThrow('down');
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      retryWithJitter(async () => {
        calls += 1;
        throw providerFailure('400 bad request', false);
      }, policy),
    ).rejects.toThrow('400');
    expect(calls).toBe(1);
  });
});
