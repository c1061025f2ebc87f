import { badUserInput } from '../../errors';
import type { Program } from '../compile';
import { planRule } from '../plan/planRule';
import type { RulePlan } from '../plan/RulePlan';
import type { Stratum } from '../analysis/stratify';
import { predicateKey, type Constant, type Rule } from '../syntax/ast';
import { Dictionary } from './Dictionary';
import { compilePlan, type ExecutionContext } from './executor';
import { Budget, type EvaluationLimits } from './limits';
import { Relation } from './Relation';

/** Input facts: predicate name → tuples; a tuple's length is its predicate's arity. */
export type FactInput = Map<string, Constant[][]>;

export interface EvaluateOptions {
  limits?: EvaluationLimits;
  signal?: AbortSignal;
  /**
   * semi-naive (default) joins only what the previous round derived; naive
   * re-joins everything each round. Both give the same facts (and the same
   * proofs); naive is there to measure against.
   */
  strategy?: 'semi-naive' | 'naive';
}

/** The encoded state after evaluation, read by Evaluation and the proof searcher. */
export interface Store {
  program: Program;
  dictionary: Dictionary;
  relations: Map<string, Relation>;
  stats: { derivedFacts: number; rounds: number; milliseconds: number };
}

/**
 * Bottom-up evaluation to the least fixpoint, stratum by stratum
 * (Ullman, Principles of Database and Knowledge-Base Systems, vol. I, §3;
 * semi-naive differentials after Bancilhon 1986). Each round is one epoch:
 * the facts it adds form one row block per relation, and read only rows of
 * earlier epochs — so a fact's epoch is the height of its shortest proof
 * within its stratum, which proofs/ relies on.
 */
export function evaluateProgram(program: Program, input: FactInput, options: EvaluateOptions = {}): Store {
  const started = Date.now();
  const dictionary = new Dictionary();
  const relations = new Map<string, Relation>();
  for (const [key, { arity }] of program.predicates) relations.set(key, new Relation(key, arity));
  const tuple: Int32Array[] = [];
  const load = (name: string, values: Constant[]): void => {
    const key = predicateKey(name, values.length);
    let rel = relations.get(key);
    if (!rel) relations.set(key, (rel = new Relation(key, values.length)));
    const scratch = (tuple[values.length] ??= new Int32Array(Math.max(1, values.length)));
    values.forEach((v, k) => {
      if (typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) {
        throw badUserInput(`fact ${name}: arguments are strings or finite numbers, got ${String(v)}`);
      }
      scratch[k] = dictionary.intern(v);
    });
    rel.insert(scratch);
  };
  for (const fact of program.ast.facts) {
    load(
      fact.predicate,
      fact.args.map((a) => (a.kind === 'const' ? a.value : '')),
    );
  }
  for (const [name, tuples] of input) for (const values of tuples) load(name, values);

  const budget = new Budget(options.limits ?? {}, options.signal);
  budget.check();
  const store: Store = { program, dictionary, relations, stats: { derivedFacts: 0, rounds: 0, milliseconds: 0 } };
  let epoch = 0;
  for (const stratum of program.strata) {
    if (stratum.rules.length === 0) continue;
    epoch = evaluateStratum(stratum, store, budget, options.strategy ?? 'semi-naive', epoch);
  }
  store.stats.derivedFacts = budget.derived;
  store.stats.rounds = epoch;
  store.stats.milliseconds = Date.now() - started;
  return store;
}

interface CompiledVariant {
  plan: RulePlan;
  run: (env: Int32Array) => void;
  bounds: Int32Array;
  env: Int32Array;
  /** The relation each positive atom reads. */
  atomRelations: Relation[];
}

function evaluateStratum(stratum: Stratum, store: Store, budget: Budget, strategy: 'semi-naive' | 'naive', lastEpoch: number): number {
  const members = new Set(stratum.predicates);
  const own = stratum.predicates.map((p) => store.relations.get(p)!);
  const compile = (rule: Rule, deltaAtom: number): CompiledVariant => compileVariant(rule, deltaAtom, members, store, budget);
  const full = stratum.rules.map((rule) => compile(rule, -1));
  // One variant per recursive atom: that atom reads the delta, the others the
  // rest. Naive evaluation has none (and so keeps no index they would need).
  const deltas = strategy === 'naive' ? [] : stratum.rules.flatMap((rule) => {
    const positives = rule.body.flatMap((l) => (l.kind === 'positive' ? [predicateKey(l.atom.predicate, l.atom.args.length)] : []));
    return positives.flatMap((p, i) => (members.has(p) ? [compile(rule, i)] : []));
  });

  let epoch = lastEpoch + 1;
  for (const rel of own) rel.beginEpoch(epoch);
  let deltaStart = new Map(own.map((rel) => [rel, rel.size] as const));
  for (const variant of full) runVariant(variant, (rel) => [0, members.has(rel.key) ? deltaStart.get(rel)! : rel.size]);
  if (!stratum.recursive) return epoch;
  for (;;) {
    const deltaEnd = new Map(own.map((rel) => [rel, rel.size] as const));
    if (own.every((rel) => deltaEnd.get(rel) === deltaStart.get(rel))) return epoch;
    budget.check();
    epoch++;
    for (const rel of own) rel.beginEpoch(epoch);
    if (strategy === 'naive') {
      for (const variant of full) runVariant(variant, (rel) => [0, members.has(rel.key) ? deltaEnd.get(rel)! : rel.size]);
    } else {
      for (const variant of deltas) {
        const d = variant.plan.deltaAtom;
        runVariant(variant, (rel, atom) => {
          if (!members.has(rel.key)) return [0, rel.size];
          if (atom === d) return [deltaStart.get(rel)!, deltaEnd.get(rel)!];
          // Atoms before the delta atom read the old facts only, atoms after it
          // read old and delta: each new combination is joined exactly once.
          return [0, atom < d ? deltaStart.get(rel)! : deltaEnd.get(rel)!];
        });
      }
    }
    deltaStart = deltaEnd;
  }
}

function compileVariant(rule: Rule, deltaAtom: number, members: Set<string>, store: Store, budget: Budget): CompiledVariant {
  // The first round sees this stratum's relations as they are now (usually
  // empty: read them first, and no index is built on them for one round);
  // delta variants run while they grow, so only earlier strata's sizes count.
  const sizeOf = (p: string): number =>
    deltaAtom >= 0 && members.has(p) ? Number.POSITIVE_INFINITY : (store.relations.get(p)?.size ?? 0);
  const plan = planRule(rule, { deltaAtom, headBound: false, intern: (v) => store.dictionary.intern(v), sizeOf });
  const bounds = new Int32Array(2 * Math.max(1, plan.atomCount));
  const ctx: ExecutionContext = { relations: store.relations, dictionary: store.dictionary, bounds, trace: null, onReject: () => budget.tick() };
  const head = store.relations.get(plan.headPredicate)!;
  const tuple = new Int32Array(Math.max(1, head.arity));
  const headKinds = plan.head.map((h) => (h.kind === 'reg' ? 0 : 1));
  const headOperands = plan.head.map((h) => (h.kind === 'reg' ? h.reg : h.id));
  const arity = head.arity;
  const emit = (env: Int32Array): void => {
    for (let k = 0; k < arity; k++) tuple[k] = headKinds[k] === 0 ? env[headOperands[k]] : headOperands[k];
    if (head.insert(tuple)) budget.onDerived();
    budget.tick();
  };
  const atomRelations = rule.body.flatMap((l) => (l.kind === 'positive' ? [store.relations.get(predicateKey(l.atom.predicate, l.atom.args.length))!] : []));
  return {
    plan,
    run: compilePlan(plan, ctx, emit),
    bounds,
    env: new Int32Array(Math.max(1, plan.registers.length)),
    atomRelations,
  };
}

function runVariant(variant: CompiledVariant, range: (rel: Relation, atom: number) => [number, number]): void {
  variant.atomRelations.forEach((rel, atom) => {
    const [lo, hi] = range(rel, atom);
    variant.bounds[2 * atom] = lo;
    variant.bounds[2 * atom + 1] = hi;
  });
  variant.run(variant.env);
}
