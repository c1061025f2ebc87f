import { CausewayError } from '../../../../src/errors';
import { isTransient, retryTransient, TransientError } from '../../../../src/ingest/jobs';

describe('retryTransient', () => {
  const policy = (sleeps: number[]) => ({ retries: 3, baseDelayMs: 100, maxDelayMs: 250, random: () => 0.999, sleep: async (ms: number) => void sleeps.push(ms) });

  it('retries transient errors with capped exponential backoff, then succeeds', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const value = await retryTransient(async () => {
      if (++calls < 4) throw new CausewayError('down', { code: 'DATABASE_UNAVAILABLE' });
      return 'ok';
    }, policy(sleeps));
    expect(value).toBe('ok');
    expect(sleeps.map(Math.round)).toEqual([100, 200, 250]);
  });

  it('gives up after the last retry with the last error', async () => {
    let calls = 0;
    await expect(retryTransient(async () => { calls++; throw new TransientError('HTTP 503'); }, policy([]))).rejects.toThrow('HTTP 503');
    expect(calls).toBe(4);
  });

  it('does not retry what a retry cannot fix', async () => {
    let calls = 0;
    await expect(retryTransient(async () => { calls++; throw new CausewayError('bad', { code: 'BAD_USER_INPUT' }); }, policy([]))).rejects.toThrow('bad');
    expect(calls).toBe(1);
  });

  it('knows network failures', () => {
    expect(isTransient(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransient(new TypeError('fetch failed'))).toBe(true);
    expect(isTransient(new Error('plain'))).toBe(false);
  });
});
