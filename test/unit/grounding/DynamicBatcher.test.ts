import { DynamicBatcher } from '../../../src/grounding/server/DynamicBatcher';
import { CausewayError } from '../../../src/errors';

/** A model stand-in whose runs finish when the test says so, recording every batch it saw. */
function controlledRun() {
  const seen: number[][][] = [];
  const finishers: (() => void)[] = [];
  const run = (batch: number[][]): Promise<Float32Array[]> => {
    seen.push(batch);
    return new Promise((resolve) => finishers.push(() => resolve(batch.map((ids) => Float32Array.of(ids[0]!)))));
  };
  return { seen, run, finishNext: () => finishers.shift()!() };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('DynamicBatcher', () => {
  it('runs at once when maxBatch sequences wait, and returns each request its own vectors', async () => {
    const model = controlledRun();
    const batcher = new DynamicBatcher({ maxBatch: 3, maxWaitMs: 10_000, maxQueue: 100, run: model.run });
    const a = batcher.submit([[1], [2]]);
    const b = batcher.submit([[3], [4]]);
    await tick();
    expect(model.seen).toEqual([[[1], [2], [3]]]);
    model.finishNext();
    await tick();
    // The leftover has waited through the first run but not maxWaitMs: it waits on.
    expect(model.seen).toHaveLength(1);
    expect(batcher.depth).toBe(1);
    expect((await a).map((v) => v[0])).toEqual([1, 2]);
  });

  it('runs a partial batch once the oldest sequence has waited maxWaitMs', async () => {
    const model = controlledRun();
    const batcher = new DynamicBatcher({ maxBatch: 8, maxWaitMs: 30, maxQueue: 100, run: model.run });
    const started = Date.now();
    const done = batcher.submit([[7]]);
    await tick(5);
    expect(model.seen).toHaveLength(0);
    await tick(40);
    expect(model.seen).toEqual([[[7]]]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(29);
    model.finishNext();
    expect((await done)[0]![0]).toBe(7);
  });

  it('refuses a request the bounded queue cannot take with LIMIT_EXCEEDED, whole', async () => {
    const model = controlledRun();
    const batcher = new DynamicBatcher({ maxBatch: 1, maxWaitMs: 0, maxQueue: 2, run: model.run });
    const first = batcher.submit([[1], [2], [3]].slice(0, 2));
    await tick();
    // One sequence is running, one waits: room for exactly one more.
    await expect(batcher.submit([[4], [5]])).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    await expect(batcher.submit([[4], [5]])).rejects.toBeInstanceOf(CausewayError);
    const third = batcher.submit([[6]]);
    model.finishNext();
    await tick();
    model.finishNext();
    await tick();
    model.finishNext();
    expect((await first).length).toBe(2);
    expect((await third)[0]![0]).toBe(6);
  });

  it('drained() waits for queued and running work', async () => {
    const model = controlledRun();
    const batcher = new DynamicBatcher({ maxBatch: 2, maxWaitMs: 0, maxQueue: 10, run: model.run });
    void batcher.submit([[1], [2], [3]]);
    let drained = false;
    void batcher.drained().then(() => (drained = true));
    await tick();
    model.finishNext();
    await tick();
    expect(drained).toBe(false);
    model.finishNext();
    await tick();
    expect(drained).toBe(true);
  });

  it('passes a failed run on to every request in it', async () => {
    const batcher = new DynamicBatcher({ maxBatch: 4, maxWaitMs: 0, maxQueue: 10, run: () => Promise.reject(new Error('boom')) });
    await expect(batcher.submit([[1]])).rejects.toThrow('boom');
  });

  it('with maxInFlight 2 hands a second batch over while the first runs, never a third', async () => {
    const model = controlledRun();
    const batcher = new DynamicBatcher({ maxBatch: 2, maxWaitMs: 0, maxQueue: 100, maxInFlight: 2, run: model.run });
    const all = batcher.submit([[1], [2], [3], [4], [5]]);
    await tick();
    // Two batches are with the model; the fifth sequence waits for a slot.
    expect(model.seen).toEqual([[[1], [2]], [[3], [4]]]);
    expect(batcher.depth).toBe(1);
    model.finishNext();
    await tick();
    expect(model.seen).toHaveLength(3);
    expect(model.seen[2]).toEqual([[5]]);
    model.finishNext();
    model.finishNext();
    expect((await all).map((v) => v[0])).toEqual([1, 2, 3, 4, 5]);
    await batcher.drained();
  });

  it('with maxInFlight 2 still holds a partial second batch for maxWaitMs', async () => {
    const model = controlledRun();
    const batcher = new DynamicBatcher({ maxBatch: 4, maxWaitMs: 30, maxQueue: 100, maxInFlight: 2, run: model.run });
    void batcher.submit([[1], [2], [3], [4], [5]]);
    await tick();
    expect(model.seen).toHaveLength(1);
    await tick(45);
    expect(model.seen).toEqual([[[1], [2], [3], [4]], [[5]]]);
    model.finishNext();
    model.finishNext();
  });
});
