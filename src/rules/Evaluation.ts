import type { Program } from './compile';
import { evaluateProgram, type EvaluateOptions, type FactInput, type Store } from './eval/evaluate';
import { Budget } from './eval/limits';
import { updateStore, type InputChange, type StoreDelta } from './eval/incremental';
import { DerivationFinder } from './proofs/findDerivation';
import type { Derivation, Fact, Proof } from './proofs/Proof';
import type { Constant } from './syntax/ast';

/**
 * Evaluates a compiled program over input facts (from files, or later from the
 * graph) and returns the result. Throws CausewayError LIMIT_EXCEEDED or
 * TIMEOUT when the limits are hit.
 */
export function evaluate(program: Program, input: FactInput, options: EvaluateOptions = {}): Evaluation {
  return new Evaluation(evaluateProgram(program, input, options));
}

/** The least model of a program, with proofs of its facts on demand. */
export class Evaluation {
  private finder?: DerivationFinder;

  constructor(private readonly store: Store) {}

  /**
   * The least model after a change of the input facts, maintained from this
   * one instead of evaluated again, stratum by stratum (eval/incremental.ts:
   * delete–rederive and semi-naive insertion, negation and aggregates
   * included). This evaluation is consumed: read only the one returned.
   * `changed` lists the derived facts that appeared, disappeared (or became
   * given), or still hold but lost a derivation on the way (their derivation
   * may differ: a re-derived fact, an aggregate over a changed group).
   */
  update(change: InputChange, options: EvaluateOptions = {}): { evaluation: Evaluation; changed: { added: Fact[]; removed: Fact[]; rewritten: Fact[] } } {
    const started = Date.now();
    const delta = updateStore(this.store, change, new Budget(options.limits ?? {}, options.signal));
    this.store.stats.milliseconds = Date.now() - started;
    const decode = (list: StoreDelta['added']): Fact[] =>
      list.map(([key, tuple]) => ({ predicate: key.slice(0, key.lastIndexOf('/')), args: Array.from(tuple.subarray(0, Number(key.slice(key.lastIndexOf('/') + 1))), (id) => this.store.dictionary.valueOf(id)) }));
    return { evaluation: new Evaluation(this.store), changed: { added: decode(delta.added), removed: decode(delta.removed), rewritten: decode(delta.rewritten) } };
  }

  get stats(): Store['stats'] {
    return this.store.stats;
  }

  /** Predicates (`name/arity`) some rule derives. */
  derivedPredicates(): string[] {
    return [...this.store.program.derived];
  }

  /** Every fact of a predicate (`name/arity`), given or derived, in derivation order. */
  facts(predicate: string): Constant[][] {
    const rel = this.store.relations.get(predicate);
    if (!rel) return [];
    const rows: Constant[][] = new Array(rel.size);
    for (let row = 0; row < rel.size; row++) rows[row] = rel.decodeRow(row, this.store.dictionary);
    return rows;
  }

  count(predicate: string): number {
    return this.store.relations.get(predicate)?.size ?? 0;
  }

  holds(fact: Fact): boolean {
    return this.derivations().locate(fact) !== undefined;
  }

  /** One inference step for a derived fact; 'input' for a given one; undefined if it does not hold. */
  derivation(fact: Fact): Derivation | 'input' | undefined {
    return this.derivations().find(fact);
  }

  /**
   * A shortest proof tree of the fact (premises proved in turn, down to given
   * facts), or undefined when it does not hold. Built without recursion, so
   * proofs thousands of steps high do not exhaust the stack.
   */
  proofOf(fact: Fact): Proof | undefined {
    if (!this.holds(fact)) return undefined;
    const keyOf = (f: Fact): string => JSON.stringify([f.predicate, ...f.args]);
    const steps = new Map<string, Derivation | 'input'>();
    // Depth-first: find every step needed, then build the trees children first.
    const order: Fact[] = [];
    const stack: Array<{ fact: Fact; expanded: boolean }> = [{ fact, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const key = keyOf(top.fact);
      if (top.expanded) {
        stack.pop();
        order.push(top.fact);
        continue;
      }
      if (steps.has(key)) {
        stack.pop();
        continue;
      }
      const step = this.derivations().find(top.fact);
      if (step === undefined) throw new Error(`Invariant violation: premise ${key} does not hold`);
      steps.set(key, step);
      top.expanded = true;
      if (step !== 'input') {
        for (const premise of [...step.premises, ...step.aggregates.flatMap((a) => a.facts.flat())]) {
          if (!steps.has(keyOf(premise))) stack.push({ fact: premise, expanded: false });
        }
      }
    }
    const proofs = new Map<string, Proof>();
    for (const f of order) {
      const key = keyOf(f);
      if (proofs.has(key)) continue;
      const step = steps.get(key)!;
      const proofOfPremise = (p: Fact): Proof => proofs.get(keyOf(p))!;
      proofs.set(
        key,
        step === 'input'
          ? { kind: 'input', fact: f }
          : { kind: 'rule', derivation: step, premises: step.premises.map(proofOfPremise), aggregated: step.aggregates.map((a) => a.facts.map((group) => group.map(proofOfPremise))) },
      );
    }
    return proofs.get(keyOf(fact));
  }

  /**
   * Every derived (not given) fact with its derivation, premises before the
   * facts that use them: the flat form `rules eval --proofs` prints.
   */
  allDerivations(): Derivation[] {
    const entries: Array<{ epoch: number; fact: Fact }> = [];
    for (const key of this.store.program.derived) {
      const rel = this.store.relations.get(key)!;
      const predicate = key.slice(0, key.lastIndexOf('/'));
      for (let row = 0; row < rel.size; row++) {
        const epoch = rel.epochOfRow(row);
        if (epoch > 0) entries.push({ epoch, fact: { predicate, args: rel.decodeRow(row, this.store.dictionary) } });
      }
    }
    entries.sort((a, b) => a.epoch - b.epoch);
    return entries.map(({ fact }) => this.derivations().find(fact) as Derivation);
  }

  private derivations(): DerivationFinder {
    return (this.finder ??= new DerivationFinder(this.store));
  }
}
