import { CausewayError, limitExceeded } from '../../errors';

export interface EvaluationLimits {
  /** Stop with LIMIT_EXCEEDED once more facts than this have been derived. */
  maxDerivedFacts?: number;
  /** Stop with TIMEOUT after this many milliseconds. */
  timeoutMs?: number;
}

/**
 * Bounded reasoning: counts derived facts and watches the clock and the
 * caller's AbortSignal. Evaluation is synchronous, so the signal is polled
 * (every few thousand join steps and each round): a signal aborted by a timer
 * can only fire if the caller yields; `timeoutMs` needs no event loop.
 */
export class Budget {
  derived = 0;
  private ticks = 0;
  private readonly maxDerived: number;
  private readonly deadline: number;

  constructor(
    limits: EvaluationLimits,
    private readonly signal?: AbortSignal,
  ) {
    this.maxDerived = limits.maxDerivedFacts ?? Number.POSITIVE_INFINITY;
    this.deadline = limits.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + limits.timeoutMs;
  }

  /** Starts the count at facts derived before (an update of an evaluated model): the limit bounds the model, not the update's work. */
  resume(derived: number): void {
    this.derived = derived;
    if (derived > this.maxDerived) {
      throw limitExceeded(`the model holds more than ${this.maxDerived} derived facts`, { maxDerivedFacts: this.maxDerived });
    }
  }

  /** A derived fact left the model (an update deleted it). */
  onRemoved(): void {
    this.derived--;
  }

  onDerived(): void {
    if (++this.derived > this.maxDerived) {
      throw limitExceeded(`evaluation derived more than ${this.maxDerived} facts`, { maxDerivedFacts: this.maxDerived });
    }
  }

  /** Called on every join step; looks at the clock once in 16384 calls. */
  tick(): void {
    if ((++this.ticks & 0x3fff) === 0) this.check();
  }

  check(): void {
    if (this.signal?.aborted) {
      throw new CausewayError('evaluation aborted by the caller', { code: 'TIMEOUT', details: { reason: String(this.signal.reason) } });
    }
    if (Date.now() > this.deadline) {
      throw new CausewayError('evaluation ran past its time limit', { code: 'TIMEOUT', details: { derivedFacts: this.derived } });
    }
  }
}
