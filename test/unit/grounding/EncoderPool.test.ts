import { EncoderPool } from '../../../src/grounding/EncoderPool';
import type { SentenceEncoder } from '../../../src/grounding/SentenceEncoder';

/** A stand-in instance whose runs finish when the test says so (the pool's dispatch is what is tested). */
function instance(name: number) {
  const finishers: (() => void)[] = [];
  const encoder: SentenceEncoder = {
    executionProvider: 'cpu',
    threads: { intraOp: 1, interOp: 1, spinWait: false },
    dimensions: 1,
    modelSeconds: name,
    encode: (batch) => new Promise((resolve) => finishers.push(() => resolve(batch.map(() => Float32Array.of(name))))),
    release: async () => undefined,
  };
  return { encoder, finishers };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('EncoderPool', () => {
  it('sends each run to the instance with the fewest runs waiting, and each run its own answer', async () => {
    const [a, b] = [instance(1), instance(2)];
    const pool = new EncoderPool([a.encoder, b.encoder]);
    const first = pool.encode([[101]]);
    const second = pool.encode([[102]]);
    const third = pool.encode([[103]]);
    await tick();
    // Spread over both, the third to the first instance again (a tie goes to the lower index).
    expect([a.finishers.length, b.finishers.length]).toEqual([2, 1]);
    b.finishers.shift()!();
    expect((await second)[0]![0]).toBe(2);
    // b is free now, so the next run goes there even though a was asked first.
    const fourth = pool.encode([[104]]);
    await tick();
    expect([a.finishers.length, b.finishers.length]).toEqual([2, 1]);
    a.finishers.shift()!();
    a.finishers.shift()!();
    b.finishers.shift()!();
    expect([(await first)[0]![0], (await third)[0]![0], (await fourth)[0]![0]]).toEqual([1, 1, 2]);
  });

  it('sums model seconds over instances and refuses to be empty', () => {
    expect(new EncoderPool([instance(1).encoder, instance(2).encoder]).modelSeconds).toBe(3);
    expect(() => new EncoderPool([])).toThrow(RangeError);
  });
});
