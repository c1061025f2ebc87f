/**
 * Runs async jobs one at a time, in arrival order. One onnxruntime session
 * already spreads a run over all intra-op threads; two runs at once would only
 * fight over the same cores.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
