import { inFlight } from '../../../src/util/inFlight';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('inFlight', () => {
  it('keeps at most `depth` batches running and writes every batch once', async () => {
    let running = 0;
    let most = 0;
    const written: number[] = [];
    await inFlight([1, 2, 3, 4, 5], 2, async (batch) => {
      running++;
      most = Math.max(most, running);
      await tick();
      written.push(batch);
      running--;
    });
    expect(most).toBe(2);
    expect(written.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('starts nothing after a failure and throws the earliest failed batch once those in flight settle', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = inFlight([1, 2, 3, 4], 2, async (batch) => {
      started.push(batch);
      // Batch 2 fails first; batch 1, still in flight, fails after it and is the one reported.
      await (batch === 1 ? tick().then(tick) : tick());
      settled++;
      if (batch <= 2) throw new Error(`batch ${batch}`);
    });
    await expect(run).rejects.toThrow('batch 1');
    expect(started).toEqual([1, 2]);
    expect(settled).toBe(2);
  });

  it('with depth 1 writes one batch after the other', async () => {
    const order: string[] = [];
    await inFlight(['a', 'b'], 1, async (batch) => {
      order.push(`start ${batch}`);
      await tick();
      order.push(`end ${batch}`);
    });
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
  });
});
