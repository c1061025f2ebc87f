import { EmbeddingQueue, type EntityEmbedder } from '../../../../src/services/grounding';

/** Records each batch it is asked to embed. */
function recordingEmbedder(fail = false) {
  const batches: string[][] = [];
  const embedder = {
    embedIds: async (ids: readonly string[]) => {
      batches.push([...ids]);
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error('model down');
      return { embedded: ids.length, skipped: 0 };
    },
  } as unknown as EntityEmbedder;
  return { embedder, batches };
}

describe('EmbeddingQueue', () => {
  it('batches ids that arrive together and embeds a repeated id once', async () => {
    const { embedder, batches } = recordingEmbedder();
    const queue = new EmbeddingQueue(embedder, { maxBatch: 3, maxWaitMs: 20 });
    queue.enqueue(['a', 'b']);
    queue.enqueue(['b', 'c', 'd']);
    expect(queue.size).toBe(4);
    await queue.whenIdle();
    expect(batches).toEqual([['a', 'b', 'c'], ['d']]);
    expect(queue.size).toBe(0);
  });

  it('re-embeds an id enqueued while its batch runs', async () => {
    const { embedder, batches } = recordingEmbedder();
    const queue = new EmbeddingQueue(embedder, { maxBatch: 10, maxWaitMs: 1 });
    queue.enqueue(['a']);
    await new Promise((r) => setTimeout(r, 3));
    queue.enqueue(['a']);
    await queue.whenIdle();
    expect(batches).toEqual([['a'], ['a']]);
  });

  it('reports failed batches and keeps going', async () => {
    const { embedder } = recordingEmbedder(true);
    const failed: string[][] = [];
    const queue = new EmbeddingQueue(embedder, { maxBatch: 1, maxWaitMs: 1, onError: (_, ids) => failed.push(ids) });
    queue.enqueue(['a', 'b']);
    await queue.close();
    expect(failed).toEqual([['a'], ['b']]);
    queue.enqueue(['c']);
    expect(queue.size).toBe(0);
  });
});
