/**
 * Runs async jobs with at most `limit` in flight, the rest waiting in arrival
 * order. The encoder worker runs one model run at a time anyway; letting a
 * second one wait *in the worker* (limit 2) means the worker starts it the
 * moment the first ends, instead of idling until this thread, perhaps busy
 * with HTTP, hands it over. More than two would only queue the same work
 * earlier. limit 1 is a serial queue.
 */
export class InFlightLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`in-flight limit must be a positive integer, got ${limit}`);
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await job();
    } finally {
      // Hand the slot straight to the next waiter, so the count never dips.
      const next = this.waiting.shift();
      if (next) next();
      else if (--this.active === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  /** Resolves when nothing runs or waits. */
  idle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
