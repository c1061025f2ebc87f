import { InFlightLimit } from '../../../src/grounding/InFlightLimit';

const tick = () => new Promise((r) => setImmediate(r));

/** A job that finishes when the test says so, recording how many ran at once. */
function gate() {
  let active = 0;
  let most = 0;
  const started: number[] = [];
  const finishers: (() => void)[] = [];
  const job = (id: number) => async () => {
    started.push(id);
    active += 1;
    most = Math.max(most, active);
    await new Promise<void>((resolve) => finishers.push(resolve));
    active -= 1;
    return id;
  };
  return { job, started, finishNext: () => finishers.shift()!(), most: () => most };
}

describe('InFlightLimit', () => {
  it('runs at most `limit` jobs at once, the rest in arrival order', async () => {
    const limit = new InFlightLimit(2);
    const g = gate();
    const results = [1, 2, 3, 4].map((id) => limit.run(g.job(id)));
    await tick();
    expect(g.started).toEqual([1, 2]);
    g.finishNext();
    await tick();
    expect(g.started).toEqual([1, 2, 3]);
    g.finishNext();
    g.finishNext();
    await tick();
    g.finishNext();
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4]);
    expect(g.most()).toBe(2);
  });

  it('frees the slot of a failed job and resolves idle() when nothing is left', async () => {
    const limit = new InFlightLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const g = gate();
    const done = limit.run(g.job(7));
    let idle = false;
    void limit.idle().then(() => (idle = true));
    await tick();
    expect(idle).toBe(false);
    g.finishNext();
    expect(await done).toBe(7);
    await tick();
    expect(idle).toBe(true);
  });

  it('refuses a limit below 1', () => {
    expect(() => new InFlightLimit(0)).toThrow(RangeError);
  });
});
