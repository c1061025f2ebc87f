/**
 * Runs `write` over the batches with at most `depth` of them in flight: the
 * next batch's statement runs while the one before commits (most of a small
 * batch's time is the commit's round trip and log flush). Batches must be
 * independent of each other. When one fails, no further batch starts, those
 * in flight settle, and the error of the earliest failed batch is thrown —
 * batches before it are committed, as when writing one at a time.
 */
export async function inFlight<T>(batches: Iterable<T>, depth: number, write: (batch: T) => Promise<void>): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { index: number; error: unknown } | null = null;
  let index = 0;
  for (const batch of batches) {
    if (failure) break;
    const at = index++;
    const task: Promise<void> = write(batch)
      .catch((error: unknown) => {
        if (!failure || at < failure.index) failure = { index: at, error };
      })
      .finally(() => running.delete(task));
    running.add(task);
    if (running.size >= depth) await Promise.race(running);
  }
  await Promise.all(running);
  if (failure) throw (failure as { error: unknown }).error;
}
